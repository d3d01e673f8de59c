namespace PForge.Tasks.Emit;

/// <summary>A value of a pipeline step's input, written as JSON from literals and the pipeline's variables.</summary>
public sealed class StepValueDescriptor
{
    /// <summary>
    /// <c>object</c>, <c>array</c>, a literal (<c>null</c>, <c>boolean</c>, <c>integer</c>, <c>number</c>, <c>string</c>),
    /// <c>variable</c> (exactly one <c>{{x}}</c>: its JSON value passes through) or <c>text</c> (text and variables).
    /// </summary>
    public required string Kind { get; init; }

    public IReadOnlyList<StepMemberDescriptor> Members { get; init; } = [];

    public IReadOnlyList<StepValueDescriptor> Items { get; init; } = [];

    /// <summary>A literal's value: a bool, long, double or string.</summary>
    public object? Value { get; init; }

    /// <summary>For variables: the variable's name, then the members followed into it.</summary>
    public IReadOnlyList<string> Path { get; init; } = [];

    public IReadOnlyList<StepTextPartDescriptor> Parts { get; init; } = [];
}

/// <summary>A member of a step input's object.</summary>
public sealed record StepMemberDescriptor(string Name, StepValueDescriptor Value);

/// <summary>Literal text (<see cref="Text"/> not null), or a variable's value as text or JSON (<see cref="Path"/>: name, then members).</summary>
public sealed record StepTextPartDescriptor(string? Text, IReadOnlyList<string> Path, bool Json)
{
    public bool IsText => Text is not null;
}
