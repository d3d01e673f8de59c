namespace PForge.Runtime.Tools.Http;

/// <summary>One request of an <c>http</c> tool, as its generated code fills it in from the YAML and the checked input.</summary>
public sealed class HttpInvocation
{
    /// <summary>Default cap on the response body (1 MiB).</summary>
    public const int DefaultMaxResponseBytes = 1 << 20;

    /// <summary>GET, POST, PUT, DELETE or PATCH.</summary>
    public required string Method { get; init; }

    /// <summary>The absolute URL: scheme and host fixed at build time, path values already escaped.</summary>
    public required string Url { get; init; }

    /// <summary>Query parameters appended to <see cref="Url"/>; names and values are escaped by the runner.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; init; } = [];

    /// <summary>
    /// Request headers, the authentication header included. Their values are never written to a result or a log,
    /// and none of them is sent on a redirect to another origin.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The request body, or null for none.</summary>
    public string? Body { get; init; }

    /// <summary>The body's media type (<c>application/json</c> for JSON); a <c>Content-Type</c> header overrides it.</summary>
    public string? ContentType { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxResponseBytes { get; init; } = DefaultMaxResponseBytes;
}
