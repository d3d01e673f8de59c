using System.Text.Json;
using System.Text.Json.Nodes;

namespace PForge.Tasks.Schema;

/// <summary>
/// The <c>outputSchema</c> of every <c>pipeline</c> tool: its <c>structuredContent</c> is <c>{results, variables}</c>
/// (the runtime's PipelineRunner fills it in); the shape of each step's output is the step tool's own.
/// </summary>
public static class PipelineSchema
{
    public const string OutputCompact = """{"type":"object","properties":{"results":{"type":"array"},"variables":{"type":"object"}},"required":["results","variables"]}""";

    /// <summary>The same schema indented, as the <c>.output.json</c> file shows it.</summary>
    public static string OutputIndented { get; } =
        JsonNode.Parse(OutputCompact)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n");
}
