using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>Scenario input-required-result-multi-round: two questions one after the other, so two rounds before the result.</summary>
public partial class TestInputRequiredResultMultiRoundHandler
{
    public async partial ValueTask<ToolResult> HandleAsync(TestInputRequiredResultMultiRoundInput input, ToolContext context)
    {
        var name = await context.ElicitAsync("Step 1: What is your name?", Answers.OneString("name"), Fixtures.ClientTimeout, inputKey: "step1");
        var color = await context.ElicitAsync("Step 2: What is your favorite color?", Answers.OneString("color"), Fixtures.ClientTimeout, inputKey: "step2");
        return ToolResult.Text($"Multi-round complete for {Answers.Text(name, "name")} who likes {Answers.Text(color, "color")}");
    }
}
