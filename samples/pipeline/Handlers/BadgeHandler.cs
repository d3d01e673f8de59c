using PForge.Runtime.Tools;

namespace Pipeline.Handlers;

/// <summary>Handles tool 'badge' declared in pforge.yaml.</summary>
public partial class BadgeHandler
{
    public partial ValueTask<ToolResult> HandleAsync(BadgeInput input, ToolContext context) =>
        ValueTask.FromResult<ToolResult>(input.Style == "fancy"
            ? $"*** {input.User.Name} ({input.User.Age}) ***"
            : $"{input.User.Name} ({input.User.Age})");
}
