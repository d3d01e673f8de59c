using PForge.Runtime.Tools;

namespace SecureHttp.Handlers;

/// <summary>Tool 'purge_notes' (scope admin): deletes one caller's notes and says how many there were.</summary>
public partial class PurgeNotesHandler
{
    public partial async ValueTask<PurgeNotesOutput> HandleAsync(PurgeNotesInput input, ToolContext context)
    {
        var key = Notes.Key(input.Subject);
        var deleted = Notes.Parse(await context.State.GetAsync(key)).Length;
        await context.State.DeleteAsync(key);
        return new() { Deleted = deleted };
    }
}
