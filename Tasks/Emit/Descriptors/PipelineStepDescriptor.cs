namespace PForge.Tasks.Emit;

/// <summary>One step: the tool's registry index, its input, output variable and condition.</summary>
public sealed class PipelineStepDescriptor
{
    public required string Tool { get; init; }

    /// <summary>The step tool's index, filled in once every tool has one.</summary>
    public int ToolIndex { get; set; } = -1;

    /// <summary>The step's input object.</summary>
    public required StepValueDescriptor Input { get; init; }

    /// <summary>The variable that keeps the step's output, or null.</summary>
    public required string? OutputVariable { get; init; }

    /// <summary>The condition that runs the step, or null (always).</summary>
    public required ConditionDescriptor? Condition { get; init; }

    public required bool ContinueOnError { get; init; }
}
