using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>Scenario tools-call-simple-text (called with no <c>arguments</c> member at all).</summary>
public partial class TestSimpleTextHandler
{
    public partial ValueTask<ToolResult> HandleAsync(TestSimpleTextInput input, ToolContext context) =>
        ValueTask.FromResult(ToolResult.Text("This is a simple text response for testing."));
}
