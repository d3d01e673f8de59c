using System.Text.RegularExpressions;
using PForge.Tasks.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PForge.Tasks.Config;

/// <summary>Loads <c>pforge.yaml</c> with positions into a <see cref="PForgeConfig"/>, collecting every problem as a diagnostic.</summary>
public static partial class ConfigLoader
{
    /// <summary>Where <c>forge.http.metrics: true</c> serves the Prometheus text (the runtime's <c>HttpSettings.MetricsPath</c>).</summary>
    private const string MetricsPath = "/metrics";

    /// <summary>The range of <c>forge.max_message_bytes</c> and <c>forge.http.max_request_body_bytes</c> (the runtime's <c>MessageLimit</c>).</summary>
    private const int MinMessageBytes = 1024;

    private const int MaxMessageBytes = 1024 * 1024 * 1024;

    private const string MessageBytesExpected = "a whole number of bytes from 1024 (1 KiB) to 1073741824 (1 GiB)";

    /// <summary>Loads <paramref name="yaml"/>; files that resources compile in are relative to <paramref name="baseDirectory"/> (the project).</summary>
    /// <param name="importOpenApi">False to leave out the tools of <c>openapi:</c> entries (their documents are not
    /// read): what the features of a project need before restore.</param>
    public static (PForgeConfig? Config, IReadOnlyList<Diagnostic> Diagnostics) Load(string yaml, string? baseDirectory = null, bool importOpenApi = true)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var diagnostics = new List<Diagnostic>();
        var root = Parse(yaml, diagnostics);
        if (root is null)
        {
            return (null, diagnostics);
        }

        var top = new MappingReader(root, "the top level", diagnostics);
        var forge = ReadForge(top, diagnostics);
        var locator = new Templating.TemplateLocator(yaml);
        var defaults = PolicyReader.ReadDefaults(top, diagnostics);
        var files = new List<string>();
        var tools = ReadTools(top, locator, defaults, diagnostics, importOpenApi ? new OpenApiImport(baseDirectory, files) : null);
        var resources = ResourceReader.Read(top, locator, baseDirectory, files, diagnostics);
        var prompts = PromptReader.Read(top, locator, diagnostics);
        var completion = ReadCompletion(top, diagnostics);
        var state = StateReader.Read(top, forge?.Name, diagnostics);
        top.ReportUnknownKeys();
        if (forge is not null && forge.Http?.Auth is null)
        {
            WarnScopesWithoutAuth(tools, resources, prompts, diagnostics);
        }

        var config = forge is null ? null : new PForgeConfig(forge, tools)
        {
            Resources = resources,
            Prompts = prompts,
            CompletionHandler = completion,
            InputFiles = files,
            State = state,
        };
        return (diagnostics.Any(d => d.IsError) ? null : config, diagnostics);
    }

    /// <summary>Scopes mean something only to a server that authenticates its callers (PF1407, a warning).</summary>
    private static void WarnScopesWithoutAuth(List<ToolConfig> tools, IReadOnlyList<ResourceConfig> resources, IReadOnlyList<PromptConfig> prompts, List<Diagnostic> diagnostics)
    {
        var items = tools.Where(t => t.Scopes.Count > 0).Select(t => (t.ScopesPosition, $"tool '{t.Name}'"))
            .Concat(resources.Where(r => r.Scopes.Count > 0).Select(r => (r.ScopesPosition, $"resource '{r.Name}'")))
            .Concat(prompts.Where(p => p.Scopes.Count > 0).Select(p => (p.ScopesPosition, $"prompt '{p.Name}'")));
        foreach (var (at, item) in items)
        {
            diagnostics.Add(DiagnosticCodes.ScopesWithoutAuth(at, item));
        }
    }

    private static YamlMappingNode? Parse(string yaml, List<Diagnostic> diagnostics)
    {
        if (YamlLimits.Check(yaml) is { } limit)
        {
            diagnostics.Add(limit);
            return null;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(YamlLimits.Terminated(yaml)));
        }
        catch (YamlException ex)
        {
            var at = new SourcePosition((int)Math.Max(1, ex.Start.Line), (int)Math.Max(1, ex.Start.Column));
            var duplicate = DuplicateKeyMessage().Match(ex.Message);
            diagnostics.Add(duplicate.Success
                ? DiagnosticCodes.DuplicateKey(at, duplicate.Groups[1].Value, FindFirstKeyLine(yaml, duplicate.Groups[1].Value, at))
                : DiagnosticCodes.YamlSyntax(at, ex.InnerException?.Message ?? ex.Message));
            return null;
        }
        catch (ArgumentException ex)
        {
            // A tag that is no URI (!!+!): YamlDotNet says so without a position.
            diagnostics.Add(DiagnosticCodes.YamlSyntax(SourcePosition.Start, ex.Message));
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            diagnostics.Add(DiagnosticCodes.EmptyDocument());
            return null;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            diagnostics.Add(DiagnosticCodes.WrongShape(MappingReader.At(stream.Documents[0].RootNode), "pforge.yaml", "a mapping with 'forge' and 'tools'"));
            return null;
        }

        return root;
    }

    private static ForgeInfo? ReadForge(MappingReader top, List<Diagnostic> diagnostics)
    {
        var node = top.Mapping("forge", required: true);
        if (node is null)
        {
            return null;
        }

        var forge = new MappingReader(node, "'forge'", diagnostics);
        var name = forge.String("name", required: true);
        var version = forge.String("version", required: true);
        var title = forge.String("title");
        var description = forge.String("description");
        var instructions = forge.String("instructions");
        var transport = forge.String("transport") ?? "stdio";
        var transportAt = forge.Node("transport") is { } t ? MappingReader.At(t) : forge.Position;
        switch (transport)
        {
            case "stdio" or "http":
                break;
            case "sse" or "websocket":
                // Rust's names: one HTTP server serves Streamable HTTP, HTTP+SSE and WebSocket on one port.
                transport = "http";
                break;
            default:
                diagnostics.Add(DiagnosticCodes.InvalidValue(transportAt, "transport", transport, "stdio or http"));
                break;
        }

        if (forge.Node("optimization") is not null)
        {
            diagnostics.Add(DiagnosticCodes.NotSupportedYet(forge.KeyPosition("optimization"), "forge.optimization"));
        }

        var http = ReadHttp(forge, diagnostics);
        var pageSize = forge.PositiveInteger("page_size");
        var maxMessageBytes = forge.IntegerInRange("max_message_bytes", MinMessageBytes, MaxMessageBytes, MessageBytesExpected);
        var logLevel = forge.String("log_level");
        if (logLevel is not null && logLevel is not ("debug" or "info" or "warning" or "error" or "none"))
        {
            diagnostics.Add(DiagnosticCodes.InvalidLogLevel(MappingReader.At(forge.Node("log_level")!), logLevel));
            logLevel = null;
        }

        forge.ReportUnknownKeys();
        return name is null || version is null
            ? null
            : new ForgeInfo(name, version, title, description, instructions, transport) { TransportPosition = transportAt, Http = http, PageSize = pageSize, LogLevel = logLevel, MaxMessageBytes = maxMessageBytes };
    }

    /// <summary><c>forge.http</c>: how the Streamable HTTP transport serves; each setting checked here, not at start-up.</summary>
    private static HttpSettingsConfig? ReadHttp(MappingReader forge, List<Diagnostic> diagnostics)
    {
        var node = forge.Mapping("http");
        if (node is null)
        {
            return null;
        }

        var reader = new MappingReader(node, "'forge.http'", diagnostics);
        var host = reader.String("host");
        if (host is not null && (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || c is '/' or '?' or '#' or '@')))
        {
            diagnostics.Add(DiagnosticCodes.InvalidValue(MappingReader.At(reader.Node("host")!), "host", host, "an IP address or host name to bind, such as 127.0.0.1, 0.0.0.0 or localhost"));
            host = null;
        }

        var port = reader.PositiveInteger("port");
        if (port is > 65535)
        {
            diagnostics.Add(DiagnosticCodes.InvalidValue(MappingReader.At(reader.Node("port")!), "port", port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "a port from 1 to 65535"));
            port = null;
        }

        var path = reader.String("path");
        if (path is not null && (!path.StartsWith('/') || path.Any(c => char.IsWhiteSpace(c) || c is '?' or '#')))
        {
            diagnostics.Add(DiagnosticCodes.InvalidValue(MappingReader.At(reader.Node("path")!), "path", path, "a URL path starting with '/', without '?' or '#', such as /mcp"));
            path = null;
        }

        List<string>? origins = null;
        if (reader.Sequence("allowed_origins") is { } sequence)
        {
            origins = [];
            foreach (var item in sequence.Children)
            {
                var text = (item as YamlScalarNode)?.Value ?? string.Empty;
                if (item is not YamlScalarNode || !IsOrigin(text))
                {
                    diagnostics.Add(DiagnosticCodes.InvalidValue(MappingReader.At(item), "allowed_origins", MappingReader.Describe(item), "an origin: http or https, a host and an optional port, no path (such as https://app.example.com)"));
                    continue;
                }

                origins.Add(text);
            }
        }

        var allowedHosts = AuthReader.ReadAllowedHosts(reader, diagnostics);
        var allowUnauthenticated = reader.Boolean("allow_unauthenticated");
        var auth = AuthReader.Read(reader, diagnostics);
        var stateless = reader.Boolean("stateless");
        var idle = reader.PositiveInteger("session_idle_timeout_s");
        var maxSessions = reader.PositiveInteger("max_sessions");
        var maxBody = reader.IntegerInRange("max_request_body_bytes", MinMessageBytes, MaxMessageBytes, MessageBytesExpected);
        var headersTimeout = reader.IntegerInRange("request_headers_timeout_s", 1, 3600, "a whole number of seconds from 1 to 3600");
        var minBodyRate = reader.IntegerInRange("min_request_body_bytes_per_s", 0, int.MaxValue, $"a whole number of bytes per second from 0 (no minimum) to {int.MaxValue}");
        var bodyGrace = reader.IntegerInRange("request_body_grace_s", 2, 3600, "a whole number of seconds from 2 to 3600 (the rate is checked once a second)");
        var metrics = reader.Boolean("metrics");
        if (metrics == true && path == MetricsPath)
        {
            diagnostics.Add(DiagnosticCodes.MetricsPathTaken(MappingReader.At(reader.Node("path")!)));
        }

        reader.ReportUnknownKeys();
        return new HttpSettingsConfig(host, port, path, origins, stateless, idle, maxSessions, maxBody)
        {
            Metrics = metrics,
            RequestHeadersTimeoutSeconds = headersTimeout,
            MinRequestBodyBytesPerSecond = minBodyRate,
            RequestBodyGraceSeconds = bodyGrace,
            AllowedHosts = allowedHosts,
            AllowUnauthenticated = allowUnauthenticated,
            Auth = auth,
        };
    }

    private static bool IsOrigin(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && uri.Host.Length > 0
        && uri.UserInfo.Length == 0
        && text.TrimEnd('/') == uri.GetLeftPart(UriPartial.Authority).TrimEnd('/')
        && !text.EndsWith('/');

    private static HandlerPath? ReadCompletion(MappingReader top, List<Diagnostic> diagnostics)
    {
        var node = top.Mapping("completion");
        if (node is null)
        {
            return null;
        }

        var reader = new MappingReader(node, "'completion'", diagnostics);
        var handler = ReadHandler(reader, diagnostics);
        reader.ReportUnknownKeys();
        return handler;
    }

    /// <summary>Where <c>openapi:</c> documents are read from, and where the files read are listed.</summary>
    private sealed record OpenApiImport(string? BaseDirectory, List<string> InputFiles);

    private static List<ToolConfig> ReadTools(MappingReader top, Templating.TemplateLocator locator, PolicyConfig defaults, List<Diagnostic> diagnostics, OpenApiImport? import)
    {
        var tools = new List<ToolConfig>();
        var entries = OpenApi.OpenApiEntryReader.Read(top, locator, diagnostics);
        var sequence = top.Sequence("tools");
        if (sequence is null && entries.Count == 0)
        {
            return tools;
        }

        var firstLines = new Dictionary<string, int>(StringComparer.Ordinal);
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in sequence?.Children ?? [])
        {
            if (item is YamlMappingNode { } named && named.Children.FirstOrDefault(p => p.Key is YamlScalarNode { Value: "name" }).Value is YamlScalarNode { Value: { } declaredName })
            {
                declared.Add(declaredName);
            }

            if (item is not YamlMappingNode mapping)
            {
                diagnostics.Add(DiagnosticCodes.WrongShape(MappingReader.At(item), "tools[]", "a mapping with 'type' and 'name'"));
                continue;
            }

            var tool = ReadTool(mapping, locator, defaults, diagnostics);
            if (tool is null)
            {
                continue;
            }

            if (firstLines.TryGetValue(tool.Name, out var firstLine))
            {
                diagnostics.Add(DiagnosticCodes.DuplicateToolName(tool.Position, tool.Name, firstLine));
                continue;
            }

            firstLines[tool.Name] = tool.Position.Line;
            PolicyReader.CheckRetriedMethod(tool, tool.Position, diagnostics);
            tools.Add(tool);
        }

        // Tools of OpenAPI documents after the declared ones: a declared tool of the same name wins.
        if (import is not null && entries.Count > 0 && !diagnostics.Any(d => d.IsError))
        {
            var imported = OpenApi.OpenApiImporter.Import(entries, import.BaseDirectory, defaults, declared, import.InputFiles, diagnostics);
            tools.AddRange(imported);
            declared.UnionWith(imported.Select(t => t.Name));
        }

        PipelineReader.CheckSteps(tools, declared, diagnostics);
        return tools;
    }

    private static ToolConfig? ReadTool(YamlMappingNode node, Templating.TemplateLocator locator, PolicyConfig defaults, List<Diagnostic> diagnostics)
    {
        var reader = new MappingReader(node, "a tool", diagnostics);
        var name = reader.String("name", required: true);
        var nameAt = reader.Node("name") is { } n ? MappingReader.At(n) : reader.Position;
        var where = name is null ? "a tool" : $"tool '{name}'";
        reader = new MappingReader(node, where, diagnostics);
        reader.Accept("name");
        var typeText = reader.String("type", required: true);
        if (name is not null && !ToolName().IsMatch(name))
        {
            diagnostics.Add(DiagnosticCodes.InvalidToolName(nameAt, name));
            name = null;
        }

        if (typeText is null)
        {
            return null;
        }

        var typeAt = MappingReader.At(reader.Node("type")!);
        ToolKind? kind = typeText switch
        {
            "native" => ToolKind.Native,
            "cli" => ToolKind.Cli,
            "http" => ToolKind.Http,
            "pipeline" => ToolKind.Pipeline,
            _ => null,
        };
        if (kind is null)
        {
            diagnostics.Add(DiagnosticCodes.UnknownToolType(typeAt, typeText));
            return null;
        }

        var native = kind == ToolKind.Native;
        var title = reader.String("title");
        var description = reader.String("description");
        HandlerPath? handler = null;
        if (native)
        {
            handler = ReadHandler(reader, diagnostics);
        }
        else if (reader.Node("handler") is not null)
        {
            diagnostics.Add(DiagnosticCodes.KeyNotForToolType(reader.KeyPosition("handler"), "handler", typeText, kind switch
            {
                ToolKind.Http => "it sends the request its YAML declares; there is no handler to write",
                ToolKind.Pipeline => "it runs its 'steps'; there is no handler to write",
                _ => "it runs its 'command'; there is no handler to write",
            }));
        }

        var paramReader = new ParamReader(diagnostics);
        var paramsNode = reader.Mapping("params");
        string? inputSchema = null;
        if (reader.Node("input_schema") is { } schemaNode && !(schemaNode is YamlScalarNode sn && MappingReader.IsNull(sn)))
        {
            if (!native)
            {
                diagnostics.Add(DiagnosticCodes.KeyNotForToolType(reader.KeyPosition("input_schema"), "input_schema", typeText, "its input is checked against its 'params', which its templates read"));
            }
            else if (paramsNode is not null)
            {
                diagnostics.Add(DiagnosticCodes.InputSchemaWithParams(reader.KeyPosition("input_schema"), name ?? "?"));
            }
            else
            {
                inputSchema = InputSchemaReader.Read(schemaNode, name ?? "?", diagnostics);
            }
        }

        string? exampleArguments = null;
        if (reader.Node("example_arguments") is { } examplesNode && !(examplesNode is YamlScalarNode en && MappingReader.IsNull(en)))
        {
            if (inputSchema is null && reader.Node("input_schema") is null)
            {
                diagnostics.Add(DiagnosticCodes.ExampleArgumentsWithoutSchema(reader.KeyPosition("example_arguments"), name ?? "?"));
            }
            else
            {
                exampleArguments = InputSchemaReader.ReadArguments(examplesNode, diagnostics);
            }
        }

        var parameters = paramsNode is null ? [] : paramReader.ReadParams(paramsNode, where, toolParams: true);
        IReadOnlyList<ParamConfig>? output = null;
        if (native)
        {
            output = reader.Mapping("output") is { } o ? paramReader.ReadParams(o, $"the output of {where}") : null;
        }
        else if (reader.Node("output") is not null)
        {
            diagnostics.Add(DiagnosticCodes.KeyNotForToolType(reader.KeyPosition("output"), "output", typeText, kind switch
            {
                ToolKind.Http => "its result is the response body, whose shape no schema fixes",
                ToolKind.Pipeline => "its result is always {results, variables}",
                _ => "its result is always {stdout, stderr, exit_code}",
            }));
        }

        var annotations = ReadAnnotations(reader, diagnostics);
        var (scopes, scopesAt) = AuthReader.ReadScopes(reader, diagnostics);
        var task = ReadTaskSupport(reader, diagnostics);
        var taskStart = reader.String("task_start");
        if (taskStart is not null && taskStart is not ("call" or "handler"))
        {
            diagnostics.Add(DiagnosticCodes.InvalidValue(MappingReader.At(reader.Node("task_start")!), "task_start", taskStart, "call or handler"));
        }
        else if (taskStart == "handler" && kind != ToolKind.Native)
        {
            diagnostics.Add(DiagnosticCodes.KeyNotForToolType(reader.KeyPosition("task_start"), "task_start", typeText, "only a native handler can call ContinueAsTask"));
        }
        else if (taskStart == "handler" && task == TaskSupport.None && reader.Node("task") is null)
        {
            // A handler that may continue as a task makes the tool one.
            task = TaskSupport.Optional;
        }
        else if (taskStart == "handler" && task == TaskSupport.None)
        {
            diagnostics.Add(DiagnosticCodes.InvalidValue(MappingReader.At(reader.Node("task_start")!), "task_start", taskStart, "call, for a tool declared task: false"));
        }

        // Templates name parameters: only parameters read without error can be checked (the others are reported).
        var unreadable = (paramsNode?.Children.Keys ?? []).Select(k => (k as YamlScalarNode)?.Value ?? string.Empty)
            .Except(parameters.Select(p => p.Name), StringComparer.Ordinal)
            .ToHashSet(StringComparer.Ordinal);
        var cli = kind == ToolKind.Cli ? CliReader.Read(reader, name ?? "?", parameters, unreadable, locator, diagnostics) : null;
        var http = kind == ToolKind.Http ? HttpReader.Read(reader, name ?? "?", parameters, unreadable, locator, diagnostics) : null;
        var pipeline = kind == ToolKind.Pipeline ? PipelineReader.Read(reader, name ?? "?", parameters, unreadable, locator, diagnostics) : null;
        var policies = PolicyReader.ReadTool(reader, name ?? "?", kind.Value, defaults, diagnostics);
        if (policies.TimeoutMs is { } timeout && reader.Node("timeout_ms") is null)
        {
            // A cli or http tool's runner applies the timeout itself: it kills the process tree, or aborts the request.
            cli = cli is null ? null : cli with { TimeoutMs = timeout };
            http = http is null ? null : http with { TimeoutMs = timeout };
        }

        if (kind is ToolKind.Cli or ToolKind.Http)
        {
            policies = policies with { TimeoutMs = null };
        }

        reader.ReportUnknownKeys();
        return name is null || (kind == ToolKind.Cli && cli is null) || (kind == ToolKind.Http && http is null) || (kind == ToolKind.Pipeline && pipeline is null)
            ? null
            : new ToolConfig(kind.Value, name, nameAt, title, description, handler, parameters, output, annotations, cli, http, pipeline) { InputSchema = inputSchema, ExampleArguments = exampleArguments, Policies = policies.IsEmpty ? null : policies, Task = task, TaskStartsInHandler = taskStart == "handler" && task != TaskSupport.None, Scopes = scopes, ScopesPosition = scopesAt };
    }

    internal static HandlerPath? ReadHandler(MappingReader tool, List<Diagnostic> diagnostics)
    {
        var node = tool.Mapping("handler");
        if (node is null)
        {
            return null;
        }

        var reader = new MappingReader(node, "'handler'", diagnostics);
        var path = reader.String("path", required: true);
        var at = reader.Node("path") is { } p ? MappingReader.At(p) : reader.Position;
        if (reader.Node("inline") is not null)
        {
            diagnostics.Add(DiagnosticCodes.NotSupportedYet(reader.KeyPosition("inline"), "handler.inline"));
        }

        reader.ReportUnknownKeys();
        if (path is null)
        {
            return null;
        }

        var rust = path.Contains("::", StringComparison.Ordinal);
        var segments = rust ? path.Split("::") : path.Split('.');
        if (segments.Any(s => !Identifier().IsMatch(s)))
        {
            diagnostics.Add(DiagnosticCodes.InvalidHandlerPath(at, path));
            return null;
        }

        // Rust paths name modules and functions in snake_case; C# names types in PascalCase.
        var names = rust ? segments.Select(Emit.CSharpNames.Pascal).ToArray() : segments;
        return new HandlerPath(names[..^1], names[^1], at);
    }

    /// <summary><c>task:</c> true or false as before, or optional or required.</summary>
    private static TaskSupport ReadTaskSupport(MappingReader tool, List<Diagnostic> diagnostics)
    {
        if (tool.Node("task") is not YamlScalarNode scalar || MappingReader.IsNull(scalar))
        {
            if (tool.Node("task") is { } other)
            {
                diagnostics.Add(DiagnosticCodes.InvalidValue(MappingReader.At(other), "task", MappingReader.Describe(other), TaskValues));
            }

            return TaskSupport.None;
        }

        switch (MappingReader.ToValue(scalar))
        {
            case { Kind: YamlValueKind.Boolean, Value: bool value }:
                return value ? TaskSupport.Optional : TaskSupport.None;
            case { Kind: YamlValueKind.String } when scalar.Value is "optional":
                return TaskSupport.Optional;
            case { Kind: YamlValueKind.String } when scalar.Value is "required":
                return TaskSupport.Required;
            default:
                diagnostics.Add(DiagnosticCodes.InvalidValue(MappingReader.At(scalar), "task", MappingReader.Describe(scalar), TaskValues));
                return TaskSupport.None;
        }
    }

    private const string TaskValues = "true, false, optional or required";

    private static ToolAnnotations? ReadAnnotations(MappingReader tool, List<Diagnostic> diagnostics)
    {
        var node = tool.Mapping("annotations");
        if (node is null)
        {
            return null;
        }

        var reader = new MappingReader(node, "'annotations'", diagnostics);
        var annotations = new ToolAnnotations(
            reader.String("title"),
            reader.Boolean("read_only"),
            reader.Boolean("destructive"),
            reader.Boolean("idempotent"),
            reader.Boolean("open_world"));
        reader.ReportUnknownKeys();
        return annotations;
    }

    /// <summary>The line of the earlier key at the same column: YamlDotNet reports only the repeated one.</summary>
    private static int FindFirstKeyLine(string yaml, string key, SourcePosition repeated)
    {
        var lines = yaml.Split('\n');
        for (var i = Math.Min(lines.Length, repeated.Line - 1) - 1; i >= 0; i--)
        {
            var line = lines[i];
            var column = repeated.Column - 1;
            if (line.Length > column && line.AsSpan(column).StartsWith(key + ":", StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        return repeated.Line;
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex ToolName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex("Duplicate key[: ]+'?([^'\\s]*)'?")]
    private static partial Regex DuplicateKeyMessage();
}
