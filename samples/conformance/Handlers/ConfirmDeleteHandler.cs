using System.Text.Json;
using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>Scenarios tasks-mrtr-input: the task asks the user and waits, input required, for tasks/update.</summary>
public partial class ConfirmDeleteHandler
{
    private const string Schema = """{"type":"object","properties":{"confirm":{"type":"boolean"}},"required":["confirm"]}""";

    public async partial ValueTask<ToolResult> HandleAsync(ConfirmDeleteInput input, ToolContext context)
    {
        var answer = await context.ElicitAsync($"Delete '{input.Filename}'?", Schema, Fixtures.ClientTimeout);
        return ToolResult.Text(answer.Action == "accept" && Confirmed(answer.ContentJson) ? $"deleted '{input.Filename}'" : $"kept '{input.Filename}'");
    }

    internal static bool Confirmed(string? content)
    {
        if (content is null)
        {
            return false;
        }

        using var document = JsonDocument.Parse(content);
        return document.RootElement.TryGetProperty("confirm"u8, out var confirm) && confirm.ValueKind == JsonValueKind.True;
    }
}
