using PForge.Runtime.Tools;

namespace Counter.Handlers;

/// <summary>Tool 'count_slowly': one increment per delay; cancellable between steps, so a cancelled task stops counting.</summary>
public partial class CountSlowlyHandler
{
    public partial async ValueTask<CountSlowlyOutput> HandleAsync(CountSlowlyInput input, ToolContext context)
    {
        long value = 0;
        for (var step = 0; step < input.Steps; step++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(input.DelayMs), context.CancellationToken);
            value = await context.State.IncrementAsync(input.Key, 1, context.CancellationToken);
        }

        return new() { Value = value };
    }
}
