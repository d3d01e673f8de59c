namespace PForge.Tasks.Emit;

/// <summary>One prompt: its argument reads and checks, and its messages (or handler).</summary>
public sealed class PromptDescriptor
{
    public required int Index { get; init; }

    public required string Name { get; init; }

    public required IReadOnlyList<PromptArgumentDescriptor> Arguments { get; init; }

    /// <summary>The declared messages; empty with a handler.</summary>
    public required IReadOnlyList<PromptMessageDescriptor> Messages { get; init; }

    /// <summary>The result's description, or null.</summary>
    public required string? Description { get; init; }

    public HandlerDescriptor? Handler { get; init; }

    /// <summary>The scopes a caller needs for it, and the static array of the server holding them; empty when it needs none.</summary>
    public IReadOnlyList<string> Scopes { get; set; } = [];

    public string ScopesField { get; set; } = string.Empty;
}
