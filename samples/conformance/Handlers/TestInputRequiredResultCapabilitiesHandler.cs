using PForge.Runtime.Client;
using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>
/// Scenario input-required-result-capability-check: asks only what the request's clientCapabilities declare
/// (<see cref="ToolContext.CanElicit"/> and <see cref="ToolContext.CanSample"/> read them in 2026-07-28).
/// </summary>
public partial class TestInputRequiredResultCapabilitiesHandler
{
    public async partial ValueTask<ToolResult> HandleAsync(TestInputRequiredResultCapabilitiesInput input, ToolContext context)
    {
        var elicit = context.CanElicit ? context.ElicitAsync("Elicitation input", Answers.OneString("value"), Fixtures.ClientTimeout, inputKey: "elicit_input") : null;
        var sample = context.CanSample ? context.SampleAsync(new SamplingRequest("Sample request", maxTokens: 50), Fixtures.ClientTimeout, inputKey: "sample_input") : null;
        if (elicit is null && sample is null)
        {
            return ToolResult.Text("No supported capabilities declared");
        }

        var received = new List<string>();
        if (elicit is not null)
        {
            await elicit;
            received.Add("elicit_input");
        }

        if (sample is not null)
        {
            await sample;
            received.Add("sample_input");
        }

        return ToolResult.Text($"capabilities-ok: received {string.Join(',', received)}");
    }
}
