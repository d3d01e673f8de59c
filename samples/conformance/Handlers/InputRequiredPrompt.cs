using PForge.Runtime.Prompts;
using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>Scenario input-required-result-non-tool-request: prompts/get answers input_required too, asking under <c>user_context</c>.</summary>
public partial class InputRequiredPrompt
{
    public async partial ValueTask<PromptResult> GetAsync(InputRequiredPromptArguments arguments, ToolContext context)
    {
        var answer = await context.ElicitAsync("What context should the prompt use?", Answers.OneString("context"), Fixtures.ClientTimeout, inputKey: "user_context");
        return new PromptResult([PromptMessage.User($"Prompt with context: {Answers.Text(answer, "context")}")]);
    }
}
