using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>
/// Scenario tools-call-error. Throws an ordinary exception on purpose (not <see cref="ToolException"/>): the framework
/// must turn any handler exception into an <c>isError: true</c> result carrying its message, never a JSON-RPC error.
/// </summary>
public partial class TestErrorHandlingHandler
{
    public partial ValueTask<ToolResult> HandleAsync(TestErrorHandlingInput input, ToolContext context) =>
        throw new InvalidOperationException("This tool intentionally returns an error for testing");
}
