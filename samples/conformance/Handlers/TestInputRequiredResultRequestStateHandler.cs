using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>
/// Scenario input-required-result-request-state: asks for a confirmation; the runtime's sealed requestState carries
/// the rounds, so the handler holds no state of its own.
/// </summary>
public partial class TestInputRequiredResultRequestStateHandler
{
    public async partial ValueTask<ToolResult> HandleAsync(TestInputRequiredResultRequestStateInput input, ToolContext context)
    {
        var answer = await context.ElicitAsync("Please confirm", Confirmation.Schema, Fixtures.ClientTimeout, inputKey: "confirm");
        return Answers.Ok(answer) ? ToolResult.Text("state-ok: requestState validated") : ToolResult.Error("The confirmation was not given");
    }
}
