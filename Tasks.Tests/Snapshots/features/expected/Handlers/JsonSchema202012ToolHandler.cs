using System.Threading.Tasks;
using PForge.Runtime.Tools;

namespace Features.Handlers;

/// <summary>Handles tool 'json_schema_2020_12_tool' declared in pforge.yaml. PForge wrote this stub once; it is yours to edit.</summary>
public partial class JsonSchema202012ToolHandler
{
    public partial ValueTask<ToolResult> HandleAsync(JsonSchema202012ToolInput input, ToolContext context)
    {
        // input holds the checked arguments; context.CancellationToken fires when the client cancels.
        throw new ToolException("Tool 'json_schema_2020_12_tool' is not implemented yet");
    }
}
