namespace PForge.Tasks.Config;

/// <summary>The whole of <c>pforge.yaml</c>, as loaded and checked. Positions point at the YAML for diagnostics.</summary>
public sealed record PForgeConfig(ForgeInfo Forge, IReadOnlyList<ToolConfig> Tools);

public sealed record ForgeInfo(
    string Name,
    string Version,
    string? Title,
    string? Description,
    string? Instructions,
    string Transport);

public enum ToolKind
{
    Native,
    Cli,
    Http,
    Pipeline,
}

public sealed record ToolConfig(
    ToolKind Kind,
    string Name,
    SourcePosition Position,
    string? Title,
    string? Description,
    HandlerPath? Handler,
    IReadOnlyList<ParamConfig> Params,
    IReadOnlyList<ParamConfig>? Output,
    ToolAnnotations? Annotations,
    CliConfig? Cli = null,
    HttpConfig? Http = null,
    PipelineConfig? Pipeline = null);

/// <summary>
/// What a <c>cli</c> tool runs: a fixed program, and templates (checked against the tool's parameters) for each argv
/// element, the working directory and each environment variable.
/// </summary>
public sealed record CliConfig(
    string Command,
    IReadOnlyList<Templating.Template> Args,
    Templating.Template? Cwd,
    IReadOnlyList<KeyValuePair<string, Templating.Template>> Env,
    int TimeoutMs,
    bool Stream,
    int MaxOutputBytes)
{
    public const int DefaultTimeoutMs = 30_000;

    /// <summary>The runtime's default cap on captured stdout and on captured stderr, each (1 MiB).</summary>
    public const int DefaultMaxOutputBytes = 1 << 20;
}

/// <summary>
/// What an <c>http</c> tool sends: a method, an endpoint whose scheme and host are fixed at build time (unless the tool
/// opts in with <c>dynamic_host</c>), and templates for the endpoint, each query value, each header and the body.
/// </summary>
public sealed record HttpConfig(
    string Method,
    Templating.Template Endpoint,
    bool DynamicHost,
    IReadOnlyList<KeyValuePair<string, Templating.Template>> Query,
    IReadOnlyList<KeyValuePair<string, Templating.Template>> Headers,
    Templating.Template? Body,
    HttpAuthConfig? Auth,
    int TimeoutMs,
    int MaxResponseBytes)
{
    public const int DefaultTimeoutMs = 30_000;

    /// <summary>The runtime's default cap on the response body (1 MiB).</summary>
    public const int DefaultMaxResponseBytes = 1 << 20;
}

/// <summary>What a <c>pipeline</c> tool runs: its steps in order.</summary>
public sealed record PipelineConfig(IReadOnlyList<PipelineStepConfig> Steps);

/// <summary>
/// One step: the tool it calls (checked against the server's tools once all are read), its input (templates over the
/// pipeline's variables, and literal YAML values), the variable its output is kept in, its condition and error policy.
/// </summary>
public sealed record PipelineStepConfig(
    string Tool,
    SourcePosition ToolPosition,
    IReadOnlyList<KeyValuePair<string, Templating.StepValue>> Input,
    string? OutputVar,
    Templating.ConditionNode? Condition,
    bool ContinueOnError);

/// <summary>bearer (<see cref="Secret"/> is the token), basic (user and password) or apikey (<see cref="Header"/> and key).</summary>
public sealed record HttpAuthConfig(string Type, Templating.Template? Username, Templating.Template Secret, string? Header);

/// <summary>A handler type named in the YAML: namespace segments and the type name, relative to the project's root namespace.</summary>
public sealed record HandlerPath(IReadOnlyList<string> Namespace, string TypeName, SourcePosition Position);

public sealed record ToolAnnotations(string? Title, bool? ReadOnly, bool? Destructive, bool? Idempotent, bool? OpenWorld);

public enum ParamType
{
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
}

/// <summary>One parameter (or output field): its JSON name, type and every rule the argument reader enforces.</summary>
public sealed record ParamConfig(
    string Name,
    SourcePosition Position,
    ParamType Type,
    bool Required,
    string? Description,
    YamlValue? Default,
    IReadOnlyList<YamlValue>? Enum,
    ParamValidation Validation,
    ParamConfig? Items,
    IReadOnlyList<ParamConfig>? Properties);

public sealed record ParamValidation(double? Min, double? Max, string? Pattern, int? MinLength, int? MaxLength)
{
    public static ParamValidation None { get; } = new(null, null, null, null, null);
}
