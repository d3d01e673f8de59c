using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>Scenario input-required-result-basic-elicitation: asks the name under the key <c>user_name</c>.</summary>
public partial class TestInputRequiredResultElicitationHandler
{
    public async partial ValueTask<ToolResult> HandleAsync(TestInputRequiredResultElicitationInput input, ToolContext context)
    {
        var answer = await context.ElicitAsync("What is your name?", Answers.OneString("name"), Fixtures.ClientTimeout, inputKey: "user_name");
        return ToolResult.Text($"Hello, {Answers.Text(answer, "name")}!");
    }
}
