using PForge.Tasks.Config;

namespace PForge.Tasks.OpenApi;

/// <summary>
/// One entry of <c>openapi:</c>: the document (a file beside pforge.yaml, or an http(s) URL fetched at build time),
/// where its requests go, which operations become tools, the credentials of its security schemes and the tools' limits.
/// </summary>
public sealed record OpenApiEntry(string Spec, SourcePosition SpecPosition, SourcePosition Position)
{
    /// <summary><c>base_url</c>: the absolute URL the operations' paths are appended to; null for the document's first server.</summary>
    public string? BaseUrl { get; init; }

    public SourcePosition BaseUrlPosition { get; init; } = SourcePosition.Start;

    /// <summary><c>prefix</c>: put before each tool's name (empty for none).</summary>
    public string Prefix { get; init; } = string.Empty;

    /// <summary><c>include</c>: the operations that become tools; empty means all.</summary>
    public OperationFilter Include { get; init; } = OperationFilter.None;

    /// <summary><c>exclude</c>: operations left out, even when included.</summary>
    public OperationFilter Exclude { get; init; } = OperationFilter.None;

    /// <summary><c>auth</c>: per security scheme of the document, the credentials its tools send.</summary>
    public IReadOnlyList<SchemeCredentials> Auth { get; init; } = [];

    /// <summary><c>timeout_ms</c> and <c>max_response_bytes</c> of every tool, as for http tools.</summary>
    public int TimeoutMs { get; init; } = HttpConfig.DefaultTimeoutMs;

    public int MaxResponseBytes { get; init; } = HttpConfig.DefaultMaxResponseBytes;
}

/// <summary>Operations named by <c>operationId</c>, by tag, or by path (<c>*</c> matches any run of characters).</summary>
public sealed record OperationFilter(IReadOnlyList<string> Operations, IReadOnlyList<string> Tags, IReadOnlyList<string> Paths)
{
    public static OperationFilter None { get; } = new([], [], []);

    public bool IsEmpty => Operations.Count == 0 && Tags.Count == 0 && Paths.Count == 0;

    public bool Matches(string? operationId, IEnumerable<string> tags, string path) =>
        (operationId is not null && Operations.Contains(operationId, StringComparer.Ordinal))
        || tags.Any(t => Tags.Contains(t, StringComparer.Ordinal))
        || Paths.Any(p => PathMatches(p, path));

    /// <summary>A path pattern: literal text, with <c>*</c> for any run of characters (slashes included).</summary>
    internal static bool PathMatches(string pattern, string path)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return string.Equals(pattern, path, StringComparison.Ordinal);
        }

        if (!path.StartsWith(parts[0], StringComparison.Ordinal) || !path.EndsWith(parts[^1], StringComparison.Ordinal)
            || path.Length < parts[0].Length + parts[^1].Length)
        {
            return false;
        }

        var at = parts[0].Length;
        var end = path.Length - parts[^1].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = path.IndexOf(parts[i], at, end - at, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            at = found + parts[i].Length;
        }

        return true;
    }
}

/// <summary>
/// The credentials of one security scheme: <see cref="Secret"/> (a token, an API key, a password) and, for HTTP basic,
/// <see cref="Username"/>; each an environment reference read when a tool runs.
/// </summary>
public sealed record SchemeCredentials(string Scheme, SourcePosition Position, Templating.Template Secret, Templating.Template? Username);
