using System.Text;
using PForge.Runtime.Client;
using PForge.Runtime.Completion;
using PForge.Runtime.Content;
using PForge.Runtime.Prompts;
using PForge.Runtime.Protocol;
using PForge.Runtime.Resources;
using PForge.Runtime.Server;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Tests.Support;

/// <summary>
/// A hand-written definition shaped like generated code, for the MCP surface beyond tools: resources, templates,
/// prompts, completion, paging (page size 2), and tools that log, sample, elicit, send content blocks and notify.
/// </summary>
internal sealed class FeatureServer : McpServerDefinition
{
    private static readonly byte[] Tools = Encoding.UTF8.GetBytes(
        """{"tools":[{"name":"log","inputSchema":{"type":"object","properties":{}}},{"name":"sample","inputSchema":{"type":"object","properties":{}}},"""
        + """{"name":"elicit","inputSchema":{"type":"object","properties":{}}},{"name":"content","inputSchema":{"type":"object","properties":{}}},"""
        + """{"name":"notify","inputSchema":{"type":"object","properties":{}}}]}""");

    private static readonly byte[] Resources = Encoding.UTF8.GetBytes(
        """{"resources":[{"uri":"test://text","name":"text","mimeType":"text/plain"},{"uri":"test://bin","name":"bin","mimeType":"image/png"},"""
        + """{"uri":"test://watched","name":"watched"}]}""");

    private static readonly byte[] Templates = Encoding.UTF8.GetBytes(
        """{"resourceTemplates":[{"uriTemplate":"notes://{id}","name":"note","mimeType":"text/plain"}]}""");

    private static readonly byte[] Prompts = Encoding.UTF8.GetBytes(
        """{"prompts":[{"name":"greet","arguments":[{"name":"name","required":true},{"name":"style","required":false}]}]}""");

    public override ReadOnlySpan<byte> ServerInfoJson => """{"name":"features","version":"1.0.0"}"""u8;

    public override ReadOnlySpan<byte> CapabilitiesJson => """{"tools":{"listChanged":true},"resources":{"subscribe":true,"listChanged":true},"prompts":{"listChanged":true},"logging":{},"completions":{}}"""u8;

    public override string? Instructions => null;

    public override ReadOnlySpan<byte> ToolsListJson => Tools;

    public override ReadOnlySpan<byte> ResourcesListJson => Resources;

    public override ReadOnlySpan<byte> ResourceTemplatesListJson => Templates;

    public override ReadOnlySpan<byte> PromptsListJson => Prompts;

    public override int PageSize => 2;

    public override string Name => "features";

    public override string Version => "1.0.0";

    /// <summary>How long the <c>sample</c> tool waits for the client.</summary>
    public TimeSpan SampleTimeout { get; set; } = TestTimeouts.Wait;

    public override int FindTool(ReadOnlySpan<char> name) => name switch
    {
        "log" => 0,
        "sample" => 1,
        "elicit" => 2,
        "content" => 3,
        "notify" => 4,
        "roots" => 5, // not listed: the paging tests count the list
        _ => -1,
    };

    public override ValueTask<ToolResult> CallToolAsync(int tool, ReadOnlySpan<byte> arguments, ToolContext context)
    {
        switch (tool)
        {
            case 0:
                context.Log(LogLevel.Debug, "first");
                context.Log(LogLevel.Info, "second", logger: "tests");
                context.Log(LogLevel.Error, "third");
                return new(ToolResult.Text("logged"));
            case 1:
                return ToolResult.FromPending(SampleAsync(context));
            case 5:
                return ToolResult.FromPending(RootsAsync(context));
            case 2:
                return ToolResult.FromPending(ElicitAsync(context));
            case 3:
                return new(ToolResult.Content(
                    ContentBlock.Text("mixed"),
                    ContentBlock.Image([1, 2, 3], "image/png"),
                    ContentBlock.Audio("UklG", "audio/wav"),
                    ContentBlock.Resource(ResourceContent.FromText("test://text", "hello", "text/plain")),
                    ContentBlock.ResourceLink("test://bin", "bin", "image/png")));
            case 4:
                context.Server.ResourceUpdated("test://watched");
                context.Server.ToolsListChanged();
                return new(ToolResult.Text("notified"));
            default:
                throw new ArgumentOutOfRangeException(nameof(tool), tool, "No tool has this index.");
        }
    }

    public override ResourceMatch FindResource(string uri) => uri switch
    {
        "test://text" or "test://bin" => ResourceMatch.Readable,
        "test://watched" => ResourceMatch.Subscribable,
        _ when uri.StartsWith("notes://", StringComparison.Ordinal) => ResourceMatch.Readable,
        _ => ResourceMatch.None,
    };

    public override ValueTask<ResourceResult?> ReadResourceAsync(string uri, ToolContext context) => uri switch
    {
        "test://text" => new(ResourceContent.FromText(uri, "hello", "text/plain")),
        "test://bin" => new(ResourceContent.FromBytes(uri, [1, 2, 3], "image/png")),
        "test://watched" => new(ResourceContent.FromText(uri, "watched")),
        "test://broken" => throw new InvalidOperationException("the disk is gone"),
        _ when uri.StartsWith("notes://", StringComparison.Ordinal) => ReadNoteAsync(uri),
        _ => new((ResourceResult?)null),
    };

    public override int FindPrompt(ReadOnlySpan<char> name) => name switch
    {
        "greet" => 0,
        _ => -1,
    };

    public override ValueTask<PromptResult> GetPromptAsync(int prompt, IReadOnlyDictionary<string, string> arguments, ToolContext context)
    {
        if (!arguments.TryGetValue("name", out var name))
        {
            throw new McpException(McpErrorCodes.InvalidParams, "Missing required argument 'name' of prompt 'greet'");
        }

        var style = arguments.TryGetValue("style", out var s) ? s : "friendly";
        return new(new PromptResult([PromptMessage.User($"Greet {name} in a {style} way."), PromptMessage.Assistant("Hello!")], "A greeting"));
    }

    public override ValueTask<CompletionResult> CompleteAsync(CompletionRequest request, ToolContext context) =>
        request is { IsPrompt: true, Reference: "greet", ArgumentName: "style" }
            ? new(CompletionResult.FromCandidates(["formal", "friendly", "funny"], request.Value))
            : throw new McpException(McpErrorCodes.InvalidParams, $"Invalid params: nothing to complete for {request.Reference}/{request.ArgumentName}");

    private static async ValueTask<ResourceResult?> ReadNoteAsync(string uri)
    {
        await Task.Yield();
        return uri == "notes://missing" ? null : new ResourceResult(ResourceContent.FromText(uri, "note " + uri["notes://".Length..], "text/plain"));
    }

    private async ValueTask<ToolResult> SampleAsync(ToolContext context)
    {
        var answer = await context.SampleAsync(new SamplingRequest("hi", 100), SampleTimeout);
        return $"LLM said: {answer.Text} ({answer.Model}, {answer.StopReason})";
    }

    private static async ValueTask<ToolResult> RootsAsync(ToolContext context)
    {
        var answer = await context.ListRootsAsync();
        return string.Join(", ", answer.Roots.Select(root => $"{root.Uri} ({root.Name ?? "no name"})"));
    }

    private static async ValueTask<ToolResult> ElicitAsync(ToolContext context)
    {
        // Written over several lines, as users write schemas: the request must still be one line.
        var answer = await context.ElicitAsync("Your name?", """
            {
              "type": "object",
              "properties": { "name": { "type": "string" } },
              "required": ["name"]
            }
            """);
        return $"action={answer.Action}, content={answer.ContentJson ?? "none"}";
    }
}
