namespace PForge.Tasks.Emit;

/// <summary>A prompt text template: literal text and argument locals, concatenated in order.</summary>
public sealed class PromptTextDescriptor
{
    public required IReadOnlyList<PromptTextPart> Parts { get; init; }
}

/// <summary>Literal text, or an argument's local (which may be null when the argument is optional without default).</summary>
public sealed record PromptTextPart(string? Text, string? Local, bool Nullable)
{
    public bool IsText => Text is not null;
}
