using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>
/// Scenario input-required-result-tampered-state: the runtime seals requestState with HMAC-SHA256 and answers a
/// changed one -32602 before the handler runs again.
/// </summary>
public partial class TestInputRequiredResultTamperedStateHandler
{
    public async partial ValueTask<ToolResult> HandleAsync(TestInputRequiredResultTamperedStateInput input, ToolContext context)
    {
        await context.ElicitAsync("Please confirm", Confirmation.Schema, Fixtures.ClientTimeout, inputKey: "confirm");
        return ToolResult.Text("integrity-ok: state verified");
    }
}
