namespace PForge.Tasks.Emit;

/// <summary>One part of a text template: literal text, an environment variable, or a member of the input.</summary>
public sealed class TextPartDescriptor
{
    /// <summary><c>text</c>, <c>env</c>, <c>value</c>, or <c>none</c> (a member dropped after a reported error: an empty string).</summary>
    public required string Kind { get; init; }

    public string Text { get; init; } = string.Empty;

    /// <summary>For http endpoints: the runtime check of a value, <c>PathSegment</c> or <c>Host</c>; empty for none.</summary>
    public string Wrapper { get; init; } = string.Empty;

    public string EnvName { get; init; } = string.Empty;

    public string? EnvFallback { get; init; }

    /// <summary>For values: the members followed from <c>input</c>.</summary>
    public IReadOnlyList<MemberStepDescriptor> Members { get; init; } = [];

    /// <summary>True for <c>{{json x}}</c>: the value JSON-encoded, else as text.</summary>
    public bool Json { get; init; }

    /// <summary><c>plain</c>, <c>path</c> (<see cref="JsonPath"/> followed into an untyped value) or <c>writer</c> (a record or list written by <see cref="Writer"/>).</summary>
    public string Format { get; init; } = "plain";

    public IReadOnlyList<string> JsonPath { get; init; } = [];

    /// <summary>The static method that writes the value as JSON, as <c>Class.Method</c> in the root namespace.</summary>
    public string Writer { get; init; } = string.Empty;
}

/// <summary>A member followed from the input: its property, and whether it is reached with <c>?.</c> (the one before may be null).</summary>
public sealed record MemberStepDescriptor(string Property, bool Conditional);
