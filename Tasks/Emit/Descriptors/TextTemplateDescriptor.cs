namespace PForge.Tasks.Emit;

/// <summary>A text template of a cli or http tool: the parts the generated code concatenates, in order.</summary>
public sealed class TextTemplateDescriptor
{
    public required IReadOnlyList<TextPartDescriptor> Parts { get; init; }
}
