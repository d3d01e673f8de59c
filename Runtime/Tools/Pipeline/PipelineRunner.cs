using System.Buffers;
using System.Text.Json;
using PForge.Runtime.Protocol;

namespace PForge.Runtime.Tools.Pipeline;

/// <summary>
/// Runs a pipeline tool: its steps in order, each step tool called through the server's own registry (so its argument
/// checks apply), its output kept as a variable. The result is <c>{results, variables}</c>.
/// </summary>
public static class PipelineRunner
{
    private static readonly StructuredWriter RawWriter = static (writer, value) => writer.WriteRawValue((byte[])value, skipInputValidation: true);

    public static async ValueTask<ToolResult> RunAsync(IToolRegistry definition, IReadOnlyList<PipelineStep> steps, PipelineVariables variables, ToolContext context)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(context);
        var results = new List<Action<Utf8JsonWriter>>(steps.Count);
        var failed = false;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (context.IsCancelled || context.CancellationToken.IsCancellationRequested)
            {
                return ToolResult.Error("The call was cancelled.");
            }

            if (step.Condition is { } condition && !condition(variables))
            {
                results.Add(w => { w.WriteStartObject(); w.WriteString("tool"u8, step.ToolName); w.WriteBoolean("skipped"u8, true); w.WriteEndObject(); });
                context.ReportProgress(i + 1, steps.Count, $"Step {i + 1} ({step.ToolName}) skipped");
                continue;
            }

            ToolResult result;
            try
            {
                var input = new ArrayBufferWriter<byte>(256);
                using (var writer = new Utf8JsonWriter(input, JsonScratch.WriterOptions))
                {
                    step.Input(writer, variables);
                }

                result = await definition.CallToolAsync(step.ToolIndex, input.WrittenSpan, context).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                result = ToolResult.FromException(ex);
            }

            if (result.IsError)
            {
                var error = result.TextContent ?? "The step failed.";
                results.Add(w => { w.WriteStartObject(); w.WriteString("tool"u8, step.ToolName); w.WriteBoolean("success"u8, false); w.WriteString("error"u8, error); w.WriteEndObject(); });
                context.ReportProgress(i + 1, steps.Count, $"Step {i + 1} ({step.ToolName}) failed");
                if (!step.ContinueOnError)
                {
                    failed = true;
                    break;
                }

                continue;
            }

            var output = Output(result);
            result.ReturnBuffer();
            if (step.OutputVariable is { } name)
            {
                variables.Set(name, output);
            }

            results.Add(w => { w.WriteStartObject(); w.WriteString("tool"u8, step.ToolName); w.WriteBoolean("success"u8, true); w.WritePropertyName("output"u8); output.WriteTo(w); w.WriteEndObject(); });
            context.ReportProgress(i + 1, steps.Count, $"Step {i + 1} ({step.ToolName}) done");
        }

        var json = Write(results, variables);
        return failed ? ToolResult.StructuredError(json, RawWriter) : ToolResult.Structured(json, RawWriter);
    }

    /// <summary>A step's output: its <c>structuredContent</c> when it has one, else its text as a JSON string.</summary>
    private static JsonElement Output(ToolResult result)
    {
        if (result.StructuredJson() is { } structured)
        {
            using var document = JsonDocument.Parse(structured);
            return document.RootElement.Clone();
        }

        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer, JsonScratch.WriterOptions))
        {
            writer.WriteStringValue(result.TextContent ?? string.Empty);
        }

        using var text = JsonDocument.Parse(buffer.WrittenMemory);
        return text.RootElement.Clone();
    }

    private static byte[] Write(List<Action<Utf8JsonWriter>> results, PipelineVariables variables)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, JsonScratch.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("results"u8);
            foreach (var result in results)
            {
                result(writer);
            }

            writer.WriteEndArray();
            writer.WriteStartObject("variables"u8);
            foreach (var (name, value) in variables.All)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
