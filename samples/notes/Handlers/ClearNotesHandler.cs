using System.Text.Json;
using PForge.Runtime.Tools;

namespace Notes.Handlers;

public partial class ClearNotesHandler
{
    private const string ConfirmSchema = """
        {"type":"object","properties":{"confirm":{"type":"boolean","title":"Delete every note?","default":false}},"required":["confirm"]}
        """;

    public async partial ValueTask<ToolResult> HandleAsync(ClearNotesInput input, ToolContext context)
    {
        if (!context.CanElicit)
        {
            return ToolResult.Error("This client cannot ask the user to confirm, so nothing was deleted");
        }

        // elicitation/create shows the user a form with this schema; the answer says accept, decline or cancel.
        var answer = await context.ElicitAsync($"Delete all {NoteStore.Ids.Count} notes?", ConfirmSchema);
        using var content = JsonDocument.Parse(answer.ContentJson ?? "{}");
        var confirmed = answer.Action == "accept"
            && content.RootElement.TryGetProperty("confirm", out var confirm) && confirm.ValueKind == JsonValueKind.True;
        if (!confirmed)
        {
            return ToolResult.Text("Nothing was deleted.");
        }

        NoteStore.Clear();
        context.Server.ResourceUpdated("notes://index");
        return ToolResult.Text("Every note was deleted.");
    }
}
