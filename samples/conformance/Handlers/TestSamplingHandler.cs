using PForge.Runtime.Client;
using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>
/// Scenario tools-call-sampling: asks the client's model with <c>sampling/createMessage</c> (one user text message,
/// maxTokens 100) and returns its answer.
/// </summary>
public partial class TestSamplingHandler
{
    public async partial ValueTask<ToolResult> HandleAsync(TestSamplingInput input, ToolContext context)
    {
        if (!context.CanSample)
        {
            return ToolResult.Error("The client does not support sampling");
        }

        var result = await context.SampleAsync(new SamplingRequest(input.Prompt, maxTokens: 100), Fixtures.ClientTimeout);
        return ToolResult.Text($"LLM response: {result.Text ?? "No response"}");
    }
}
