using PForge.Runtime.Client;
using PForge.Runtime.Tools;

namespace Notes.Handlers;

public partial class AddNoteHandler
{
    public partial ValueTask<ToolResult> HandleAsync(AddNoteInput input, ToolContext context)
    {
        var isNew = NoteStore.Save(input.Id, input.Text);

        // Sessions subscribed to the note, or to the index when the note is new, hear of the change.
        context.Server.ResourceUpdated("notes://" + input.Id);
        if (isNew)
        {
            context.Server.ResourceUpdated("notes://index");
        }

        context.Log(LogLevel.Info, $"saved note '{input.Id}'", logger: "notes");
        return ValueTask.FromResult(ToolResult.Text(isNew ? $"Saved note '{input.Id}'." : $"Replaced note '{input.Id}'."));
    }
}
