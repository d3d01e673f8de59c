using Microsoft.OpenApi;
using PForge.Tasks.Config;
using PForge.Tasks.Diagnostics;
using PForge.Tasks.Templating;

namespace PForge.Tasks.OpenApi;

/// <summary>
/// Turns the selected operations of each <c>openapi:</c> entry's document into http tools, exactly those a YAML
/// author would write by hand (same runner, escaping, secrets and policies): typed parameters from the operation's
/// parameters and JSON request body, the path, query and headers filled from them, the credentials of its security
/// schemes from the entry's <c>auth</c>, an <c>outputSchema</c> from its 2xx JSON response.
/// </summary>
internal static class OpenApiImporter
{
    private static readonly Dictionary<HttpMethod, string> Methods = new()
    {
        [HttpMethod.Get] = "GET",
        [HttpMethod.Post] = "POST",
        [HttpMethod.Put] = "PUT",
        [HttpMethod.Delete] = "DELETE",
        [HttpMethod.Patch] = "PATCH",
    };

    /// <summary>Headers the runner or the auth sets: an operation's parameter of that name is not sent.</summary>
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase) { "Accept", "Content-Type", "Authorization", "Host", "Content-Length" };

    private const int MaxDescription = 2000;

    public static List<ToolConfig> Import(IReadOnlyList<OpenApiEntry> entries, string? baseDirectory, PolicyConfig defaults, ISet<string> declared, List<string> inputFiles, List<Diagnostic> diagnostics)
    {
        var tools = new List<ToolConfig>();
        var taken = new HashSet<string>(declared, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (SpecDocument.Load(entry, baseDirectory, inputFiles, diagnostics) is not { } document)
            {
                continue;
            }

            try
            {
                tools.AddRange(ImportEntry(entry, document, defaults, declared, taken, diagnostics));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Outside any one operation (its security schemes, its servers): the document is not one to build from.
                diagnostics.Add(document.Locator.At(DiagnosticCodes.OpenApiInvalid(SourcePosition.Start, entry.Spec, ex.Message)));
            }
        }

        return tools;
    }

    private static List<ToolConfig> ImportEntry(OpenApiEntry entry, SpecDocument document, PolicyConfig defaults, ISet<string> declared, HashSet<string> taken, List<Diagnostic> diagnostics)
    {
        var tools = new List<ToolConfig>();
        var model = document.Model;
        var baseUrl = entry.BaseUrl ?? ServerUrl(model);
        if (baseUrl is null)
        {
            diagnostics.Add(DiagnosticCodes.OpenApiNoBaseUrl(entry.Position, entry.Spec, model.Servers?.FirstOrDefault()?.Url));
            return tools;
        }

        var schemes = model.Components?.SecuritySchemes ?? new Dictionary<string, IOpenApiSecurityScheme>();
        foreach (var credentials in entry.Auth.Where(c => !schemes.ContainsKey(c.Scheme)))
        {
            diagnostics.Add(DiagnosticCodes.OpenApiUnknownScheme(credentials.Position, credentials.Scheme, entry.Spec, string.Join(", ", schemes.Keys)));
        }

        var unmapped = new SortedSet<string>(StringComparer.Ordinal);
        var matched = 0;
        foreach (var (path, item) in model.Paths ?? [])
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                var pointer = $"#/paths/{Escape(path)}/{method.Method.ToLowerInvariant()}";
                var tags = operation.Tags?.Select(t => t.Name ?? string.Empty) ?? [];
                if ((!entry.Include.IsEmpty && !entry.Include.Matches(operation.OperationId, tags, path)) || entry.Exclude.Matches(operation.OperationId, tags, path))
                {
                    continue;
                }

                matched++;
                if (!Methods.TryGetValue(method, out var verb))
                {
                    diagnostics.Add(document.Locator.At(DiagnosticCodes.OpenApiOperationSkipped(document.Locator.Locate(pointer), Describe(operation, method, path), $"http tools send GET, POST, PUT, DELETE or PATCH, not {method.Method}")));
                    continue;
                }

                var name = ToolNames.For(entry.Prefix, operation.OperationId, verb, path);
                if (declared.Contains(name))
                {
                    diagnostics.Add(DiagnosticCodes.OpenApiToolDeclared(entry.SpecPosition, name, Describe(operation, method, path)));
                    continue;
                }

                name = ToolNames.Unique(name, taken);
                ToolConfig? tool;
                try
                {
                    tool = Operation(entry, document, pointer, baseUrl, path, item, verb, operation, name, schemes, defaults, unmapped, diagnostics);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // Microsoft.OpenApi resolves refs as they are read, and throws for some (a ref to a ref to itself,
                    // a ref that is no URI).
                    diagnostics.Add(document.Locator.At(DiagnosticCodes.OpenApiOperationSkipped(document.Locator.Locate(pointer), Describe(operation, method, path), $"its schemas cannot be read ({ex.Message})")));
                    continue;
                }

                if (tool is not null)
                {
                    taken.Add(name);
                    tools.Add(tool);
                }
            }
        }

        if (matched == 0)
        {
            diagnostics.Add(DiagnosticCodes.OpenApiNothingSelected(entry.Position, entry.Spec));
        }

        if (unmapped.Count > 0)
        {
            diagnostics.Add(DiagnosticCodes.OpenApiUnmappedSchemes(entry.Position, entry.Spec, string.Join(", ", unmapped)));
        }

        return tools;
    }

    private static ToolConfig? Operation(
        OpenApiEntry entry, SpecDocument document, string pointer, string baseUrl, string path, IOpenApiPathItem item, string verb, OpenApiOperation operation,
        string name, IDictionary<string, IOpenApiSecurityScheme> schemes, PolicyConfig defaults, SortedSet<string> unmapped, List<Diagnostic> diagnostics)
    {
        var at = entry.SpecPosition;
        var described = Describe(operation, verb, path);
        var budget = new SchemaMapper.Budget();
        var parameters = new List<ParamConfig>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var pathValues = new Dictionary<string, ParamConfig>(StringComparer.Ordinal);
        var query = new List<KeyValuePair<string, Template>>();
        var headers = new List<KeyValuePair<string, Template>>();
        var optional = new HashSet<string>(StringComparer.Ordinal);

        // The path item's parameters first; the operation's override those of the same name and place.
        var own = operation.Parameters ?? [];
        var declaredParameters = (item.Parameters ?? []).Where(p => !own.Any(o => o.Name == p.Name && o.In == p.In)).Concat(own);
        foreach (var parameter in declaredParameters)
        {
            if (parameter.Name is not { Length: > 0 } wireName || parameter.In is null)
            {
                continue;
            }

            if (parameter.In == ParameterLocation.Cookie || parameter.In == ParameterLocation.QueryString || (parameter.In == ParameterLocation.Header && ReservedHeaders.Contains(wireName)))
            {
                if (parameter.Required)
                {
                    diagnostics.Add(document.Locator.At(DiagnosticCodes.OpenApiOperationSkipped(document.Locator.Locate(pointer), described, $"its required {parameter.In.ToString()!.ToLowerInvariant()} parameter '{wireName}' is not one an http tool sends")));
                    return null;
                }

                continue;
            }

            var required = parameter.Required || parameter.In == ParameterLocation.Path;
            var param = SchemaMapper.Map(ParamName(wireName, parameter.In.Value, names), parameter.Schema ?? parameter.Content?.Values.FirstOrDefault()?.Schema, required, Text(parameter.Description), at, budget);
            if (param.Type is ParamType.Object && parameter.In != ParameterLocation.Query)
            {
                // A path segment or a header is text: an object there has no one form.
                param = param with { Type = ParamType.String, Properties = null };
            }

            names.Add(param.Name);
            parameters.Add(param);
            var value = Value(param);
            switch (parameter.In)
            {
                case ParameterLocation.Path:
                    pathValues[wireName] = param;
                    break;
                case ParameterLocation.Query:
                    query.Add(new(wireName, value));
                    if (!param.Required && param.Default is null)
                    {
                        optional.Add("query:" + wireName);
                    }

                    break;
                default:
                    headers.Add(new(wireName, value));
                    if (!param.Required && param.Default is null)
                    {
                        optional.Add("header:" + wireName);
                    }

                    break;
            }
        }

        var endpoint = Endpoint(baseUrl, path, pathValues);
        if (endpoint is null)
        {
            diagnostics.Add(document.Locator.At(DiagnosticCodes.OpenApiOperationSkipped(document.Locator.Locate(pointer), described, "its path names a parameter it does not declare in 'path'")));
            return null;
        }

        Template? body = null;
        if (operation.RequestBody is { } requestBody)
        {
            var media = requestBody.Content?.FirstOrDefault(c => IsJson(c.Key));
            if (media?.Value is null)
            {
                if (requestBody.Required || verb is "POST" or "PUT" or "PATCH" && requestBody.Content is { Count: > 0 })
                {
                    var types = string.Join(", ", requestBody.Content?.Keys ?? []);
                    diagnostics.Add(document.Locator.At(DiagnosticCodes.OpenApiOperationSkipped(document.Locator.Locate(pointer + "/requestBody"), described, $"its request body is {types}; http tools send JSON")));
                    return null;
                }
            }
            else if (verb is "POST" or "PUT" or "PATCH")
            {
                var bodyName = names.Contains("body") ? "request_body" : "body";
                var param = SchemaMapper.Map(bodyName, media.Value.Value.Schema, requestBody.Required, Text(requestBody.Description) ?? "The request body (JSON).", at, budget);
                parameters.Add(param);
                names.Add(bodyName);

                // Exactly {{body}}: the argument's JSON goes out unchanged.
                body = new Template("{{" + bodyName + "}}", [new ValueSegment([param], [], Json: false)]);
            }
        }

        var (auth, extraHeaders) = Auth(entry, operation.Security ?? document.Model.Security, schemes, unmapped);
        headers.AddRange(extraHeaders);
        var http = new HttpConfig(verb, endpoint, DynamicHost: false, query, headers, body, auth, entry.TimeoutMs == HttpConfig.DefaultTimeoutMs && defaults.TimeoutMs is { } t ? t : entry.TimeoutMs, entry.MaxResponseBytes)
        {
            OmittedWhenAbsent = optional,
            ExplodeQueryArrays = true,
        };

        var summary = Text(operation.Summary);
        var details = Text(operation.Description);
        var description = summary is null ? details : details is null || details == summary ? summary : summary + "\n\n" + details;
        if (description is { Length: > MaxDescription })
        {
            description = description[..(MaxDescription - 1)] + "…";
        }

        var idempotent = verb is "GET" or "PUT" or "DELETE";

        // A retry of defaults applies to methods that may be repeated; POST and PATCH are sent once.
        var policies = defaults with { TimeoutMs = null, Retry = idempotent ? defaults.Retry : null };
        return new ToolConfig(ToolKind.Http, name, at, summary, description ?? $"{verb} {path}", null, parameters, null,
            new ToolAnnotations(summary, verb == "GET", verb == "DELETE", idempotent, true), Http: http)
        {
            Policies = policies.IsEmpty ? null : policies,
            OutputSchema = OutputSchema(operation),
        };
    }

    /// <summary>The tool's parameter name for an operation's parameter: its own, or with its place added when taken.</summary>
    private static string ParamName(string wireName, ParameterLocation place, HashSet<string> names)
    {
        var name = SchemaMapper.DistinctNames([.. names, wireName]) ? wireName : ToolNames.Snake(wireName);
        if (!SchemaMapper.DistinctNames([.. names, name]))
        {
            name = ToolNames.Snake(wireName) + "_" + place.ToString().ToLowerInvariant();
        }

        for (var n = 2; !SchemaMapper.DistinctNames([.. names, name]); n++)
        {
            name = ToolNames.Snake(wireName) + "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    private static Template Value(ParamConfig param) => new("{{" + param.Name + "}}", [new ValueSegment([param], [], Json: false)]);

    /// <summary>The base URL and the path, each <c>{name}</c> a value of the path parameter (escaped as one segment).</summary>
    private static Template? Endpoint(string baseUrl, string path, Dictionary<string, ParamConfig> values)
    {
        var segments = new List<TemplateSegment>();
        var text = new System.Text.StringBuilder(baseUrl);
        var literal = new System.Text.StringBuilder(baseUrl);
        var i = 0;
        while (i < path.Length)
        {
            var open = path.IndexOf('{', i);
            if (open < 0)
            {
                literal.Append(path, i, path.Length - i);
                text.Append(path, i, path.Length - i);
                break;
            }

            var close = path.IndexOf('}', open);
            if (close < 0 || !values.TryGetValue(path[(open + 1)..close], out var param))
            {
                return null;
            }

            literal.Append(path, i, open - i);
            text.Append(path, i, open - i).Append("{{").Append(param.Name).Append("}}");
            segments.Add(new TextSegment(literal.ToString()));
            literal.Clear();
            segments.Add(new ValueSegment([param], [], Json: false));
            i = close + 1;
        }

        if (literal.Length > 0)
        {
            segments.Add(new TextSegment(literal.ToString()));
        }

        return new Template(text.ToString(), segments);
    }

    /// <summary>
    /// The credentials of the first security requirement whose schemes the entry's <c>auth</c> all maps: the first
    /// scheme as the tool's auth, API keys of further schemes as headers. An empty requirement means none is needed.
    /// </summary>
    private static (HttpAuthConfig? Auth, List<KeyValuePair<string, Template>> Headers) Auth(
        OpenApiEntry entry, IList<OpenApiSecurityRequirement>? requirements, IDictionary<string, IOpenApiSecurityScheme> schemes, SortedSet<string> unmapped)
    {
        if (requirements is not { Count: > 0 })
        {
            return (null, []);
        }

        foreach (var requirement in requirements)
        {
            var ids = requirement.Keys.Select(k => k.Reference?.Id ?? string.Empty).ToList();
            if (ids.Count == 0)
            {
                return (null, []);
            }

            var credentials = ids.Select(id => entry.Auth.FirstOrDefault(c => c.Scheme == id)).ToList();
            var parts = ids.Zip(credentials, (id, c) => c is null || !schemes.TryGetValue(id, out var scheme) ? null : Part(scheme, c)).ToList();
            if (parts.Any(p => p is null))
            {
                continue;
            }

            var first = parts[0]!;
            var headers = parts.Skip(1).Select(p => new KeyValuePair<string, Template>(p!.Header ?? "Authorization", p.Secret)).ToList();
            return (first, headers);
        }

        foreach (var id in requirements.SelectMany(r => r.Keys).Select(k => k.Reference?.Id ?? string.Empty))
        {
            if (!entry.Auth.Any(c => c.Scheme == id) || !schemes.TryGetValue(id, out var scheme) || Part(scheme, entry.Auth.First(c => c.Scheme == id)) is null)
            {
                unmapped.Add(id);
            }
        }

        return (null, []);

        static HttpAuthConfig? Part(IOpenApiSecurityScheme scheme, SchemeCredentials credentials) => scheme.Type switch
        {
            SecuritySchemeType.ApiKey when scheme.In == ParameterLocation.Header && scheme.Name is { Length: > 0 } header
                => new HttpAuthConfig("apikey", null, credentials.Secret, header),
            SecuritySchemeType.Http when string.Equals(scheme.Scheme, "basic", StringComparison.OrdinalIgnoreCase)
                => credentials.Username is null ? null : new HttpAuthConfig("basic", credentials.Username, credentials.Secret, null),
            SecuritySchemeType.Http when string.Equals(scheme.Scheme, "bearer", StringComparison.OrdinalIgnoreCase) => new HttpAuthConfig("bearer", null, credentials.Secret, null),
            SecuritySchemeType.OAuth2 or SecuritySchemeType.OpenIdConnect => new HttpAuthConfig("bearer", null, credentials.Secret, null),
            _ => null,
        };
    }

    /// <summary>The JSON schema of the first 2xx response with a JSON body (200, 201, … then 2XX), when it is an object.</summary>
    private static string? OutputSchema(OpenApiOperation operation)
    {
        var responses = operation.Responses ?? [];
        var success = responses.Where(r => r.Key.Length == 3 && r.Key[0] == '2').OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Value).ToList();
        foreach (var response in success)
        {
            if (response.Content?.FirstOrDefault(c => IsJson(c.Key)).Value?.Schema is { } schema)
            {
                return OutputSchemaWriter.Write(schema);
            }
        }

        return null;
    }

    /// <summary>The first server's URL, its variables at their defaults, when it is absolute http(s).</summary>
    private static string? ServerUrl(OpenApiDocument model)
    {
        if (model.Servers?.FirstOrDefault() is not { Url: { Length: > 0 } url } server)
        {
            return null;
        }

        foreach (var (name, variable) in server.Variables ?? new Dictionary<string, OpenApiServerVariable>())
        {
            url = url.Replace("{" + name + "}", variable.Default ?? string.Empty, StringComparison.Ordinal);
        }

        url = url.TrimEnd('/');
        return OpenApiEntryReader.IsBaseUrl(url) ? url : null;
    }

    private static bool IsJson(string mediaType)
    {
        var type = mediaType.Split(';')[0].Trim();
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase) || type == "*/*";
    }

    private static string Describe(OpenApiOperation operation, HttpMethod method, string path) => Describe(operation, method.Method, path);

    private static string Describe(OpenApiOperation operation, string method, string path) =>
        operation.OperationId is { Length: > 0 } id ? $"operation '{id}' ({method.ToUpperInvariant()} {path})" : $"operation {method.ToUpperInvariant()} {path}";

    private static string Escape(string path) => path.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string? Text(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
