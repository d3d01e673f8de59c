using PForge.Runtime.Client;
using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>Scenario input-required-result-basic-sampling: asks the model under the key <c>capital_question</c>.</summary>
public partial class TestInputRequiredResultSamplingHandler
{
    public async partial ValueTask<ToolResult> HandleAsync(TestInputRequiredResultSamplingInput input, ToolContext context)
    {
        var answer = await context.SampleAsync(new SamplingRequest("What is the capital of France?", maxTokens: 100), Fixtures.ClientTimeout, inputKey: "capital_question");
        return ToolResult.Text($"Sampling result: {answer.Text ?? "no response"}");
    }
}
