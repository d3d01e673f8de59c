namespace PForge.Runtime.Hosting;

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

    /// <summary>No sessions: every POST is served on its own (for many instances behind a load balancer).</summary>
    public bool Stateless { get; init; }

    /// <summary>A session idle this long is ended; its id then answers 404.</summary>
    public TimeSpan SessionIdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Sessions open at once; an initialize beyond it ends the longest-idle session first.</summary>
    public int MaxSessions { get; init; } = 1000;

    /// <summary>The largest request body accepted (413 beyond).</summary>
    public long MaxRequestBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Where <see cref="Metrics"/> serves the Prometheus text.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary><c>GET /metrics</c> answers the <c>PForge</c> meter's counters and histograms in Prometheus text format.</summary>
    public bool Metrics { get; init; }
}
