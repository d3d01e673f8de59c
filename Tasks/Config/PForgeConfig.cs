namespace PForge.Tasks.Config;

/// <summary>The whole of <c>pforge.yaml</c>, as loaded and checked. Positions point at the YAML for diagnostics.</summary>
public sealed record PForgeConfig(ForgeInfo Forge, IReadOnlyList<ToolConfig> Tools)
{
    public IReadOnlyList<ResourceConfig> Resources { get; init; } = [];

    public IReadOnlyList<PromptConfig> Prompts { get; init; } = [];

    /// <summary>The handler of <c>completion/complete</c> for arguments and variables without an <c>enum</c>, or null.</summary>
    public HandlerPath? CompletionHandler { get; init; }

    /// <summary>Files compiled into the server besides pforge.yaml (resources' <c>file</c>), as full paths.</summary>
    public IReadOnlyList<string> InputFiles { get; init; } = [];

    /// <summary>The <c>state:</c> block, or null without one (the server then gets the memory store).</summary>
    public StateConfig? State { get; init; }
}

/// <summary>Where <c>state:</c> keeps values. Rust's <c>sled</c> is <see cref="Sqlite"/>.</summary>
public enum StateBackendKind
{
    Memory,
    Sqlite,
    Redis,
}

/// <summary>
/// <c>state:</c>, checked: the backend (sqlite when not given), its path (a sqlite file, a redis connection string;
/// null for the runtime's default), <c>options.ttl_seconds</c> and <c>options.key_prefix</c> (default <c>&lt;forge.name&gt;:</c>).
/// </summary>
public sealed record StateConfig(StateBackendKind Backend, SourcePosition BackendPosition, string? Path, int? TtlSeconds, string KeyPrefix);

public sealed record ForgeInfo(
    string Name,
    string Version,
    string? Title,
    string? Description,
    string? Instructions,
    string Transport)
{
    /// <summary>Where <c>transport</c> is written (the <c>forge</c> mapping when it is not).</summary>
    public SourcePosition TransportPosition { get; init; } = SourcePosition.Start;

    /// <summary><c>forge.http</c>, or null when absent (the runtime's defaults).</summary>
    public HttpSettingsConfig? Http { get; init; }

    /// <summary><c>forge.page_size</c>, or null (the runtime's default).</summary>
    public int? PageSize { get; init; }

    /// <summary><c>forge.log_level</c> (debug, info, warning, error, none), or null (warning); <c>--log-level</c> wins.</summary>
    public string? LogLevel { get; init; }

    /// <summary>
    /// <c>forge.max_message_bytes</c>: the largest message a client may send (a stdio line; an HTTP body unless
    /// <c>forge.http.max_request_body_bytes</c> says otherwise), or null (16 MiB on stdio, 4 MiB on HTTP).
    /// </summary>
    public int? MaxMessageBytes { get; init; }
}

/// <summary><c>forge.http</c>: each member null when not given (the runtime's default then applies).</summary>
public sealed record HttpSettingsConfig(
    string? Host,
    int? Port,
    string? Path,
    IReadOnlyList<string>? AllowedOrigins,
    bool? Stateless,
    int? SessionIdleTimeoutSeconds,
    int? MaxSessions,
    long? MaxRequestBodyBytes)
{
    /// <summary><c>forge.http.metrics</c>: true serves <c>GET /metrics</c> in Prometheus text format.</summary>
    public bool? Metrics { get; init; }

    /// <summary><c>forge.http.request_headers_timeout_s</c>: how long a client may take to send its request's headers.</summary>
    public int? RequestHeadersTimeoutSeconds { get; init; }

    /// <summary><c>forge.http.min_request_body_bytes_per_s</c>: the slowest a body may arrive after the grace (0: no minimum).</summary>
    public int? MinRequestBodyBytesPerSecond { get; init; }

    /// <summary><c>forge.http.request_body_grace_s</c>: how long a body may arrive slower than the minimum before it is cut off.</summary>
    public int? RequestBodyGraceSeconds { get; init; }

    /// <summary><c>forge.http.allowed_hosts</c>: host names (with or without a port) the Host header may carry besides the local ones.</summary>
    public IReadOnlyList<string>? AllowedHosts { get; init; }

    /// <summary><c>forge.http.allow_unauthenticated</c>: serve on a non-loopback address without <c>auth</c>.</summary>
    public bool? AllowUnauthenticated { get; init; }

    /// <summary><c>forge.http.auth</c>: who may call the server, or null (anyone who reaches the port).</summary>
    public AuthConfig? Auth { get; init; }
}

/// <summary>
/// <c>forge.http.auth</c>, checked: the scopes every request needs, OAuth bearer tokens and API keys (at least one of the
/// two). No secret is in it: API keys and introspection credentials are names of environment variables.
/// </summary>
public sealed record AuthConfig(IReadOnlyList<string> Scopes, OAuthConfig? OAuth, IReadOnlyList<ApiKeyConfig> ApiKeys, SourcePosition Position);

/// <summary><c>auth.oauth</c>: the issuers whose JWTs are accepted and the checks of a token; each optional member null when not given.</summary>
public sealed record OAuthConfig(
    IReadOnlyList<string> Issuers,
    string? Resource,
    IReadOnlyList<string>? Algorithms,
    int? ClockSkewSeconds,
    int? FetchTimeoutMs,
    int? KeysRefreshSeconds,
    IntrospectionConfig? Introspection);

/// <summary><c>auth.oauth.introspection</c>: the endpoint (null: from the issuer's metadata) and the variables of the client credentials.</summary>
public sealed record IntrospectionConfig(string? Endpoint, string ClientIdVariable, string ClientSecretVariable);

/// <summary>One of <c>auth.api_keys</c>: the caller's name, the environment variable of its key, and its scopes.</summary>
public sealed record ApiKeyConfig(string Name, string Variable, IReadOnlyList<string> Scopes);

/// <summary>How a static resource gets its contents.</summary>
public enum ResourceSource
{
    /// <summary>Text from the YAML (or a text file), compiled in.</summary>
    Text,

    /// <summary>Base64 data from the YAML (or a binary file), compiled in.</summary>
    Blob,

    /// <summary>A native handler computes it when read (always so for a template).</summary>
    Handler,
}

/// <summary>
/// One entry of <c>resources</c>: a static resource (<see cref="Template"/> null) or a URI template, checked.
/// <see cref="Content"/> is the text or base64 of a static one whose contents are compiled in.
/// </summary>
public sealed record ResourceConfig(
    string Uri,
    Templating.UriTemplate? Template,
    string Name,
    SourcePosition Position,
    string? Title,
    string? Description,
    string? MimeType,
    ResourceSource Source,
    string? Content,
    HandlerPath? Handler,
    bool Subscribe,
    IReadOnlyList<ResourceVariableConfig> Variables)
{
    /// <summary><c>scopes:</c>: what a caller needs to read (or subscribe to) it over authenticated HTTP; empty when not given.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>Where <c>scopes</c> is written (for the warning of scopes without <c>forge.http.auth</c>).</summary>
    public SourcePosition ScopesPosition { get; init; } = SourcePosition.Start;
}

/// <summary>A variable of a URI template: its description and allowed values (for completion), both optional.</summary>
public sealed record ResourceVariableConfig(string Name, string? Description, IReadOnlyList<string>? Enum);

/// <summary>One entry of <c>prompts</c>: its arguments and either messages (templates over them) or a handler.</summary>
public sealed record PromptConfig(
    string Name,
    SourcePosition Position,
    string? Title,
    string? Description,
    IReadOnlyList<PromptArgumentConfig> Arguments,
    IReadOnlyList<PromptMessageConfig>? Messages,
    HandlerPath? Handler)
{
    /// <summary><c>scopes:</c>: what a caller needs to list and get it over authenticated HTTP; empty when not given.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>Where <c>scopes</c> is written.</summary>
    public SourcePosition ScopesPosition { get; init; } = SourcePosition.Start;
}

public sealed record PromptArgumentConfig(string Name, SourcePosition Position, bool Required, string? Description, string? Default, IReadOnlyList<string>? Enum);

public enum PromptContentKind
{
    Text,
    Image,
    Audio,
    Resource,
}

/// <summary>
/// One message: its role and one content block. <see cref="Text"/> is the text (Text), or the embedded resource's text;
/// <see cref="Data"/> base64 (Image, Audio, or an embedded resource's blob); <see cref="Uri"/> an embedded resource's URI.
/// </summary>
public sealed record PromptMessageConfig(
    bool Assistant,
    PromptContentKind Kind,
    Templating.Template? Text,
    string? Data,
    string? MimeType,
    Templating.Template? Uri);

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
    PipelineConfig? Pipeline = null)
{
    /// <summary>The tool's policies, merged from <c>policies:</c> and its own keys; null when it has none (no cost at run time).</summary>
    public PolicyConfig? Policies { get; init; }

    /// <summary>
    /// <c>task:</c> true or optional: a client of revision 2026-07-28 that declares the Tasks extension gets a task
    /// handle and polls for the result, any other client the result inline; required: a 2026-07-28 request that does
    /// not declare the extension is refused (-32021).
    /// </summary>
    public TaskSupport Task { get; init; }

    /// <summary><c>task_start: handler</c> (native tools): the handler runs in the call until it calls <c>ContinueAsTask</c>.</summary>
    public bool TaskStartsInHandler { get; init; }

    /// <summary>An http tool's <c>outputSchema</c> as compact JSON (from an OpenAPI 2xx response), or null for none.</summary>
    public string? OutputSchema { get; init; }

    /// <summary>A native tool's raw <c>input_schema</c> as compact JSON (member order kept), instead of <c>params</c>; or null.</summary>
    public string? InputSchema { get; init; }

    /// <summary>
    /// <c>example_arguments</c> of a tool with a raw <c>input_schema</c>, as compact JSON: the arguments the generated
    /// requests file sends (the raw schema is the author's, so PForge cannot build them); or null.
    /// </summary>
    public string? ExampleArguments { get; init; }

    /// <summary>
    /// <c>scopes:</c>: what a caller needs to see and call it over authenticated HTTP (its own; a pipeline's also
    /// include those of the tools its steps call, added by the generator); empty when not given.
    /// </summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>Where <c>scopes</c> is written.</summary>
    public SourcePosition ScopesPosition { get; init; } = SourcePosition.Start;
}

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

    /// <summary>
    /// Query parameters and headers (<c>query:name</c>, <c>header:name</c>) whose one value is an optional parameter:
    /// left out when it is absent, instead of sent empty (tools generated from OpenAPI); empty for YAML tools.
    /// </summary>
    public IReadOnlySet<string> OmittedWhenAbsent { get; init; } = new HashSet<string>();

    /// <summary>True to send a query value of an array of scalars once per item (<c>tag=a&amp;tag=b</c>, OpenAPI's default); YAML tools send its JSON.</summary>
    public bool ExplodeQueryArrays { get; init; }
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
    IReadOnlyList<ParamConfig>? Properties)
{
    /// <summary><c>examples:</c>, each checked against the type and rules; the first is the requests file's value. Null when absent.</summary>
    public IReadOnlyList<YamlValue>? Examples { get; init; }

    /// <summary>
    /// <c>claim:</c>: the claim of the caller's credentials this parameter is filled from (a tool's own string
    /// parameter only); the client may not send it, and it is left out of the inputSchema. Null otherwise.
    /// </summary>
    public string? Claim { get; init; }
}

public sealed record ParamValidation(double? Min, double? Max, string? Pattern, int? MinLength, int? MaxLength)
{
    public static ParamValidation None { get; } = new(null, null, null, null, null);
}

/// <summary>
/// A tool's policies after merging <c>policies:</c> with its own keys (each null when the tool does not have it). For cli
/// and http tools <see cref="TimeoutMs"/> is null: their runner applies the timeout (<c>CliConfig.TimeoutMs</c>, <c>HttpConfig.TimeoutMs</c>).
/// </summary>
public sealed record PolicyConfig(int? TimeoutMs, RetryConfig? Retry, CircuitBreakerConfig? CircuitBreaker, RateLimitConfig? RateLimit, int? MaxConcurrent)
{
    public static PolicyConfig None { get; } = new(null, null, null, null, null);

    public bool IsEmpty => this == None;
}

/// <summary><c>retry</c>: attempts in all, the first backoff, its cap, and whether half of it is random.</summary>
public sealed record RetryConfig(int MaxAttempts, int InitialBackoffMs, int MaxBackoffMs, bool Jitter)
{
    public static RetryConfig Default { get; } = new(3, 100, 10_000, true);
}

/// <summary><c>circuit_breaker</c>: transient failures in a row that open it, how long it stays open, successes in a row that close it.</summary>
public sealed record CircuitBreakerConfig(int FailureThreshold, int OpenMs, int SuccessThreshold)
{
    public static CircuitBreakerConfig Default { get; } = new(5, 30_000, 1);
}

/// <summary><c>rate_limit</c>: calls allowed in each one-second window.</summary>
public sealed record RateLimitConfig(int PermitsPerSecond);

/// <summary>Whether a tool runs as a task (the Tasks extension of revision 2026-07-28): <c>task:</c> in pforge.yaml.</summary>
public enum TaskSupport
{
    None,
    Optional,
    Required,
}
