using PForge.Tasks.Config;
using PForge.Tasks.Diagnostics;
using PForge.Tasks.Templating;
using YamlDotNet.RepresentationModel;

namespace PForge.Tasks.OpenApi;

/// <summary>Reads the entries of <c>openapi:</c> (the document itself is read by <see cref="OpenApiImporter"/>).</summary>
internal static class OpenApiEntryReader
{
    private const string EnvRule = "in 'openapi' entries, environment references are allowed only in 'auth' values";

    public static List<OpenApiEntry> Read(MappingReader top, TemplateLocator locator, List<Diagnostic> diagnostics)
    {
        var entries = new List<OpenApiEntry>();
        if (top.Sequence("openapi") is not { } sequence)
        {
            return entries;
        }

        foreach (var item in sequence.Children)
        {
            if (item is not YamlMappingNode mapping)
            {
                diagnostics.Add(DiagnosticCodes.WrongShape(MappingReader.At(item), "openapi[]", "a mapping with 'spec'"));
                continue;
            }

            if (ReadEntry(mapping, locator, diagnostics) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    private static OpenApiEntry? ReadEntry(YamlMappingNode node, TemplateLocator locator, List<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Count(d => d.IsError);
        var reader = new MappingReader(node, "an 'openapi' entry", diagnostics);
        var spec = reader.String("spec", required: true);
        var specAt = reader.Node("spec") is { } s ? MappingReader.At(s) : reader.Position;
        var where = spec is null ? "an 'openapi' entry" : $"'openapi' entry '{spec}'";
        reader = new MappingReader(node, where, diagnostics);
        reader.Accept("spec");

        var baseUrl = reader.String("base_url");
        var baseUrlAt = reader.Node("base_url") is { } b ? MappingReader.At(b) : reader.Position;
        if (baseUrl is not null && !IsBaseUrl(baseUrl))
        {
            diagnostics.Add(DiagnosticCodes.InvalidValue(baseUrlAt, "base_url", baseUrl, "an absolute http or https URL without user info, query or fragment, such as https://api.example.com/v1"));
        }

        var prefix = reader.String("prefix") ?? string.Empty;
        if (prefix.Length > 0 && !prefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            diagnostics.Add(DiagnosticCodes.InvalidValue(MappingReader.At(reader.Node("prefix")!), "prefix", prefix, "letters, digits, '_', '-' and '.' (it starts each tool's name)"));
        }

        var include = ReadFilter(reader, "include", diagnostics);
        var exclude = ReadFilter(reader, "exclude", diagnostics);
        var auth = ReadAuth(reader, where, locator, diagnostics);
        var timeout = reader.PositiveInteger("timeout_ms");
        var maxResponse = reader.PositiveInteger("max_response_bytes");
        reader.ReportUnknownKeys();
        if (spec is null || diagnostics.Count(d => d.IsError) != errors)
        {
            return null;
        }

        return new OpenApiEntry(spec, specAt, reader.Position)
        {
            BaseUrl = baseUrl?.TrimEnd('/'),
            BaseUrlPosition = baseUrlAt,
            Prefix = prefix,
            Include = include,
            Exclude = exclude,
            Auth = auth,
            TimeoutMs = timeout ?? HttpConfig.DefaultTimeoutMs,
            MaxResponseBytes = maxResponse ?? HttpConfig.DefaultMaxResponseBytes,
        };
    }

    internal static bool IsBaseUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0
        && uri.UserInfo.Length == 0 && uri.Query.Length == 0 && uri.Fragment.Length == 0 && !text.Contains('{', StringComparison.Ordinal)
        && !text.Any(char.IsControl);

    private static OperationFilter ReadFilter(MappingReader entry, string key, List<Diagnostic> diagnostics)
    {
        if (entry.Mapping(key) is not { } node)
        {
            return OperationFilter.None;
        }

        var reader = new MappingReader(node, $"'{key}'", diagnostics);
        var filter = new OperationFilter(Strings(reader, "operations"), Strings(reader, "tags"), Strings(reader, "paths"));
        reader.ReportUnknownKeys();
        return filter;

        static List<string> Strings(MappingReader reader, string key)
        {
            var list = new List<string>();
            foreach (var item in reader.Sequence(key)?.Children ?? [])
            {
                if (item is YamlScalarNode { Value: { Length: > 0 } value } scalar && !MappingReader.IsNull(scalar))
                {
                    list.Add(value);
                }
                else
                {
                    reader.Diagnostics.Add(DiagnosticCodes.WrongShape(MappingReader.At(item), key + "[]", "a non-empty text"));
                }
            }

            return list;
        }
    }

    /// <summary><c>auth: { scheme: "${TOKEN}" }</c>, or <c>{ scheme: { username: "${U}", password: "${P}" } }</c> for HTTP basic.</summary>
    private static List<SchemeCredentials> ReadAuth(MappingReader entry, string where, TemplateLocator locator, List<Diagnostic> diagnostics)
    {
        var result = new List<SchemeCredentials>();
        if (entry.Mapping("auth") is not { } node)
        {
            return result;
        }

        foreach (var pair in node.Children)
        {
            var scheme = (pair.Key as YamlScalarNode)?.Value ?? string.Empty;
            var at = MappingReader.At(pair.Key);
            if (pair.Value is YamlMappingNode basic)
            {
                var reader = new MappingReader(basic, $"'auth.{scheme}' of {where}", diagnostics);
                var username = Secret(reader, "username", scheme, secret: false);
                var password = Secret(reader, "password", scheme, secret: true);
                reader.ReportUnknownKeys();
                if (username is not null && password is not null)
                {
                    result.Add(new SchemeCredentials(scheme, at, password, username));
                }
            }
            else if (Template(pair.Value, $"auth.{scheme}", scheme, secret: true) is { } secret)
            {
                result.Add(new SchemeCredentials(scheme, at, secret, null));
            }
        }

        return result;

        Template? Secret(MappingReader reader, string key, string scheme, bool secret) =>
            reader.Node(key, required: true) is { } value ? Template(value, $"auth.{scheme}.{key}", scheme, secret) : null;

        Template? Template(YamlNode value, string key, string scheme, bool secret)
        {
            if (value is not YamlScalarNode scalar || MappingReader.IsNull(scalar))
            {
                diagnostics.Add(DiagnosticCodes.WrongShape(MappingReader.At(value), key, "an environment reference such as ${API_TOKEN}, or {username, password} for HTTP basic"));
                return null;
            }

            var text = scalar.Value ?? string.Empty;
            var template = TemplateBinder.Bind(TemplateParser.Parse(text), [], new TemplatePlace($"'{key}' of {where}", EnvAllowed: true, EnvRule), locator.For(scalar, text), diagnostics);
            if (secret && template is { IsLiteral: true, Text.Length: > 0 })
            {
                diagnostics.Add(DiagnosticCodes.OpenApiLiteralSecret(MappingReader.At(scalar), key, where));
            }

            return template;
        }
    }
}
