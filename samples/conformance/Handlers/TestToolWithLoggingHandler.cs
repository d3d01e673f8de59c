using PForge.Runtime.Client;
using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>
/// Scenario tools-call-with-logging: three <c>notifications/message</c> at level info, 50 ms apart, sent during the call
/// (the suite sets the level to debug first and wants at least three).
/// </summary>
public partial class TestToolWithLoggingHandler
{
    public async partial ValueTask<ToolResult> HandleAsync(TestToolWithLoggingInput input, ToolContext context)
    {
        context.Log(LogLevel.Info, "Tool execution started");
        await Task.Delay(50, context.CancellationToken);
        context.Log(LogLevel.Info, "Tool processing data");
        await Task.Delay(50, context.CancellationToken);
        context.Log(LogLevel.Info, "Tool execution completed");
        return ToolResult.Text("Tool with logging executed successfully");
    }
}
