using PForge.Tasks.Diagnostics;
using PForge.Tasks.Templating;
using YamlDotNet.RepresentationModel;

namespace PForge.Tasks.Config;

/// <summary>Reads the keys of an <c>http</c> tool and checks its templates against the tool's parameters.</summary>
internal static class HttpReader
{
    private const string EnvRule = "in an http tool, environment references are allowed only in 'headers' values and 'auth' fields";

    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH"];

    /// <summary>The tool's request, or null when something in it is wrong (all reported).</summary>
    public static HttpConfig? Read(MappingReader tool, string name, IReadOnlyList<ParamConfig> parameters, IReadOnlySet<string> unreadable, TemplateLocator locator, List<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Count(d => d.IsError);
        var method = tool.String("method") ?? "GET";
        if (!Methods.Contains(method, StringComparer.Ordinal))
        {
            diagnostics.Add(DiagnosticCodes.InvalidHttpMethod(MappingReader.At(tool.Node("method")!), name, method));
        }

        var dynamicHost = tool.Boolean("dynamic_host") ?? false;
        var endpoint = ReadEndpoint(tool, name, dynamicHost, parameters, unreadable, locator, diagnostics);

        var query = ReadMap(tool, "query", name, envAllowed: false, parameters, unreadable, locator, diagnostics, static key => key.Length > 0);
        var headers = ReadMap(tool, "headers", name, envAllowed: true, parameters, unreadable, locator, diagnostics, IsHeaderName);

        Template? body = null;
        if (tool.Node("body") is { } bodyNode && !(bodyNode is YamlScalarNode b && MappingReader.IsNull(b)))
        {
            if (method is "GET" or "DELETE")
            {
                diagnostics.Add(DiagnosticCodes.BodyNotForMethod(tool.KeyPosition("body"), name, method));
            }
            else
            {
                body = ReadTemplate(bodyNode, "body", new TemplatePlace($"'body' of tool '{name}'", EnvAllowed: false, EnvRule), parameters, unreadable, locator, diagnostics);
            }
        }

        var auth = ReadAuth(tool, name, parameters, unreadable, locator, diagnostics);
        var timeout = tool.PositiveInteger("timeout_ms");
        var maxResponse = tool.PositiveInteger("max_response_bytes");
        if (endpoint is null || diagnostics.Count(d => d.IsError) != errors)
        {
            return null;
        }

        return new HttpConfig(method, endpoint, dynamicHost, query, headers, body, auth, timeout ?? HttpConfig.DefaultTimeoutMs, maxResponse ?? HttpConfig.DefaultMaxResponseBytes);
    }

    private static Template? ReadEndpoint(MappingReader tool, string name, bool dynamicHost, IReadOnlyList<ParamConfig> parameters, IReadOnlySet<string> unreadable, TemplateLocator locator, List<Diagnostic> diagnostics)
    {
        var text = tool.String("endpoint", required: true);
        if (text is null)
        {
            return null;
        }

        var node = (YamlScalarNode)tool.Node("endpoint")!;
        var openers = TemplateParser.Openers(text).ToList();
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var firstOpener = openers.Count == 0 ? -1 : openers[0];
        if (schemeEnd < 0 || (firstOpener >= 0 && firstOpener < schemeEnd + 3))
        {
            // No literal 'scheme://' before the first template: a template starting the URL or inside the scheme is one
            // that would choose the host; a URL without any 'scheme://' is no absolute URL.
            if (firstOpener == 0 || (firstOpener > 0 && schemeEnd >= 0))
            {
                diagnostics.Add(DiagnosticCodes.TemplatedHost(locator.Locate(node, text, firstOpener), name));
            }
            else
            {
                diagnostics.Add(DiagnosticCodes.InvalidEndpoint(MappingReader.At(node), name, text));
            }

            return null;
        }

        var authorityEnd = text.IndexOfAny(['/', '?', '#'], schemeEnd + 3);
        if (authorityEnd < 0)
        {
            authorityEnd = text.Length;
        }

        if (firstOpener >= 0 && firstOpener < authorityEnd && !dynamicHost)
        {
            diagnostics.Add(DiagnosticCodes.TemplatedHost(locator.Locate(node, text, firstOpener), name));
            return null;
        }

        var scheme = text[..schemeEnd];
        var literalAuthority = firstOpener < 0 || firstOpener >= authorityEnd;
        var valid = scheme is "http" or "https"
            && (!literalAuthority
                || (Uri.TryCreate(text[..authorityEnd], UriKind.Absolute, out var uri) && uri.Host.Length > 0 && uri.UserInfo.Length == 0 && !text[..authorityEnd].Contains('@', StringComparison.Ordinal)));
        if (!valid || text.Any(char.IsControl))
        {
            diagnostics.Add(DiagnosticCodes.InvalidEndpoint(MappingReader.At(node), name, text));
            return null;
        }

        var template = TemplateBinder.Bind(TemplateParser.Parse(text), parameters, new TemplatePlace($"'endpoint' of tool '{name}'", EnvAllowed: false, EnvRule), locator.For(node, text), diagnostics, unreadable);
        return template;
    }

    private static List<KeyValuePair<string, Template>> ReadMap(MappingReader tool, string key, string name, bool envAllowed, IReadOnlyList<ParamConfig> parameters, IReadOnlySet<string> unreadable, TemplateLocator locator, List<Diagnostic> diagnostics, Func<string, bool> validName)
    {
        var result = new List<KeyValuePair<string, Template>>();
        if (tool.Mapping(key) is not { } mapping)
        {
            return result;
        }

        foreach (var pair in mapping.Children)
        {
            var entry = (pair.Key as YamlScalarNode)?.Value ?? string.Empty;
            if (!validName(entry))
            {
                diagnostics.Add(DiagnosticCodes.InvalidValue(MappingReader.At(pair.Key), key, entry, key == "headers" ? "a header name (letters, digits and !#$%&'*+-.^_`|~)" : "a query parameter name that is not empty"));
                continue;
            }

            var place = new TemplatePlace($"'{key}.{entry}' of tool '{name}'", envAllowed, EnvRule);
            if (ReadTemplate(pair.Value, $"{key}.{entry}", place, parameters, unreadable, locator, diagnostics) is { } value)
            {
                result.Add(new(entry, value));
            }
        }

        return result;
    }

    private static HttpAuthConfig? ReadAuth(MappingReader tool, string name, IReadOnlyList<ParamConfig> parameters, IReadOnlySet<string> unreadable, TemplateLocator locator, List<Diagnostic> diagnostics)
    {
        if (tool.Mapping("auth") is not { } node)
        {
            return null;
        }

        var auth = new MappingReader(node, $"'auth' of tool '{name}'", diagnostics);
        var type = auth.String("type", required: true);
        HttpAuthConfig? result = null;
        switch (type)
        {
            case null:
                break;
            case "bearer":
                if (Field(auth, "token") is { } token)
                {
                    result = new HttpAuthConfig(type, null, token, null);
                }

                break;
            case "basic":
                var username = Field(auth, "username", secret: false);
                var password = Field(auth, "password");
                if (username is not null && password is not null)
                {
                    result = new HttpAuthConfig(type, username, password, null);
                }

                break;
            case "apikey":
                var header = auth.String("header", required: true);
                if (header is not null && !IsHeaderName(header))
                {
                    diagnostics.Add(DiagnosticCodes.InvalidValue(MappingReader.At(auth.Node("header")!), "auth.header", header, "a header name (letters, digits and !#$%&'*+-.^_`|~)"));
                    header = null;
                }

                var key = Field(auth, "key");
                if (header is not null && key is not null)
                {
                    result = new HttpAuthConfig(type, null, key, header);
                }

                break;
            default:
                diagnostics.Add(DiagnosticCodes.InvalidValue(MappingReader.At(auth.Node("type")!), "auth.type", type, "bearer, basic or apikey"));
                break;
        }

        auth.ReportUnknownKeys();
        return result;

        Template? Field(MappingReader reader, string key, bool secret = true)
        {
            if (reader.String(key, required: true) is null)
            {
                return null;
            }

            var valueNode = reader.Node(key)!;
            var template = ReadTemplate(valueNode, "auth." + key, new TemplatePlace($"'auth.{key}' of tool '{name}'", EnvAllowed: true, EnvRule), parameters, unreadable, locator, diagnostics);
            if (secret && template is { IsLiteral: true, Text.Length: > 0 })
            {
                diagnostics.Add(DiagnosticCodes.LiteralSecret(MappingReader.At(valueNode), key, name));
            }

            return template;
        }
    }

    private static Template? ReadTemplate(YamlNode node, string key, TemplatePlace place, IReadOnlyList<ParamConfig> parameters, IReadOnlySet<string> unreadable, TemplateLocator locator, List<Diagnostic> diagnostics)
    {
        if (node is not YamlScalarNode scalar || MappingReader.IsNull(scalar))
        {
            diagnostics.Add(DiagnosticCodes.WrongShape(MappingReader.At(node), key, "a text value"));
            return null;
        }

        var text = scalar.Value ?? string.Empty;
        return TemplateBinder.Bind(TemplateParser.Parse(text), parameters, place, locator.For(scalar, text), diagnostics, unreadable);
    }

    /// <summary>An HTTP field name (RFC 9110 token).</summary>
    private static bool IsHeaderName(string name) =>
        name.Length > 0 && name.All(static c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));
}
