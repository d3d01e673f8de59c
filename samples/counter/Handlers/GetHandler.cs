using System.Globalization;
using PForge.Runtime.Tools;

namespace Counter.Handlers;

/// <summary>Tool 'get': the counter's value; a counter never incremented (or deleted) reads 0.</summary>
public partial class GetHandler
{
    public partial async ValueTask<GetOutput> HandleAsync(GetInput input, ToolContext context)
    {
        var text = await context.State.GetAsync(input.Key);
        return new() { Value = text is null ? 0 : long.Parse(text, CultureInfo.InvariantCulture) };
    }
}
