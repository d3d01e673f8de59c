using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>
/// Scenario tools-call-with-progress: progress 0, 50 and 100 of 100, 50 ms apart, when the call carries
/// <c>_meta.progressToken</c> (the suite's client sends its integer request id as the token).
/// </summary>
public partial class TestToolWithProgressHandler
{
    public async partial ValueTask<ToolResult> HandleAsync(TestToolWithProgressInput input, ToolContext context)
    {
        for (var step = 0; step <= 100; step += 50)
        {
            if (step > 0)
            {
                await Task.Delay(50, context.CancellationToken);
            }

            if (context.CanReportProgress)
            {
                context.ReportProgress(step, 100);
            }
        }

        return ToolResult.Text("Tool with progress executed successfully");
    }
}
