using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>
/// Scenario json-schema-2020-12 only lists this tool; a call echoes the arguments. With a raw <c>input_schema</c> the
/// generated input holds the arguments object as a JsonElement.
/// </summary>
public partial class JsonSchema202012ToolHandler
{
    public partial ValueTask<ToolResult> HandleAsync(JsonSchema202012ToolInput input, ToolContext context) =>
        ValueTask.FromResult(ToolResult.Text($"JSON Schema 2020-12 tool called with: {input.Arguments.GetRawText()}"));
}
