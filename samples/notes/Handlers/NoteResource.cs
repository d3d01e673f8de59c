using PForge.Runtime.Protocol;
using PForge.Runtime.Resources;
using PForge.Runtime.Tools;

namespace Notes.Handlers;

public partial class NoteResource
{
    public partial ValueTask<ResourceResult> ReadAsync(NoteResourceRequest request, ToolContext context)
    {
        // request.Id is the {id} of notes://{id}, percent-decoded; an unknown id answers -32002.
        var text = NoteStore.Find(request.Id) ?? throw McpException.ResourceNotFound(request.Uri);
        return ValueTask.FromResult<ResourceResult>(ResourceContent.FromText(request.Uri, text, "text/plain"));
    }
}
