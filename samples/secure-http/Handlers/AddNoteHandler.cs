using PForge.Runtime.Tools;

namespace SecureHttp.Handlers;

/// <summary>Tool 'add_note': appends to the notes of the caller its token names (owner comes from the sub claim).</summary>
public partial class AddNoteHandler
{
    public partial async ValueTask<AddNoteOutput> HandleAsync(AddNoteInput input, ToolContext context)
    {
        var key = Notes.Key(input.Owner);
        string[] notes = [.. Notes.Parse(await context.State.GetAsync(key)), input.Text];
        await context.State.SetAsync(key, Notes.Write(notes));
        return new() { Count = notes.Length };
    }
}
