using PForge.Tasks.Config;

namespace PForge.Tasks.Schema;

/// <summary>
/// The <c>outputSchema</c> of every <c>cli</c> tool: its <c>structuredContent</c> is
/// <c>{stdout, stderr, exit_code}</c>, whatever the process printed (the runtime's CliRunner fills it in).
/// </summary>
public static class CliSchema
{
    public static IReadOnlyList<ParamConfig> OutputFields { get; } =
    [
        Field("stdout", ParamType.String),
        Field("stderr", ParamType.String),
        Field("exit_code", ParamType.Integer),
    ];

    /// <summary>The schema as compact JSON (for tools/list) and indented (the <c>.output.json</c> file).</summary>
    public static (string Compact, string Indented) Output { get; } = SchemaBuilder.Build(OutputFields);

    private static ParamConfig Field(string name, ParamType type) =>
        new(name, SourcePosition.Start, type, Required: true, null, null, null, ParamValidation.None, null, null);
}
