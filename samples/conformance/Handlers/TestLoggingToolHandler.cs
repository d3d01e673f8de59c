using PForge.Runtime.Client;
using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>Scenario server-stateless: logs at info, which only a request naming a log level in its <c>_meta</c> gets.</summary>
public partial class TestLoggingToolHandler
{
    public partial ValueTask<ToolResult> HandleAsync(TestLoggingToolInput input, ToolContext context)
    {
        context.Log(LogLevel.Info, "Diagnostic trace logging activated");
        return ValueTask.FromResult(ToolResult.Text("Logging evaluated"));
    }
}
