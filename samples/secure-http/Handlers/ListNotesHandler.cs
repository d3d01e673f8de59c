using PForge.Runtime.Tools;

namespace SecureHttp.Handlers;

/// <summary>Tool 'list_notes': the caller's own notes; another caller's are out of reach, whatever the client sends.</summary>
public partial class ListNotesHandler
{
    public partial async ValueTask<ListNotesOutput> HandleAsync(ListNotesInput input, ToolContext context) =>
        new() { Notes = Notes.Parse(await context.State.GetAsync(Notes.Key(input.Owner))) };
}
