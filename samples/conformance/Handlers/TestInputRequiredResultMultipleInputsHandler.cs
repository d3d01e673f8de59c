using PForge.Runtime.Client;
using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>
/// Scenario input-required-result-multiple-input-requests: three questions asked before awaiting any of them go out
/// in one input required result (elicitation, sampling and roots/list).
/// </summary>
public partial class TestInputRequiredResultMultipleInputsHandler
{
    public async partial ValueTask<ToolResult> HandleAsync(TestInputRequiredResultMultipleInputsInput input, ToolContext context)
    {
        var name = context.ElicitAsync("What is your name?", Answers.OneString("name"), Fixtures.ClientTimeout, inputKey: "user_name");
        var greeting = context.SampleAsync(new SamplingRequest("Generate a greeting", maxTokens: 50), Fixtures.ClientTimeout, inputKey: "greeting");
        var roots = context.ListRootsAsync(Fixtures.ClientTimeout, inputKey: "client_roots");
        return ToolResult.Text($"Name: {Answers.Text(await name, "name")}; Greeting: {(await greeting).Text ?? "Hello there!"}; Roots: {(await roots).Roots.Count}");
    }
}
