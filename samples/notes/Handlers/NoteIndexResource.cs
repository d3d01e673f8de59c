using PForge.Runtime.Resources;
using PForge.Runtime.Tools;

namespace Notes.Handlers;

public partial class NoteIndexResource
{
    public partial ValueTask<ResourceResult> ReadAsync(NoteIndexResourceRequest request, ToolContext context) =>
        ValueTask.FromResult<ResourceResult>(ResourceContent.FromText(request.Uri, string.Join('\n', NoteStore.Ids), "text/plain"));
}
