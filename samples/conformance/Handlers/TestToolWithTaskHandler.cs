using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>
/// Scenario tasks-mrtr-composition: the call asks for a name (input required), and the retry that answers it continues
/// as a task, which runs the handler again with the same answer.
/// </summary>
public partial class TestToolWithTaskHandler
{
    public async partial ValueTask<ToolResult> HandleAsync(TestToolWithTaskInput input, ToolContext context)
    {
        var name = Answers.Text(await context.ElicitAsync("What is your name?", Answers.OneString("name"), Fixtures.ClientTimeout, inputKey: "user_name"), "name");
        context.ContinueAsTask();
        await Task.Delay(TimeSpan.FromMilliseconds(50), context.CancellationToken);
        return ToolResult.Text($"Hello, {name}! (computed in task)");
    }
}
