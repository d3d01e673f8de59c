using System.Text.Json;

namespace PForge.Runtime.Tools.Pipeline;

/// <summary>Writes a step's input object from the variables; compiled from the step's templates at build time.</summary>
public delegate void PipelineInputWriter(Utf8JsonWriter writer, PipelineVariables variables);

/// <summary>One step of a pipeline, as the generated server declares it.</summary>
public sealed class PipelineStep
{
    /// <summary>The step tool's name, for the result.</summary>
    public required string ToolName { get; init; }

    /// <summary>The step tool's index in the server's registry.</summary>
    public required int ToolIndex { get; init; }

    public required PipelineInputWriter Input { get; init; }

    /// <summary>The variable the step's output is kept in, or null.</summary>
    public string? OutputVariable { get; init; }

    /// <summary>The compiled condition, or null to always run.</summary>
    public Func<PipelineVariables, bool>? Condition { get; init; }

    /// <summary>True for <c>error_policy: continue</c>: a failed step is recorded and the next one runs.</summary>
    public bool ContinueOnError { get; init; }
}
