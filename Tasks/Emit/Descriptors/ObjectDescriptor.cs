namespace PForge.Tasks.Emit;

/// <summary>A generated record with its reader (inputs) or writer (outputs).</summary>
public sealed class ObjectDescriptor
{
    public required string ClassName { get; init; }

    /// <summary>Its doc comment, as plain text.</summary>
    public required string Summary { get; init; }

    public required bool IsOutput { get; init; }

    /// <summary>A tool's input or output: a record struct, so that a call allocates none; nested objects are records.</summary>
    public bool IsRoot { get; init; }

    public required IReadOnlyList<FieldDescriptor> Fields { get; init; }

    public required IReadOnlyList<PatternDescriptor> Patterns { get; init; }
}
