using System.Text.RegularExpressions;
using PForge.Tasks.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace PForge.Tasks.Config;

/// <summary>
/// <c>forge.http.auth</c>, <c>forge.http.allowed_hosts</c> and the <c>scopes:</c> of tools, resources and prompts.
/// Secrets never live in the YAML: API keys and introspection credentials are each one <c>${VAR}</c> reference, whose
/// variable the server reads when it starts.
/// </summary>
internal static partial class AuthReader
{
    /// <summary>The signature algorithms accepted: asymmetric ones (an HMAC key is shared, so its holder could forge tokens).</summary>
    public static readonly IReadOnlyList<string> Algorithms = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    /// <summary><c>auth:</c> of <c>forge.http</c>, or null when absent or wrong (reported).</summary>
    /// <remarks>A stdio server without the HTTP transport never authenticates: the generator warns then (PF1406).</remarks>
    public static AuthConfig? Read(MappingReader http, List<Diagnostic> diagnostics)
    {
        var node = http.Mapping("auth");
        if (node is null)
        {
            return null;
        }

        var errors = diagnostics.Count(d => d.IsError);
        var at = http.KeyPosition("auth");
        var reader = new MappingReader(node, "'forge.http.auth'", diagnostics);
        var (scopes, _) = ReadScopes(reader, diagnostics);
        var oauth = reader.Mapping("oauth") is { } o ? ReadOAuth(new MappingReader(o, "'forge.http.auth.oauth'", diagnostics), diagnostics) : null;
        var keys = ReadApiKeys(reader, diagnostics);
        var hasOAuth = reader.Node("oauth") is YamlMappingNode;
        if (!hasOAuth && keys.Count == 0 && (reader.Node("api_keys") is not YamlSequenceNode { Children.Count: > 0 }))
        {
            diagnostics.Add(DiagnosticCodes.AuthWithoutScheme(at));
        }

        reader.ReportUnknownKeys();
        return diagnostics.Count(d => d.IsError) > errors ? null : new AuthConfig(scopes, oauth, keys, at);
    }

    /// <summary>
    /// <c>scopes:</c> of <paramref name="reader"/>'s mapping: a list of RFC 6749 scope-tokens, each bad one reported;
    /// duplicates dropped, order kept. Empty when absent; the position is the key's.
    /// </summary>
    public static (IReadOnlyList<string> Scopes, SourcePosition Position) ReadScopes(MappingReader reader, List<Diagnostic> diagnostics)
    {
        var sequence = reader.Sequence("scopes");
        if (sequence is null)
        {
            return ([], reader.Position);
        }

        var scopes = new List<string>();
        foreach (var item in sequence.Children)
        {
            var text = item is YamlScalarNode scalar && !MappingReader.IsNull(scalar) ? scalar.Value ?? string.Empty : null;
            if (text is null || !IsScopeToken(text))
            {
                diagnostics.Add(DiagnosticCodes.InvalidScope(MappingReader.At(item), text ?? MappingReader.Describe(item)));
                continue;
            }

            if (!scopes.Contains(text, StringComparer.Ordinal))
            {
                scopes.Add(text);
            }
        }

        return (scopes, reader.KeyPosition("scopes"));
    }

    /// <summary>RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).</summary>
    public static bool IsScopeToken(string text) =>
        text.Length > 0 && text.All(c => c is >= '\x21' and <= '\x7e' and not '"' and not '\\');

    /// <summary><c>allowed_hosts:</c>: host names or addresses, each with an optional port; no scheme, path or user.</summary>
    public static List<string>? ReadAllowedHosts(MappingReader http, List<Diagnostic> diagnostics)
    {
        if (http.Sequence("allowed_hosts") is not { } sequence)
        {
            return null;
        }

        var hosts = new List<string>();
        foreach (var item in sequence.Children)
        {
            var text = (item as YamlScalarNode)?.Value ?? string.Empty;
            if (item is not YamlScalarNode || !IsHost(text))
            {
                diagnostics.Add(DiagnosticCodes.InvalidValue(MappingReader.At(item), "allowed_hosts", MappingReader.Describe(item), "a host name or address with an optional port, as the Host header carries it (such as mcp.example.com or mcp.example.com:8443), no scheme or path"));
                continue;
            }

            hosts.Add(text);
        }

        return hosts;
    }

    private static bool IsHost(string text) =>
        text.Length > 0
        && !text.Any(c => char.IsWhiteSpace(c) || c is '/' or '?' or '#' or '@' or '*')
        && Uri.TryCreate("http://" + text, UriKind.Absolute, out var uri)
        && uri.Host.Length > 0
        && string.Equals(text.LastIndexOf(':') > text.LastIndexOf(']') ? $"{uri.Host}:{uri.Port}" : uri.Host, text, StringComparison.OrdinalIgnoreCase);

    private static OAuthConfig? ReadOAuth(MappingReader reader, List<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Count(d => d.IsError);
        var issuers = new List<string>();
        var single = reader.Node("issuer");
        var many = reader.Sequence("issuers");
        if (single is not null && reader.Node("issuers") is not null)
        {
            diagnostics.Add(DiagnosticCodes.IssuerAndIssuers(reader.KeyPosition("issuers")));
        }
        else if (single is not null)
        {
            AddIssuer(single, "issuer");
        }
        else if (many is not null)
        {
            foreach (var item in many.Children)
            {
                AddIssuer(item, "issuers");
            }

            if (many.Children.Count == 0)
            {
                diagnostics.Add(DiagnosticCodes.InvalidValue(MappingReader.At(many), "issuers", "an empty list", "at least one issuer URL"));
            }
        }
        else
        {
            diagnostics.Add(DiagnosticCodes.MissingKey(reader.Position, "issuer", "'forge.http.auth.oauth' (or 'issuers', a list)"));
        }

        var resource = reader.String("resource");
        if (resource is not null && !(Uri.TryCreate(resource, UriKind.Absolute, out var resourceUri) && resourceUri.Scheme.Length > 0 && !resource.Contains('#', StringComparison.Ordinal)))
        {
            diagnostics.Add(DiagnosticCodes.InvalidValue(MappingReader.At(reader.Node("resource")!), "resource", resource, "an absolute URL without a fragment, such as https://mcp.example.com/mcp (RFC 8707)"));
        }

        List<string>? algorithms = null;
        if (reader.Sequence("algorithms") is { } algorithmNodes)
        {
            algorithms = [];
            foreach (var item in algorithmNodes.Children)
            {
                var text = (item as YamlScalarNode)?.Value ?? MappingReader.Describe(item);
                if (!Algorithms.Contains(text, StringComparer.Ordinal))
                {
                    diagnostics.Add(DiagnosticCodes.RefusedAlgorithm(MappingReader.At(item), text));
                    continue;
                }

                if (!algorithms.Contains(text, StringComparer.Ordinal))
                {
                    algorithms.Add(text);
                }
            }

            if (algorithmNodes.Children.Count == 0)
            {
                diagnostics.Add(DiagnosticCodes.InvalidValue(MappingReader.At(algorithmNodes), "algorithms", "an empty list", "at least one of " + string.Join(", ", Algorithms)));
            }
        }

        var clockSkew = reader.IntegerInRange("clock_skew_seconds", 0, 300, "a whole number of seconds from 0 to 300");
        var fetchTimeout = reader.IntegerInRange("fetch_timeout_ms", 1, 600_000, "a whole number of milliseconds from 1 to 600000 (10 minutes)");
        var keysRefresh = reader.IntegerInRange("keys_refresh_seconds", 0, 86_400, "a whole number of seconds from 0 to 86400 (a day)");
        IntrospectionConfig? introspection = null;
        if (reader.Mapping("introspection") is { } introspectionNode)
        {
            var inner = new MappingReader(introspectionNode, "'forge.http.auth.oauth.introspection'", diagnostics);
            var endpoint = inner.String("endpoint");
            if (endpoint is not null && !IsHttpUrl(endpoint))
            {
                diagnostics.Add(DiagnosticCodes.InvalidValue(MappingReader.At(inner.Node("endpoint")!), "endpoint", endpoint, "an absolute http or https URL, such as https://auth.example.com/introspect"));
            }

            var clientId = Variable(inner, "client_id", "'auth.oauth.introspection'", diagnostics);
            var clientSecret = Variable(inner, "client_secret", "'auth.oauth.introspection'", diagnostics);
            inner.ReportUnknownKeys();
            introspection = clientId is null || clientSecret is null ? null : new IntrospectionConfig(endpoint, clientId, clientSecret);
        }

        reader.ReportUnknownKeys();
        return diagnostics.Count(d => d.IsError) > errors ? null : new OAuthConfig(issuers, resource, algorithms, clockSkew, fetchTimeout, keysRefresh, introspection);

        void AddIssuer(YamlNode node, string key)
        {
            var text = node is YamlScalarNode scalar && !MappingReader.IsNull(scalar) ? scalar.Value ?? string.Empty : null;
            if (text is null || !IsHttpUrl(text))
            {
                diagnostics.Add(DiagnosticCodes.InvalidValue(MappingReader.At(node), key, text ?? MappingReader.Describe(node), "the issuer's absolute http or https URL, such as https://auth.example.com"));
                return;
            }

            if (!issuers.Contains(text, StringComparer.Ordinal))
            {
                issuers.Add(text);
            }
        }
    }

    private static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0 && uri.UserInfo.Length == 0 && !text.Contains('#', StringComparison.Ordinal);

    private static List<ApiKeyConfig> ReadApiKeys(MappingReader auth, List<Diagnostic> diagnostics)
    {
        var keys = new List<ApiKeyConfig>();
        if (auth.Sequence("api_keys") is not { } sequence)
        {
            return keys;
        }

        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var variables = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in sequence.Children)
        {
            if (item is not YamlMappingNode mapping)
            {
                diagnostics.Add(DiagnosticCodes.WrongShape(MappingReader.At(item), "api_keys[]", "a mapping with 'name' and 'key'"));
                continue;
            }

            var reader = new MappingReader(mapping, "an API key of 'forge.http.auth'", diagnostics);
            var name = reader.String("name", required: true);
            if (name is not null && (name.Length == 0 || name.Any(char.IsControl)))
            {
                diagnostics.Add(DiagnosticCodes.InvalidValue(MappingReader.At(reader.Node("name")!), "name", name, "the caller's name, as handlers see it (such as ci-bot)"));
                name = null;
            }

            var variable = Variable(reader, "key", name is null ? "an API key" : $"API key '{name}'", diagnostics, required: true);
            var (scopes, _) = ReadScopes(reader, diagnostics);
            reader.ReportUnknownKeys();
            if (name is not null && !Unique(names, name, reader.Node("name")!, "name"))
            {
                name = null;
            }

            if (variable is not null && !Unique(variables, variable, reader.Node("key")!, "variable"))
            {
                variable = null;
            }

            if (name is not null && variable is not null)
            {
                keys.Add(new ApiKeyConfig(name, variable, scopes));
            }
        }

        return keys;

        bool Unique(Dictionary<string, int> seen, string value, YamlNode node, string what)
        {
            var at = MappingReader.At(node);
            if (seen.TryGetValue(value, out var first))
            {
                diagnostics.Add(DiagnosticCodes.DuplicateApiKey(at, what, value, first));
                return false;
            }

            seen[value] = at.Line;
            return true;
        }
    }

    /// <summary>The variable of a secret written as exactly one <c>${VAR}</c> reference; anything else is PF1403.</summary>
    private static string? Variable(MappingReader reader, string key, string where, List<Diagnostic> diagnostics, bool required = true)
    {
        var node = reader.Node(key, required);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode scalar && EnvironmentReference().Match(scalar.Value ?? string.Empty) is { Success: true } match)
        {
            return match.Groups[1].Value;
        }

        diagnostics.Add(DiagnosticCodes.SecretNotFromEnvironment(MappingReader.At(node), key, where));
        return null;
    }

    [GeneratedRegex(@"^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$")]
    private static partial Regex EnvironmentReference();
}
