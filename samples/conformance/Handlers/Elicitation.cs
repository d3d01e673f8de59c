using PForge.Runtime.Client;
using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>What the three elicitation tools share: the capability check and the text of the answer.</summary>
internal static class Elicitation
{
    /// <summary>Sends <c>elicitation/create</c> and describes the answer as <c>"{prefix}: action=…, content={…}"</c>.</summary>
    public static async ValueTask<ToolResult> AskAsync(ToolContext context, string message, string requestedSchemaJson, string prefix)
    {
        if (!context.CanElicit)
        {
            return ToolResult.Error("The client does not support elicitation");
        }

        ElicitationResult result = await context.ElicitAsync(message, requestedSchemaJson, Fixtures.ClientTimeout);
        return ToolResult.Text($"{prefix}: action={result.Action}, content={result.ContentJson ?? "{}"}");
    }
}
