using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>Scenarios tasks-*: a task that works for a while and stops when cancelled.</summary>
public partial class SlowComputeHandler
{
    public async partial ValueTask<ToolResult> HandleAsync(SlowComputeInput input, ToolContext context)
    {
        if (input.Seconds <= 0)
        {
            return ToolResult.Text($"Computation \"{input.Label}\" completed instantly. Result: 42.");
        }

        for (var second = 1; second <= input.Seconds; second++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), context.CancellationToken);
            context.ReportProgress(second, input.Seconds);
        }

        return ToolResult.Text($"Computation \"{input.Label}\" completed after {input.Seconds} seconds. Result: 42.");
    }
}
