using Microsoft.AspNetCore.Http;

namespace PForge.Runtime.Http;

/// <summary>
/// DNS-rebinding protection: a page a browser loaded from elsewhere must not reach a server on this machine. The
/// <c>Host</c> must name the loopback (when the server is bound to it) and an <c>Origin</c>, when sent, must be local
/// or listed in <c>AllowedOrigins</c>.
/// </summary>
internal sealed class OriginGuard(IReadOnlyList<string> allowedOrigins, bool checkHost, IReadOnlyList<string>? allowedHosts = null)
{
    private readonly string[] _allowedOrigins = [.. allowedOrigins.Select(static origin => origin.TrimEnd('/'))];
    private readonly string[] _allowedHosts = [.. allowedHosts ?? []];

    /// <summary>Null when the request may go on; otherwise the message of the 403 answer.</summary>
    public string? Check(HttpRequest request)
    {
        if (checkHost)
        {
            var host = request.Headers.Host.ToString();
            if (!IsLocalAuthority(host) && !IsAllowedHost(host))
            {
                return host.Length == 0
                    ? "Forbidden: the Host header is missing"
                    : _allowedHosts.Length == 0
                        ? $"Forbidden: Host '{Shorten(host)}' is not a local address (DNS rebinding protection)"
                        : $"Forbidden: Host '{Shorten(host)}' is not a local address or one of forge.http.allowed_hosts";
            }
        }

        var origins = request.Headers.Origin;
        if (origins.Count > 1)
        {
            return "Forbidden: more than one Origin header";
        }

        if (origins.Count == 1)
        {
            var origin = origins[0] ?? string.Empty;
            if (!IsAllowedOrigin(origin))
            {
                return $"Forbidden: Origin '{Shorten(origin)}' is not allowed";
            }
        }

        return null;
    }

    /// <summary>True for <c>localhost</c>, <c>127.0.0.1</c> or <c>[::1]</c> with any port (or none).</summary>
    internal static bool IsLocalAuthority(string authority)
    {
        var span = authority.AsSpan();
        ReadOnlySpan<char> host;
        ReadOnlySpan<char> rest;
        if (span.StartsWith('['))
        {
            var close = span.IndexOf(']');
            if (close < 0)
            {
                return false;
            }

            host = span[..(close + 1)];
            rest = span[(close + 1)..];
        }
        else
        {
            var colon = span.IndexOf(':');
            host = colon < 0 ? span : span[..colon];
            rest = colon < 0 ? default : span[colon..];
        }

        if (!rest.IsEmpty && (rest[0] != ':' || !IsPort(rest[1..])))
        {
            return false;
        }

        return IsLocalHostName(host);
    }

    /// <summary>An entry of <c>allowed_hosts</c>: a name alone allows any port, <c>name:port</c> that port only.</summary>
    private bool IsAllowedHost(string authority)
    {
        var span = authority.AsSpan();
        var colon = span.StartsWith('[') ? span.IndexOf("]:", StringComparison.Ordinal) + 1 : span.LastIndexOf(':');
        var name = colon > 0 ? span[..colon] : span;
        foreach (var allowed in _allowedHosts)
        {
            if (span.Equals(allowed, StringComparison.OrdinalIgnoreCase)
                || (!allowed.Contains(':', StringComparison.Ordinal) && name.Equals(allowed, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    internal static bool IsLocalHostName(ReadOnlySpan<char> host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || host.Equals("127.0.0.1", StringComparison.Ordinal)
        || host.Equals("[::1]", StringComparison.Ordinal);

    private bool IsAllowedOrigin(string origin)
    {
        var trimmed = origin.AsSpan().TrimEnd('/');
        foreach (var allowed in _allowedOrigins)
        {
            if (trimmed.Equals(allowed, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        // A local page (any port): http(s)://localhost, 127.0.0.1 or [::1], and nothing after the authority.
        foreach (var scheme in (ReadOnlySpan<string>)["http://", "https://"])
        {
            if (trimmed.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                var authority = trimmed[scheme.Length..];
                return authority.IndexOfAny('/', '?', '#') < 0 && IsLocalAuthority(authority.ToString());
            }
        }

        return false;
    }

    private static bool IsPort(ReadOnlySpan<char> text) =>
        text.Length is > 0 and <= 5 && !text.ContainsAnyExceptInRange('0', '9');

    private static string Shorten(string text) => text.Length <= 100 ? text : string.Concat(text.AsSpan(0, 100), "…");
}
