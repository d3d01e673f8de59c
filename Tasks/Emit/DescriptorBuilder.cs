using System.Globalization;
using System.Text.Json;
using PForge.Tasks.Config;
using PForge.Tasks.Schema;

namespace PForge.Tasks.Emit;

/// <summary>Decides every name, type and literal of the generated code from the checked configuration.</summary>
public sealed class DescriptorBuilder
{
    private const string ListType = "global::System.Collections.Generic.IReadOnlyList";
    private const string JsonElementType = "global::System.Text.Json.JsonElement";

    /// <summary>Members every generated record has (its reader or writer, and those of every record type).</summary>
    private static readonly HashSet<string> ReservedMembers = new(StringComparer.Ordinal)
    {
        "TryRead", "Write", "WriteObject", "ToString", "Equals", "GetHashCode", "GetType", "EqualityContract",
        "PrintMembers", "Deconstruct", "MemberwiseClone", "Finalize",
    };

    private readonly string _rootNamespace;
    private readonly List<Diagnostic> _diagnostics;
    private readonly Dictionary<string, string> _classNames = new(StringComparer.Ordinal);

    /// <summary>Each parameter and property built so far, with the record that declares it: what templates name.</summary>
    private readonly Dictionary<ParamConfig, (FieldDescriptor Field, string Owner)> _fields = new(ReferenceEqualityComparer.Instance);

    public DescriptorBuilder(string rootNamespace, List<Diagnostic> diagnostics)
    {
        // The project's RootNamespace comes from its file name ('my-server'): make it a namespace C# accepts.
        _rootNamespace = CSharpNames.Namespace(rootNamespace);
        _diagnostics = diagnostics;
    }

    public ServerDescriptor Build(PForgeConfig config, string generatorVersion, bool httpHost = false)
    {
        ArgumentNullException.ThrowIfNull(config);
        var tools = new List<ToolDescriptor>();
        var toolNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var handlerNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tool in config.Tools)
        {
            var pascal = CSharpNames.Pascal(tool.Name);
            if (pascal.Length == 0)
            {
                _diagnostics.Add(DiagnosticCodes.NoIdentifier(tool.Position, tool.Name));
                continue;
            }

            if (Collides(toolNames, pascal, tool.Name, tool.Position))
            {
                continue;
            }

            var descriptor = BuildTool(tool, tools.Count, pascal);
            if (descriptor.IsNative && Collides(handlerNames, descriptor.HandlerFullName, tool.Name, tool.Handler?.Position ?? tool.Position))
            {
                continue;
            }

            tools.Add(descriptor);
        }

        // Pipeline steps name tools by name: each gets its registry index once every tool has one.
        var indexes = tools.ToDictionary(t => t.Name, t => t.Index, StringComparer.Ordinal);
        foreach (var step in tools.Where(t => t.Pipeline is not null).SelectMany(t => t.Pipeline!.Steps))
        {
            step.ToolIndex = indexes.TryGetValue(step.Tool, out var index) ? index : -1;
        }

        var forge = config.Forge;
        var handlers = new List<HandlerDescriptor>();
        var resources = BuildResources(config.Resources, handlerNames, handlers);
        var completions = new List<CompletionDescriptor>();
        var prompts = BuildPrompts(config.Prompts, handlerNames, handlers, completions);
        foreach (var (resource, index) in config.Resources.Select((r, i) => (r, i)).Where(p => p.r.Template is not null))
        {
            foreach (var variable in resource.Variables.Where(v => v.Enum is not null))
            {
                completions.Add(Completion(false, resource.Uri, variable.Name, variable.Enum!, completions.Count));
            }
        }

        HandlerDescriptor? completion = null;
        if (config.CompletionHandler is { } completionPath)
        {
            completion = Handler("completion", completionPath, "_completion_", "completion/complete", string.Empty, [], handlerNames, "completion");
            if (completion is not null)
            {
                handlers.Add(completion);
            }
        }

        return new ServerDescriptor
        {
            Namespace = _rootNamespace,
            ServerClass = "PForgeServer",
            NameLiteral = CSharpNames.StringLiteral(forge.Name),
            VersionLiteral = CSharpNames.StringLiteral(forge.Version),
            TransportLiteral = CSharpNames.StringLiteral(forge.Transport),
            ServerInfoJsonLiteral = CSharpNames.Utf8Literal(ServerInfoJson(forge)),
            CapabilitiesJsonLiteral = CSharpNames.Utf8Literal(CapabilitiesJson(config)),
            InstructionsLiteral = forge.Instructions is null ? "null" : CSharpNames.StringLiteral(forge.Instructions),
            ToolsListJsonLiteral = CSharpNames.Utf8Literal(ToolsListJson(config.Tools, tools)),
            Tools = tools,
            GeneratorVersion = generatorVersion,
            ResourcesListJsonLiteral = config.Resources.Count == 0 ? string.Empty : CSharpNames.Utf8Literal(ResourcesListJson(config.Resources, templates: false)),
            ResourceTemplatesListJsonLiteral = config.Resources.Count == 0 ? string.Empty : CSharpNames.Utf8Literal(ResourcesListJson(config.Resources, templates: true)),
            PromptsListJsonLiteral = config.Prompts.Count == 0 ? string.Empty : CSharpNames.Utf8Literal(PromptsListJson(config.Prompts)),
            Resources = resources,
            Prompts = prompts,
            Completion = completion,
            Completions = completions,
            Handlers = handlers,
            PageSizeLiteral = forge.PageSize?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            HttpSettings = forge.Http is null && forge.MaxMessageBytes is null ? null : HttpSettings(forge.Http ?? new HttpSettingsConfig(null, null, null, null, null, null, null, null), forge.MaxMessageBytes),
            MaxMessageBytesLiteral = forge.MaxMessageBytes?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            LogLevelLiteral = forge.LogLevel is null ? string.Empty : CSharpNames.StringLiteral(forge.LogLevel),
            HttpHost = httpHost,
        };
    }

    /// <summary>
    /// A resource, prompt or completion handler, or null when its type collides with another handler's (reported):
    /// <paramref name="suffix"/> names its request class (<c>Request</c>, <c>Arguments</c>), empty for none.
    /// </summary>
    private HandlerDescriptor? Handler(string kind, HandlerPath path, string field, string subject, string suffix, IReadOnlyList<RequestPropertyDescriptor> properties, Dictionary<string, string> handlerNames, string origin)
    {
        var ns = string.Join('.', new[] { _rootNamespace }.Concat(path.Namespace));
        var fullName = $"global::{ns}.{path.TypeName}";
        if (Collides(handlerNames, fullName, origin, path.Position))
        {
            return null;
        }

        var requestClass = suffix.Length == 0 ? string.Empty : path.TypeName + suffix;
        if (requestClass.Length > 0 && Collides(_classNames, requestClass, origin, path.Position))
        {
            return null;
        }

        return new HandlerDescriptor
        {
            Kind = kind,
            Namespace = ns,
            ClassName = path.TypeName,
            FullName = fullName,
            Field = field,
            File = string.Join('/', path.Namespace.Append(path.TypeName + ".cs")),
            Subject = subject,
            RequestClass = requestClass,
            Properties = properties,
        };
    }

    private List<ResourceDescriptor> BuildResources(IReadOnlyList<ResourceConfig> configs, Dictionary<string, string> handlerNames, List<HandlerDescriptor> handlers)
    {
        var result = new List<ResourceDescriptor>();
        for (var index = 0; index < configs.Count; index++)
        {
            var resource = configs[index];
            var isTemplate = resource.Template is not null;
            var variables = new List<RequestPropertyDescriptor>();
            if (resource.Template is { } template)
            {
                var names = new Dictionary<string, string>(StringComparer.Ordinal) { ["Uri"] = "uri" };
                foreach (var variable in template.Variables)
                {
                    var property = CSharpNames.Pascal(variable);
                    if (property == "Uri" || ReservedMembers.Contains(property))
                    {
                        property += "Value";
                    }

                    if (Collides(names, property, variable, resource.Position))
                    {
                        continue;
                    }

                    var description = resource.Variables.FirstOrDefault(v => v.Name == variable)?.Description;
                    variables.Add(new RequestPropertyDescriptor
                    {
                        PropertyName = property,
                        Summary = CSharpNames.XmlDoc(description is null ? $"The value of {{{variable}}}, percent-decoded." : $"{description} (the value of {{{variable}}}, percent-decoded)."),
                        CSharpType = "string",
                    });
                }
            }

            HandlerDescriptor? handler = null;
            if (resource.Handler is { } path)
            {
                var subject = $"resource '{resource.Name}' ({resource.Uri})";
                handler = Handler("resource", path, $"_resource_{index}", subject, "Request", variables, handlerNames, resource.Name);
                if (handler is null)
                {
                    continue;
                }

                handlers.Add(handler);
            }

            var mime = resource.MimeType is null ? "null" : CSharpNames.StringLiteral(resource.MimeType);
            var uri = CSharpNames.StringLiteral(resource.Uri);
            result.Add(new ResourceDescriptor
            {
                Index = index,
                IsTemplate = isTemplate,
                UriLiteral = uri,
                Match = resource.Subscribe ? "Subscribable" : "Readable",
                StaticField = resource.Source == ResourceSource.Handler ? string.Empty : $"s_resource{index}",
                StaticInit = resource.Source switch
                {
                    ResourceSource.Text => $"global::PForge.Runtime.Resources.ResourceContent.FromText({uri}, {CSharpNames.StringLiteral(resource.Content!)}, {mime})",
                    ResourceSource.Blob => $"global::PForge.Runtime.Resources.ResourceContent.FromBase64({uri}, {CSharpNames.StringLiteral(resource.Content!)}, {mime})",
                    _ => string.Empty,
                },
                Handler = handler,
                RegexMethod = isTemplate ? $"UriTemplate{index}" : string.Empty,
                RegexLiteral = resource.Template is { } t ? CSharpNames.StringLiteral(t.ToRegex()) : string.Empty,
                Variables = variables,
            });
        }

        return result;
    }

    private List<PromptDescriptor> BuildPrompts(IReadOnlyList<PromptConfig> configs, Dictionary<string, string> handlerNames, List<HandlerDescriptor> handlers, List<CompletionDescriptor> completions)
    {
        var result = new List<PromptDescriptor>();
        for (var index = 0; index < configs.Count; index++)
        {
            var prompt = configs[index];
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            var arguments = new List<PromptArgumentDescriptor>();
            var properties = new List<RequestPropertyDescriptor>();
            var locals = new Dictionary<string, PromptArgumentDescriptor>(StringComparer.Ordinal);
            foreach (var argument in prompt.Arguments)
            {
                var property = CSharpNames.Pascal(argument.Name);
                if (ReservedMembers.Contains(property))
                {
                    property += "Value";
                }

                if (Collides(names, property, argument.Name, argument.Position))
                {
                    continue;
                }

                var nameLiteral = CSharpNames.StringLiteral(argument.Name);
                var nullable = !argument.Required && argument.Default is null;
                var read = argument.Required
                    ? $"RequiredArgument(arguments, {nameLiteral}, {CSharpNames.StringLiteral($"Missing required argument: '{argument.Name}' for prompt '{prompt.Name}'")})"
                    : argument.Default is { } value
                        ? $"OptionalArgument(arguments, {nameLiteral}) ?? {CSharpNames.StringLiteral(value)}"
                        : $"OptionalArgument(arguments, {nameLiteral})";
                var descriptor = new PromptArgumentDescriptor
                {
                    NameLiteral = nameLiteral,
                    Local = "a" + property,
                    PropertyName = property,
                    Read = read,
                    Nullable = nullable,
                    EnumPattern = argument.Enum is { } values ? string.Join(" or ", values.Select(CSharpNames.StringLiteral)) : string.Empty,
                    EnumMessageLiteral = argument.Enum is { } allowed
                        ? CSharpNames.StringLiteral($"Argument '{argument.Name}' of prompt '{prompt.Name}' must be one of: {string.Join(", ", allowed)}")
                        : "\"\"",
                };
                arguments.Add(descriptor);
                locals[argument.Name] = descriptor;
                properties.Add(new RequestPropertyDescriptor
                {
                    PropertyName = property,
                    Summary = CSharpNames.XmlDoc(argument.Description ?? argument.Name),
                    CSharpType = nullable ? "string?" : "string",
                });
                if (argument.Enum is { } candidates)
                {
                    completions.Add(Completion(true, prompt.Name, argument.Name, candidates, completions.Count));
                }
            }

            HandlerDescriptor? handler = null;
            if (prompt.Handler is { } path)
            {
                handler = Handler("prompt", path, $"_prompt_{index}", $"prompt '{prompt.Name}'", "Arguments", properties, handlerNames, prompt.Name);
                if (handler is null)
                {
                    continue;
                }

                handlers.Add(handler);
            }

            result.Add(new PromptDescriptor
            {
                Index = index,
                NameLiteral = CSharpNames.StringLiteral(prompt.Name),
                Arguments = arguments,
                Messages = [.. (prompt.Messages ?? []).Select(m => MessageExpression(m, locals))],
                DescriptionLiteral = prompt.Description is null ? "null" : CSharpNames.StringLiteral(prompt.Description),
                Handler = handler,
            });
        }

        return result;
    }

    private static CompletionDescriptor Completion(bool isPrompt, string reference, string argument, IReadOnlyList<string> values, int index) => new()
    {
        IsPrompt = isPrompt,
        ReferenceLiteral = CSharpNames.StringLiteral(reference),
        ArgumentLiteral = CSharpNames.StringLiteral(argument),
        Field = $"s_completion{index}",
        ValuesInit = "[" + string.Join(", ", values.Select(CSharpNames.StringLiteral)) + "]",
    };

    /// <summary>A <c>PromptMessage</c> expression: its role and one content block, text templates concatenated over the argument locals.</summary>
    private static string MessageExpression(PromptMessageConfig message, Dictionary<string, PromptArgumentDescriptor> locals)
    {
        const string Content = "global::PForge.Runtime.Content.ContentBlock";
        var role = message.Assistant ? "global::PForge.Runtime.Prompts.Role.Assistant" : "global::PForge.Runtime.Prompts.Role.User";
        var mime = message.MimeType is null ? "null" : CSharpNames.StringLiteral(message.MimeType);
        var block = message.Kind switch
        {
            PromptContentKind.Text => $"{Content}.Text({Text(message.Text!, locals)})",
            PromptContentKind.Image => $"{Content}.Image({CSharpNames.StringLiteral(message.Data!)}, {mime})",
            PromptContentKind.Audio => $"{Content}.Audio({CSharpNames.StringLiteral(message.Data!)}, {mime})",
            _ when message.Text is not null => $"{Content}.Resource(global::PForge.Runtime.Resources.ResourceContent.FromText({Text(message.Uri!, locals)}, {Text(message.Text, locals)}, {mime}))",
            _ => $"{Content}.Resource(global::PForge.Runtime.Resources.ResourceContent.FromBase64({Text(message.Uri!, locals)}, {CSharpNames.StringLiteral(message.Data!)}, {mime}))",
        };
        return $"new global::PForge.Runtime.Prompts.PromptMessage({role}, {block})";
    }

    /// <summary>A string expression of a prompt text template: a literal, or the concatenation of literals and argument locals.</summary>
    private static string Text(Templating.Template template, Dictionary<string, PromptArgumentDescriptor> locals)
    {
        var parts = template.Segments.Select(segment => segment switch
        {
            Templating.TextSegment text => (CSharpNames.StringLiteral(text.Text), false),
            Templating.ArgumentSegment argument => (locals[argument.Name].Local, locals[argument.Name].Nullable),
            _ => throw new InvalidOperationException($"no prompt text for {segment}"),
        }).ToList();
        return parts switch
        {
            [] => "\"\"",
            [(var only, false)] => only,
            [(var only, true)] => $"({only} ?? \"\")",
            _ => $"string.Concat({string.Join(", ", parts.Select(p => p.Item1))})",
        };
    }

    /// <summary>The initializers of <c>HttpSettings</c>: <c>forge.http</c>'s, and the body limit of <c>forge.max_message_bytes</c> unless <c>forge.http</c> sets its own.</summary>
    private static List<string> HttpSettings(HttpSettingsConfig http, int? maxMessageBytes)
    {
        var lines = new List<string>();
        if (http.Host is { } host)
        {
            lines.Add($"Host = {CSharpNames.StringLiteral(host)},");
        }

        if (http.Port is { } port)
        {
            lines.Add($"Port = {port.ToString(CultureInfo.InvariantCulture)},");
        }

        if (http.Path is { } path)
        {
            lines.Add($"Path = {CSharpNames.StringLiteral(path)},");
        }

        if (http.AllowedOrigins is { } origins)
        {
            lines.Add($"AllowedOrigins = [{string.Join(", ", origins.Select(CSharpNames.StringLiteral))}],");
        }

        if (http.Stateless is { } stateless)
        {
            lines.Add($"Stateless = {(stateless ? "true" : "false")},");
        }

        if (http.SessionIdleTimeoutSeconds is { } idle)
        {
            lines.Add($"SessionIdleTimeout = global::System.TimeSpan.FromSeconds({idle.ToString(CultureInfo.InvariantCulture)}),");
        }

        if (http.MaxSessions is { } sessions)
        {
            lines.Add($"MaxSessions = {sessions.ToString(CultureInfo.InvariantCulture)},");
        }

        if ((http.MaxRequestBodyBytes ?? maxMessageBytes) is { } body)
        {
            lines.Add($"MaxRequestBodyBytes = {CSharpNames.LongLiteral(body)},");
        }

        if (http.RequestHeadersTimeoutSeconds is { } headers)
        {
            lines.Add($"RequestHeadersTimeout = global::System.TimeSpan.FromSeconds({headers.ToString(CultureInfo.InvariantCulture)}),");
        }

        if (http.MinRequestBodyBytesPerSecond is { } rate)
        {
            lines.Add($"MinRequestBodyBytesPerSecond = {rate.ToString(CultureInfo.InvariantCulture)},");
        }

        if (http.RequestBodyGraceSeconds is { } grace)
        {
            lines.Add($"RequestBodyGracePeriod = global::System.TimeSpan.FromSeconds({grace.ToString(CultureInfo.InvariantCulture)}),");
        }

        if (http.Metrics is { } metrics)
        {
            lines.Add($"Metrics = {(metrics ? "true" : "false")},");
        }

        return lines;
    }

    /// <summary>The initializers of a tool's <c>PolicySettings</c> (e.g. <c>MaxConcurrent = 4,</c>), each policy it has.</summary>
    private static List<string> PolicySettings(PolicyConfig policies)
    {
        const string Ns = "global::PForge.Runtime.Settings.";
        static string Ms(int value) => $"global::System.TimeSpan.FromMilliseconds({value.ToString(CultureInfo.InvariantCulture)})";
        static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
        var lines = new List<string>();
        if (policies.TimeoutMs is { } timeout)
        {
            lines.Add($"Timeout = {Ms(timeout)},");
        }

        if (policies.Retry is { } retry)
        {
            lines.Add($"Retry = new {Ns}RetrySettings {{ MaxAttempts = {Int(retry.MaxAttempts)}, InitialBackoff = {Ms(retry.InitialBackoffMs)}, MaxBackoff = {Ms(retry.MaxBackoffMs)}, Jitter = {(retry.Jitter ? "true" : "false")} }},");
        }

        if (policies.CircuitBreaker is { } breaker)
        {
            lines.Add($"CircuitBreaker = new {Ns}CircuitBreakerSettings {{ FailureThreshold = {Int(breaker.FailureThreshold)}, OpenDuration = {Ms(breaker.OpenMs)}, SuccessThreshold = {Int(breaker.SuccessThreshold)} }},");
        }

        if (policies.RateLimit is { } rate)
        {
            lines.Add($"RateLimit = new {Ns}RateLimitSettings {{ PermitsPerSecond = {Int(rate.PermitsPerSecond)} }},");
        }

        if (policies.MaxConcurrent is { } max)
        {
            lines.Add($"MaxConcurrent = {Int(max)},");
        }

        return lines;
    }

    /// <summary>The <c>capabilities</c> of the initialize result: tools always; resources and prompts when declared.</summary>
    private static string CapabilitiesJson(PForgeConfig config)
    {
        var json = new System.Text.StringBuilder("""{"tools":{"listChanged":true}""");
        if (config.Resources.Count > 0)
        {
            json.Append(""","resources":{"subscribe":""").Append(config.Resources.Any(r => r.Subscribe) ? "true" : "false").Append(""","listChanged":true}""");
        }

        if (config.Prompts.Count > 0)
        {
            json.Append(""","prompts":{"listChanged":true}""");
        }

        return json.Append(""","logging":{},"completions":{}}""").ToString();
    }

    private static string ResourcesListJson(IReadOnlyList<ResourceConfig> resources, bool templates) => JsonText.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray(templates ? "resourceTemplates" : "resources");
        foreach (var resource in resources.Where(r => (r.Template is not null) == templates))
        {
            writer.WriteStartObject();
            writer.WriteString(templates ? "uriTemplate" : "uri", resource.Uri);
            writer.WriteString("name", resource.Name);
            WriteOptional(writer, "title", resource.Title);
            WriteOptional(writer, "description", resource.Description);
            WriteOptional(writer, "mimeType", resource.MimeType);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    private static string PromptsListJson(IReadOnlyList<PromptConfig> prompts) => JsonText.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("prompts");
        foreach (var prompt in prompts)
        {
            writer.WriteStartObject();
            writer.WriteString("name", prompt.Name);
            WriteOptional(writer, "title", prompt.Title);
            WriteOptional(writer, "description", prompt.Description);
            writer.WriteStartArray("arguments");
            foreach (var argument in prompt.Arguments)
            {
                writer.WriteStartObject();
                writer.WriteString("name", argument.Name);
                WriteOptional(writer, "description", argument.Description);
                writer.WriteBoolean("required", argument.Required);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    private ToolDescriptor BuildTool(ToolConfig tool, int index, string pascal)
    {
        var types = new List<ObjectDescriptor>();
        var raw = tool.InputSchema is not null;
        ObjectDescriptor input;
        (string Compact, string Indented) inputSchema;
        if (raw)
        {
            // A raw input_schema: the arguments stay JSON, and the schema is served as written.
            Collides(_classNames, pascal + "Input", tool.Name, tool.Position);
            input = new ObjectDescriptor { ClassName = pascal + "Input", Summary = CSharpNames.XmlDoc($"The arguments of tool '{tool.Name}', as JSON (its input_schema is not checked here)."), IsOutput = false, IsRoot = true, Fields = [], Patterns = [] };
            using var document = JsonDocument.Parse(tool.InputSchema!);
            inputSchema = (tool.InputSchema!, JsonText.Write(document.RootElement.WriteTo, indented: true));
        }
        else
        {
            input = BuildObject(pascal + "Input", $"The arguments of tool '{tool.Name}'.", tool.Params, isOutput: false, types, tool.Name, tool.Position, isRoot: true);
            inputSchema = SchemaBuilder.Build(tool.Params);
        }

        var native = tool.Kind == ToolKind.Native;
        var output = native && tool.Output is not null
            ? BuildObject(pascal + "Output", $"The output of tool '{tool.Name}'.", tool.Output, isOutput: true, types, tool.Name, tool.Position, isRoot: true)
            : null;

        // cli and pipeline results have fixed shapes; http response bodies vary, so an http tool declares none.
        (string Compact, string Indented)? outputSchema = tool.Kind switch
        {
            ToolKind.Cli => CliSchema.Output,
            ToolKind.Pipeline => (PipelineSchema.OutputCompact, PipelineSchema.OutputIndented),
            ToolKind.Native when tool.Output is not null => SchemaBuilder.Build(tool.Output),
            _ => null,
        };
        var handlerNamespace = tool.Handler is { } h ? h.Namespace : ["Handlers"];
        var handlerClass = tool.Handler?.TypeName ?? pascal + "Handler";
        var ns = string.Join('.', new[] { _rootNamespace }.Concat(handlerNamespace));
        return new ToolDescriptor
        {
            Index = index,
            Name = tool.Name,
            NameLiteral = CSharpNames.StringLiteral(tool.Name),
            Description = CSharpNames.XmlDoc(tool.Description ?? tool.Name),
            Kind = tool.Kind.ToString().ToLowerInvariant(),
            RawInput = raw,
            HandlerNamespace = native ? ns : string.Empty,
            HandlerClass = native ? handlerClass : string.Empty,
            HandlerFullName = native ? $"global::{ns}.{handlerClass}" : string.Empty,
            HandlerField = native ? "_" + CSharpNames.Camel(tool.Name).TrimStart('@') : string.Empty,
            HandlerFile = native ? string.Join('/', handlerNamespace.Append(handlerClass + ".cs")) : string.Empty,
            Cli = tool.Kind == ToolKind.Cli ? BuildCli(tool.Cli!) : null,
            Http = tool.Kind == ToolKind.Http ? BuildHttp(tool.Http!) : null,
            Pipeline = tool.Kind == ToolKind.Pipeline ? BuildPipeline(tool.Pipeline!) : null,
            Policy = tool.Policies is null ? null : PolicySettings(tool.Policies),
            Input = input,
            Output = output,
            Types = types,
            InputSchemaCompact = inputSchema.Compact,
            OutputSchemaCompact = outputSchema?.Compact,
            InputSchemaIndented = inputSchema.Indented,
            OutputSchemaIndented = outputSchema?.Indented,
        };
    }

    private static PipelineDescriptor BuildPipeline(PipelineConfig pipeline) => new()
    {
        Steps = [.. pipeline.Steps.Select(step => new PipelineStepDescriptor
        {
            Tool = step.Tool,
            ToolLiteral = CSharpNames.StringLiteral(step.Tool),
            InputStatements = PipelineCompiler.Input(step.Input),
            OutputVariableLiteral = step.OutputVar is null ? "null" : CSharpNames.StringLiteral(step.OutputVar),
            Condition = PipelineCompiler.Condition(step.Condition),
            ContinueOnErrorLiteral = step.ContinueOnError ? "true" : "false",
        })],
    };

    /// <summary>The invocation of a cli tool, its templates compiled over the input record built just before.</summary>
    private CliDescriptor BuildCli(CliConfig cli)
    {
        var compiler = new TemplateCompiler(_rootNamespace, member => _fields.TryGetValue(member, out var found) ? found : null);
        var templates = cli.Args.Concat(cli.Env.Select(e => e.Value)).Concat(cli.Cwd is null ? [] : [cli.Cwd]);
        return new CliDescriptor
        {
            CommandLiteral = CSharpNames.StringLiteral(cli.Command),
            InputDeclaration = TemplateCompiler.UsesInput(templates) ? "var " + TemplateCompiler.Input : "_",
            Arguments = [.. cli.Args.Select(compiler.Argument)],
            WorkingDirectory = cli.Cwd is null ? "null" : compiler.Text(cli.Cwd),
            Environment = [.. cli.Env.Select(e => new CliEnvDescriptor { NameLiteral = CSharpNames.StringLiteral(e.Key), Value = compiler.Text(e.Value) })],
            TimeoutLiteral = CSharpNames.LongLiteral(cli.TimeoutMs),
            StreamLiteral = cli.Stream ? "true" : "false",
            MaxOutputBytesLiteral = cli.MaxOutputBytes.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The request of an http tool, its templates compiled over the input record built just before.</summary>
    private HttpDescriptor BuildHttp(HttpConfig http)
    {
        var compiler = new TemplateCompiler(_rootNamespace, member => _fields.TryGetValue(member, out var found) ? found : null);
        var templates = new List<Templating.Template> { http.Endpoint };
        templates.AddRange(http.Query.Select(q => q.Value));
        templates.AddRange(http.Headers.Select(q => q.Value));
        if (http.Body is not null)
        {
            templates.Add(http.Body);
        }

        var headers = http.Headers.Select(h => new CliEnvDescriptor { NameLiteral = CSharpNames.StringLiteral(h.Key), Value = compiler.Text(h.Value) }).ToList();
        if (http.Auth is { } auth)
        {
            templates.Add(auth.Secret);
            if (auth.Username is not null)
            {
                templates.Add(auth.Username);
            }

            headers.Add(auth.Type switch
            {
                "bearer" => new CliEnvDescriptor { NameLiteral = "\"Authorization\"", Value = $"string.Concat(\"Bearer \", {compiler.Text(auth.Secret)})" },
                "basic" => new CliEnvDescriptor { NameLiteral = "\"Authorization\"", Value = $"global::PForge.Runtime.Tools.Http.HttpToolRunner.Basic({compiler.Text(auth.Username!)}, {compiler.Text(auth.Secret)})" },
                _ => new CliEnvDescriptor { NameLiteral = CSharpNames.StringLiteral(auth.Header!), Value = compiler.Text(auth.Secret) },
            });
        }

        return new HttpDescriptor
        {
            MethodLiteral = CSharpNames.StringLiteral(http.Method),
            InputDeclaration = TemplateCompiler.UsesInput(templates) ? "var " + TemplateCompiler.Input : "_",
            Url = compiler.Url(http.Endpoint),
            Query = [.. http.Query.Select(q => new CliEnvDescriptor { NameLiteral = CSharpNames.StringLiteral(q.Key), Value = compiler.Text(q.Value) })],
            Headers = headers,
            Body = http.Body is null ? "null" : compiler.Body(http.Body),
            ContentTypeLiteral = http.Body is null ? "null" : CSharpNames.StringLiteral(TemplateCompiler.BodyContentType(http.Body)),
            TimeoutLiteral = CSharpNames.LongLiteral(http.TimeoutMs),
            MaxResponseBytesLiteral = http.MaxResponseBytes.ToString(CultureInfo.InvariantCulture),
        };
    }

    private ObjectDescriptor BuildObject(string className, string summary, IReadOnlyList<ParamConfig> fields, bool isOutput, List<ObjectDescriptor> types, string origin, SourcePosition at, bool isRoot = false)
    {
        // Records of all tools share the root namespace: tool 'a' with object 'input' and tool 'a_input' would clash.
        Collides(_classNames, className, origin, at);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var patterns = new List<PatternDescriptor>();
        var built = new List<FieldDescriptor>();
        foreach (var field in fields)
        {
            var property = CSharpNames.Pascal(field.Name);
            if (property == className || ReservedMembers.Contains(property))
            {
                // A member may not share its type's name (CS0542) nor a member the record already has (CS0102).
                property += "Value";
            }

            if (Collides(names, property, field.Name, field.Position))
            {
                continue;
            }

            built.Add(BuildField(field, property, className, isOutput, types, patterns));
        }

        var descriptor = new ObjectDescriptor { ClassName = className, Summary = CSharpNames.XmlDoc(summary), IsOutput = isOutput, IsRoot = isRoot, Fields = built, Patterns = patterns };
        types.Insert(0, descriptor);
        return descriptor;
    }

    private FieldDescriptor BuildField(ParamConfig field, string property, string owner, bool isOutput, List<ObjectDescriptor> types, List<PatternDescriptor> patterns)
    {
        var (kind, valueType, objectClass, item) = field.Type switch
        {
            ParamType.String => ("string", "string", null, null),
            ParamType.Integer => ("integer", "long", null, null),
            ParamType.Number => ("number", "double", null, null),
            ParamType.Boolean => ("boolean", "bool", null, (FieldDescriptor?)null),
            ParamType.Object when field.Properties is not null =>
                ("object", owner + property, BuildObject(owner + property, $"The value of '{field.Name}'.", field.Properties, isOutput, types, field.Name, field.Position).ClassName, null),
            ParamType.Array when field.Items is { } items && items.Type != ParamType.Array && (items.Type != ParamType.Object || items.Properties is not null) =>
                ArrayOf(BuildField(items with { Name = field.Name + "[]", Required = true, Default = null }, property + "Item", owner, isOutput, types, patterns)),
            _ => ("json", JsonElementType, null, null),
        };

        var hasDefault = field.Default is not null;
        var nullable = !field.Required && !hasDefault;
        var csharpType = nullable ? valueType + "?" : valueType;
        var reference = kind is "string" or "array" or "object";
        // A JSON default is parsed once, into a static field that the initializer and the reader share.
        var defaultField = kind == "json" && field.Default is not null ? property + "_Default" : string.Empty;
        var defaultExpression = field.Default is { } value ? (defaultField.Length > 0 ? defaultField : DefaultExpression(value, kind, item)) : string.Empty;
        var local = "v" + property;
        var (localType, localInit, construct) = (field.Required, hasDefault) switch
        {
            (true, _) when reference => (valueType + "?", "null", local + "!"),
            (true, _) => (valueType, "default", local),
            (false, true) => (valueType, defaultExpression, local),
            _ => (csharpType, "null", local),
        };
        var rules = field.Validation;
        var patternMethod = string.Empty;
        if (rules.Pattern is { } pattern && !isOutput)
        {
            // '_' keeps it apart from every property: Pascal names have no underscore after the first character.
            patternMethod = $"{property}_Pattern";
            patterns.Add(new PatternDescriptor
            {
                Method = patternMethod,
                Summary = CSharpNames.XmlDoc($"The pattern of '{field.Name}', {pattern}, with its ECMA-262 meaning (as the schema states) in .NET syntax."),
                PatternLiteral = CSharpNames.StringLiteral(EcmaPattern.ToDotNet(pattern)),
            });
        }

        var descriptor = new FieldDescriptor
        {
            JsonName = field.Name,
            JsonNameLiteral = CSharpNames.StringLiteral(field.Name),
            PropertyName = property,
            Local = local,
            LocalType = localType,
            LocalInit = localInit,
            ConstructValue = construct,
            Summary = CSharpNames.XmlDoc(field.Description ?? field.Name),
            CSharpType = csharpType,
            Required = field.Required,
            DefaultExpression = defaultExpression,
            DefaultField = defaultField,
            DefaultFieldInit = defaultField.Length > 0 ? JsonDefault(field.Default!) : string.Empty,
            Kind = kind,
            ObjectClass = objectClass,
            ListWriter = kind == "array" && !isOutput ? property + "_Writer" : string.Empty,
            Item = item,
            JsonToken = field.Type == ParamType.Array ? "StartArray" : "StartObject",
            JsonExpected = field.Type == ParamType.Array ? "an array" : "an object",
            JsonCheck = kind == "json" && field.Type == ParamType.Array && JsonCheck(field) is { } check && (check.HasLength || check.Item is not null) ? check : null,
            Rules = new RulesDescriptor
            {
                EnumPattern = field.Enum is { } values ? string.Join(" or ", values.Select(v => Literal(v, kind))) : string.Empty,
                EnumText = field.Enum is { } names ? CSharpNames.StringLiteral(string.Join(", ", names.Select(v => v.Text))) : "\"\"",
                EnumStrings = kind == "string" && field.Enum is { } strings ? [.. strings.Select(v => CSharpNames.StringLiteral(v.Text))] : [],
                MinLiteral = rules.Min is { } min ? CSharpNames.DoubleLiteral(min) : string.Empty,
                MaxLiteral = rules.Max is { } max ? CSharpNames.DoubleLiteral(max) : string.Empty,
                MinLengthLiteral = rules.MinLength?.ToString(CultureInfo.InvariantCulture) ?? "null",
                MaxLengthLiteral = rules.MaxLength?.ToString(CultureInfo.InvariantCulture) ?? "null",
                PatternMethod = patternMethod,
                PatternLiteral = rules.Pattern is null ? "\"\"" : CSharpNames.StringLiteral(rules.Pattern),
            },
        };
        _fields[field] = (descriptor, owner);
        return descriptor;

        static (string, string, string?, FieldDescriptor?) ArrayOf(FieldDescriptor item) =>
            ("array", $"{ListType}<{item.CSharpType}>", null, item);
    }

    private static string DefaultExpression(YamlValue value, string kind, FieldDescriptor? item) => kind switch
    {
        "array" => "[" + string.Join(", ", value.Items.Select(v => Literal(v, item!.Kind))) + "]",
        _ => Literal(value, kind),
    };

    /// <summary>The initializer of a JSON default's static field: parsed once, cloned out of its pooled document.</summary>
    private static string JsonDefault(YamlValue value) =>
        $"global::System.Text.Json.JsonDocument.Parse({CSharpNames.StringLiteral(JsonSerializer.Serialize(value.ToPlainObject()))}).RootElement.Clone()";

    /// <summary>
    /// What the reader checks of an array it keeps as JSON (no items, items of objects without properties, nested
    /// arrays): its item count, and each item's JSON type when 'items' declares one, level by level.
    /// </summary>
    private static JsonCheckDescriptor JsonCheck(ParamConfig array) => new()
    {
        Type = ParamReader.TypeName(array.Type),
        Expected = array.Type switch
        {
            ParamType.String => "a string",
            ParamType.Integer => "an integer",
            ParamType.Number => "a number",
            ParamType.Boolean => "a boolean",
            ParamType.Array => "an array",
            _ => "an object",
        },
        MinLengthLiteral = array.Type == ParamType.Array ? array.Validation.MinLength?.ToString(CultureInfo.InvariantCulture) ?? "null" : "null",
        MaxLengthLiteral = array.Type == ParamType.Array ? array.Validation.MaxLength?.ToString(CultureInfo.InvariantCulture) ?? "null" : "null",
        Item = array.Type == ParamType.Array && array.Items is { } items ? JsonCheck(items) : null,
    };

    private static string Literal(YamlValue value, string kind) => kind switch
    {
        "string" => CSharpNames.StringLiteral(value.Text),
        // A plain YAML integer is a long already: going through double would round values above 2^53.
        "integer" => CSharpNames.LongLiteral(value.Value is long whole ? whole : (long)value.AsDouble),
        "number" => CSharpNames.DoubleLiteral(value.AsDouble),
        "boolean" => value.Value is true ? "true" : "false",
        _ => throw new InvalidOperationException($"no literal for a {kind} value"),
    };

    private bool Collides(Dictionary<string, string> seen, string csharpName, string yamlName, SourcePosition at)
    {
        if (seen.TryGetValue(csharpName, out var first))
        {
            _diagnostics.Add(DiagnosticCodes.NameCollision(at, csharpName, first, yamlName));
            return true;
        }

        seen[csharpName] = yamlName;
        return false;
    }

    private static string ServerInfoJson(ForgeInfo forge) => JsonText.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("name", forge.Name);
        writer.WriteString("version", forge.Version);
        if (forge.Title is not null)
        {
            writer.WriteString("title", forge.Title);
        }

        if (forge.Description is not null)
        {
            writer.WriteString("description", forge.Description);
        }

        writer.WriteEndObject();
    });

    /// <summary>The constant <c>tools/list</c> result: built once here, served as bytes.</summary>
    private static string ToolsListJson(IReadOnlyList<ToolConfig> configs, List<ToolDescriptor> tools) => JsonText.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("tools");
        foreach (var descriptor in tools)
        {
            var tool = configs.First(c => c.Name == descriptor.Name);
            writer.WriteStartObject();
            writer.WriteString("name", tool.Name);
            if (tool.Title is not null)
            {
                writer.WriteString("title", tool.Title);
            }

            if (tool.Description is not null)
            {
                writer.WriteString("description", tool.Description);
            }

            writer.WritePropertyName("inputSchema");
            writer.WriteRawValue(descriptor.InputSchemaCompact);
            if (descriptor.OutputSchemaCompact is { } outputSchema)
            {
                writer.WritePropertyName("outputSchema");
                writer.WriteRawValue(outputSchema);
            }

            if (tool.Annotations is { } a)
            {
                writer.WriteStartObject("annotations");
                WriteOptional(writer, "title", a.Title);
                WriteOptional(writer, "readOnlyHint", a.ReadOnly);
                WriteOptional(writer, "destructiveHint", a.Destructive);
                WriteOptional(writer, "idempotentHint", a.Idempotent);
                WriteOptional(writer, "openWorldHint", a.OpenWorld);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, bool? value)
    {
        if (value is { } flag)
        {
            writer.WriteBoolean(name, flag);
        }
    }
}
