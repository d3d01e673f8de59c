using System.Text;
using PForge.Runtime.Tools;

namespace Notes.Handlers;

public partial class ExportNotesHandler
{
    public async partial ValueTask<ToolResult> HandleAsync(ExportNotesInput input, ToolContext context)
    {
        var ids = NoteStore.Ids;
        var export = new StringBuilder();
        for (var i = 0; i < ids.Count; i++)
        {
            // Stops when the client cancels the call (its response is then dropped).
            context.CancellationToken.ThrowIfCancellationRequested();
            export.Append("# ").AppendLine(ids[i]).AppendLine(NoteStore.Find(ids[i]));

            // Reaches the client only when it sent a progress token; values must increase.
            context.ReportProgress(i + 1, ids.Count, $"exported '{ids[i]}'");
            await Task.Yield();
        }

        return ToolResult.Text(ids.Count == 0 ? "No notes." : export.ToString());
    }
}
