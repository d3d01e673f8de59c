using PForge.Runtime.Completion;
using PForge.Runtime.Tools;

namespace Notes.Handlers;

public partial class NoteIdCompletions
{
    // Called for arguments with no enum: the id of the summarize prompt and of the notes://{id} template.
    public partial ValueTask<CompletionResult> CompleteAsync(CompletionRequest request, ToolContext context) =>
        ValueTask.FromResult(request.ArgumentName == "id"
            ? CompletionResult.FromCandidates(NoteStore.Ids, request.Value)
            : CompletionResult.Empty);
}
