namespace PForge.Runtime.Settings;

/// <summary>
/// How the Streamable HTTP transport serves, from <c>forge.http</c> in pforge.yaml; <c>--host</c> and <c>--port</c> on the
/// command line win. Plain data: the transport itself lives in PForge.Runtime.Http, compiled in only when asked for.
/// </summary>
public sealed record HttpSettings
{
    public static HttpSettings Default { get; } = new();

    /// <summary>The address to bind; loopback by default, so nothing off the machine can reach the server.</summary>
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 8080;

    /// <summary>The one MCP endpoint.</summary>
    public string Path { get; init; } = "/mcp";

    /// <summary>Origins allowed besides the local ones (<c>http(s)://localhost</c>, <c>127.0.0.1</c>, <c>[::1]</c>, any port).</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>
    /// Host names (with or without a port) the <c>Host</c> header may carry besides the local ones; on a non-loopback
    /// address, an empty list leaves the Host header unchecked.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Who may call the server (<c>forge.http.auth</c>); nothing configured: anyone who reaches the port.</summary>
    public AuthSettings Auth { get; init; } = new();

    /// <summary>
    /// Serve on a non-loopback address without <see cref="Auth"/> (<c>forge.http.allow_unauthenticated</c>,
    /// <c>--allow-unauthenticated</c>); otherwise the host refuses to start there.
    /// </summary>
    public bool AllowUnauthenticated { get; init; }

    /// <summary>No sessions: every POST is served on its own (for many instances behind a load balancer).</summary>
    public bool Stateless { get; init; }

    /// <summary>A session idle this long is ended; its id then answers 404.</summary>
    public TimeSpan SessionIdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Sessions open at once; an initialize beyond it ends the longest-idle session first.</summary>
    public int MaxSessions { get; init; } = 1000;

    /// <summary>
    /// The largest request body accepted (413 beyond): <c>forge.http.max_request_body_bytes</c>, else
    /// <c>forge.max_message_bytes</c>, else 4 MiB; <c>--max-message-bytes</c> and <c>PFORGE_MAX_MESSAGE_BYTES</c> win.
    /// </summary>
    public long MaxRequestBodyBytes { get; init; } = MessageLimit.DefaultHttpBytes;

    /// <summary>
    /// How long a client may take to send a request's line and headers (10 s); Kestrel then answers 408 and closes the
    /// connection, so a client that stalls mid-headers holds nothing for long. Checked about once a second.
    /// </summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The slowest a request body may arrive, in bytes per second (1024), once <see cref="RequestBodyGracePeriod"/> has
    /// passed; a slower body is answered 408 and its connection closed. 0: no minimum.
    /// </summary>
    public int MinRequestBodyBytesPerSecond { get; init; } = 1024;

    /// <summary>How long a body may arrive slower than <see cref="MinRequestBodyBytesPerSecond"/> before it is cut off (5 s; more than 1 s).</summary>
    public TimeSpan RequestBodyGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Where a client of the HTTP+SSE transport (revision 2024-11-05) opens its session's event stream.</summary>
    public const string LegacySsePath = "/sse";

    /// <summary>Where such a client POSTs its messages, with the session in the <c>sessionId</c> query parameter.</summary>
    public const string LegacyMessagePath = "/message";

    /// <summary>Where <see cref="Metrics"/> serves the Prometheus text.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary><c>GET /metrics</c> answers the <c>PForge</c> meter's counters and histograms in Prometheus text format.</summary>
    public bool Metrics { get; init; }
}
