namespace PForge.Tasks.Emit;

/// <summary>One element of a cli tool's argv: a text template, or the spread of an array parameter, one argument per item.</summary>
public sealed class CliArgumentDescriptor
{
    public required TextTemplateDescriptor Template { get; init; }

    public bool Spread { get; init; }

    /// <summary>True when the items are strings already; numbers and booleans are formatted as text.</summary>
    public bool SpreadStrings { get; init; }

    /// <summary>The members followed from <c>input</c> to the array.</summary>
    public IReadOnlyList<MemberStepDescriptor> Members { get; init; } = [];

    /// <summary>True when the array may be null (it then spreads no argument).</summary>
    public bool MaybeNull { get; init; }
}
