using PForge.Runtime.Tools;

namespace ArgumentsFixture.Handlers;

/// <summary>Handles tool 'shape': the property tests read its arguments; a call only says what came.</summary>
public partial class ShapeHandler
{
    public partial ValueTask<ToolResult> HandleAsync(ShapeInput input, ToolContext context) =>
        ValueTask.FromResult(ToolResult.Text($"{input.Name} {input.Count}"));
}
