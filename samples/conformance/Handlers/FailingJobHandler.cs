using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>Scenario tasks-lifecycle: a tool error ends the task completed, with isError in its result.</summary>
public partial class FailingJobHandler
{
    public async partial ValueTask<ToolResult> HandleAsync(FailingJobInput input, ToolContext context)
    {
        await Task.Delay(TimeSpan.FromSeconds(1), context.CancellationToken);
        return ToolResult.Error("simulated failure: job crashed");
    }
}
