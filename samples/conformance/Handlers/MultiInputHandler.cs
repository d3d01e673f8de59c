using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>Scenario tasks-mrtr-input: two questions asked before either is awaited wait together; each answer takes one.</summary>
public partial class MultiInputHandler
{
    private const string ConfirmSchema = """{"type":"object","properties":{"confirm":{"type":"boolean"}},"required":["confirm"]}""";

    public async partial ValueTask<ToolResult> HandleAsync(MultiInputInput input, ToolContext context)
    {
        var name = context.ElicitAsync("Enter your name:", Answers.OneString("name"), Fixtures.ClientTimeout);
        var confirm = context.ElicitAsync("Confirm action?", ConfirmSchema, Fixtures.ClientTimeout);
        return ToolResult.Text($"name=\"{Answers.Text(await name, "name")}\" confirmed={(ConfirmDeleteHandler.Confirmed((await confirm).ContentJson) ? "true" : "false")}");
    }
}
