using PForge.Runtime.Tools;

namespace Counter.Handlers;

/// <summary>Tool 'increment': one atomic increment in the state store, so concurrent calls and instances lose nothing.</summary>
public partial class IncrementHandler
{
    public partial async ValueTask<IncrementOutput> HandleAsync(IncrementInput input, ToolContext context) =>
        new() { Value = await context.State.IncrementAsync(input.Key, input.By) };
}
