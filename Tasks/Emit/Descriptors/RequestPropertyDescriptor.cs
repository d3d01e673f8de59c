namespace PForge.Tasks.Emit;

/// <summary>A string property of a generated request or arguments class.</summary>
public sealed class RequestPropertyDescriptor
{
    public required string PropertyName { get; init; }

    /// <summary>Its doc comment, as plain text.</summary>
    public required string Summary { get; init; }

    /// <summary>True for an optional prompt argument without default: the property is a <c>string?</c>.</summary>
    public bool Nullable { get; init; }

    public bool Required => !Nullable;
}
