namespace PForge.Tasks.Emit;

/// <summary>Declared values that complete one prompt argument or template variable.</summary>
public sealed class CompletionDescriptor
{
    public required bool IsPrompt { get; init; }

    /// <summary>The prompt name or URI template.</summary>
    public required string Reference { get; init; }

    public required string Argument { get; init; }

    public required string Field { get; init; }

    public required IReadOnlyList<string> Values { get; init; }
}
