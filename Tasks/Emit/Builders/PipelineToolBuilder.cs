using PForge.Tasks.Config;

namespace PForge.Tasks.Emit;

/// <summary>The steps of a pipeline tool: each step's input statements and condition compiled, its tool index filled in later.</summary>
internal static class PipelineToolBuilder
{
    public static PipelineDescriptor Build(PipelineConfig pipeline) => new()
    {
        Steps = [.. pipeline.Steps.Select(step => new PipelineStepDescriptor
        {
            Tool = step.Tool,
            InputStatements = PipelineCompiler.Input(step.Input),
            OutputVariable = step.OutputVar,
            Condition = step.Condition is null ? null : PipelineCompiler.Condition(step.Condition),
            ContinueOnError = step.ContinueOnError,
        })],
    };
}
