using PForge.Runtime.Client;
using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>
/// Scenario server-stateless: needs sampling. A 2026-07-28 request without it in its clientCapabilities is answered
/// -32021 with <c>data.requiredCapabilities.sampling</c> (HTTP 400) by the runtime.
/// </summary>
public partial class TestMissingCapabilityHandler
{
    public async partial ValueTask<ToolResult> HandleAsync(TestMissingCapabilityInput input, ToolContext context)
    {
        await context.SampleAsync(new SamplingRequest("Say hello", maxTokens: 10), Fixtures.ClientTimeout);
        return ToolResult.Text("Success");
    }
}
