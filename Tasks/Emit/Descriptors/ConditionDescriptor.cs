namespace PForge.Tasks.Emit;

/// <summary>A pipeline step's condition over the variables, evaluated at run time by the runtime's <c>PipelineFormat</c>.</summary>
public sealed class ConditionDescriptor
{
    /// <summary><c>truthy</c> (<see cref="Path"/>), <c>not</c> (<see cref="Inner"/>), <c>and</c>, <c>or</c> (<see cref="Left"/>, <see cref="Right"/>) or <c>compare</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The variable's name, then the members followed into it.</summary>
    public IReadOnlyList<string> Path { get; init; } = [];

    public ConditionDescriptor? Inner { get; init; }

    public ConditionDescriptor? Left { get; init; }

    public ConditionDescriptor? Right { get; init; }

    /// <summary>For comparisons: the member of the runtime's <c>PipelineComparison</c> (<c>Equal</c>, <c>Less</c> …) and its operands.</summary>
    public string Comparison { get; init; } = string.Empty;

    public OperandDescriptor? LeftOperand { get; init; }

    public OperandDescriptor? RightOperand { get; init; }
}

/// <summary>An operand of a comparison: a variable (<c>path</c>) or a literal (<c>null</c>, <c>boolean</c>, <c>number</c>, <c>string</c>).</summary>
public sealed record OperandDescriptor(string Kind, IReadOnlyList<string> Path, object? Value);
