namespace PForge.Tasks.Emit;

/// <summary>One step: the tool's registry index, the statements writing its input, its variable, condition and policy.</summary>
public sealed class PipelineStepDescriptor
{
    public required string Tool { get; init; }

    /// <summary>The step tool's index, filled in once every tool has one.</summary>
    public int ToolIndex { get; set; } = -1;

    /// <summary>Compiled statements over <c>writer</c> and <c>variables</c> (see <see cref="PipelineCompiler"/>).</summary>
    public required IReadOnlyList<string> InputStatements { get; init; }

    /// <summary>The variable that keeps the step's output, or null.</summary>
    public required string? OutputVariable { get; init; }

    /// <summary>A compiled lambda over <c>variables</c>, or null.</summary>
    public required string? Condition { get; init; }

    public required bool ContinueOnError { get; init; }
}
