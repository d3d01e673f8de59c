namespace PForge.Tasks.Emit;

/// <summary>A pipeline tool's steps.</summary>
public sealed class PipelineDescriptor
{
    public required IReadOnlyList<PipelineStepDescriptor> Steps { get; init; }
}
