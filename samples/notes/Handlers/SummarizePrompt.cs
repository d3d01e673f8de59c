using PForge.Runtime.Content;
using PForge.Runtime.Prompts;
using PForge.Runtime.Protocol;
using PForge.Runtime.Resources;
using PForge.Runtime.Tools;

namespace Notes.Handlers;

public partial class SummarizePrompt
{
    public partial ValueTask<PromptResult> GetAsync(SummarizePromptArguments arguments, ToolContext context)
    {
        // The build checked that id is given and that style is short or detailed (its default: short).
        var note = NoteStore.Find(arguments.Id) ?? throw new McpException(McpErrorCodes.InvalidParams, $"No note '{arguments.Id}'");
        var length = arguments.Style == "detailed" ? "a detailed summary" : "one sentence";
        return ValueTask.FromResult(new PromptResult(
            [
                new PromptMessage(Role.User, ContentBlock.Resource(ResourceContent.FromText("notes://" + arguments.Id, note, "text/plain"))),
                PromptMessage.User($"Summarize the note above in {length}."),
            ],
            description: $"Summary of note '{arguments.Id}'"));
    }
}
