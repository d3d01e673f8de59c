using PForge.Runtime.Client;
using PForge.Runtime.Tools;

namespace Notes.Handlers;

public partial class SuggestTitleHandler
{
    public async partial ValueTask<ToolResult> HandleAsync(SuggestTitleInput input, ToolContext context)
    {
        var note = NoteStore.Find(input.Id) ?? throw new ToolException($"No note '{input.Id}'");
        if (!context.CanSample)
        {
            return ToolResult.Error("This client cannot sample, so no title was suggested");
        }

        // sampling/createMessage goes to the client, which asks its model; the answer comes back here.
        var answer = await context.SampleAsync(
            new SamplingRequest($"Suggest a title of at most six words for this note:\n{note}", maxTokens: 30) { SystemPrompt = "You write short titles." },
            timeout: TimeSpan.FromSeconds(30));
        return ToolResult.Text(answer.Text?.Trim() ?? "The model answered without text");
    }
}
