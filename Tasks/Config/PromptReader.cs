using PForge.Tasks.Diagnostics;
using PForge.Tasks.Templating;
using YamlDotNet.RepresentationModel;

namespace PForge.Tasks.Config;

/// <summary>Reads <c>prompts</c>: arguments, and a template, messages or a handler; templates are checked against the arguments.</summary>
internal static class PromptReader
{
    private static readonly string[] ContentKeys = ["template", "messages", "handler"];
    private static readonly string[] MessageKeys = ["text", "image", "audio", "resource"];

    public static List<PromptConfig> Read(MappingReader top, TemplateLocator locator, List<Diagnostic> diagnostics)
    {
        var prompts = new List<PromptConfig>();
        var sequence = top.Sequence("prompts");
        if (sequence is null)
        {
            return prompts;
        }

        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in sequence.Children)
        {
            if (item is not YamlMappingNode mapping)
            {
                diagnostics.Add(DiagnosticCodes.WrongShape(MappingReader.At(item), "prompts[]", "a mapping with 'name'"));
                continue;
            }

            var prompt = ReadPrompt(mapping, locator, diagnostics);
            if (prompt is null)
            {
                continue;
            }

            if (names.TryGetValue(prompt.Name, out var first))
            {
                diagnostics.Add(DiagnosticCodes.DuplicatePromptName(prompt.Position, prompt.Name, first));
                continue;
            }

            names[prompt.Name] = prompt.Position.Line;
            prompts.Add(prompt);
        }

        return prompts;
    }

    private static PromptConfig? ReadPrompt(YamlMappingNode node, TemplateLocator locator, List<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Count(d => d.IsError);
        var reader = new MappingReader(node, "a prompt", diagnostics);
        var name = reader.String("name", required: true);
        var at = reader.Node("name") is { } n ? MappingReader.At(n) : reader.Position;
        var label = name ?? "?";
        reader = new MappingReader(node, name is null ? "a prompt" : $"prompt '{name}'", diagnostics);
        reader.Accept("name");
        var title = reader.String("title");
        var description = reader.String("description");
        var arguments = ReadArguments(reader, label, diagnostics);
        var (scopes, scopesAt) = AuthReader.ReadScopes(reader, diagnostics);
        var argumentNames = arguments.Select(a => a.Name).ToList();
        var given = ContentKeys.Where(k => reader.Node(k) is { } v && !(v is YamlScalarNode s && MappingReader.IsNull(s))).ToList();
        List<PromptMessageConfig>? messages = null;
        HandlerPath? handler = null;
        if (given.Count != 1)
        {
            var list = given.Count == 0 ? string.Empty : string.Join(" and ", given.Select(k => $"'{k}'"));
            diagnostics.Add(DiagnosticCodes.PromptContent(given.Count == 0 ? reader.Position : reader.KeyPosition(given[1]), label, list));
        }
        else if (given[0] == "template")
        {
            var text = ReadText(reader, "template", $"'template' of prompt '{label}'", argumentNames, locator, diagnostics);
            messages = text is null ? null : [new PromptMessageConfig(false, PromptContentKind.Text, text, null, null, null)];
        }
        else if (given[0] == "messages")
        {
            messages = ReadMessages(reader, label, argumentNames, locator, diagnostics);
        }
        else
        {
            handler = ConfigLoader.ReadHandler(reader, diagnostics);
        }

        reader.ReportUnknownKeys();
        var failed = diagnostics.Count(d => d.IsError) > errors;
        return failed || name is null ? null : new PromptConfig(name, at, title, description, arguments, messages, handler) { Scopes = scopes, ScopesPosition = scopesAt };
    }

    private static List<PromptArgumentConfig> ReadArguments(MappingReader prompt, string label, List<Diagnostic> diagnostics)
    {
        var result = new List<PromptArgumentConfig>();
        var node = prompt.Node("arguments");
        var entries = new List<(string Name, SourcePosition At, YamlNode Value, YamlMappingNode? Item)>();
        switch (node)
        {
            case null:
            case YamlScalarNode s when MappingReader.IsNull(s):
                return result;
            case YamlMappingNode map:
                // The Rust form: name → short type or a mapping.
                entries.AddRange(map.Children.Select(p => ((p.Key as YamlScalarNode)?.Value ?? string.Empty, MappingReader.At(p.Key), p.Value, (YamlMappingNode?)null)));
                break;
            case YamlSequenceNode list:
                // The MCP form: a list of {name, description, required}.
                foreach (var item in list.Children)
                {
                    if (item is not YamlMappingNode mapping)
                    {
                        diagnostics.Add(DiagnosticCodes.WrongShape(MappingReader.At(item), "arguments[]", "a mapping with 'name'"));
                        continue;
                    }

                    var nameNode = mapping.Children.FirstOrDefault(p => p.Key is YamlScalarNode { Value: "name" }).Value;
                    if (nameNode is not YamlScalarNode { Value: { } argument })
                    {
                        diagnostics.Add(DiagnosticCodes.MissingKey(MappingReader.At(mapping), "name", $"an argument of prompt '{label}'"));
                        continue;
                    }

                    entries.Add((argument, MappingReader.At(nameNode), mapping, mapping));
                }

                break;
            default:
                diagnostics.Add(DiagnosticCodes.WrongShape(MappingReader.At(node), "arguments", "a mapping of argument names, or a list of arguments with 'name'"));
                return result;
        }

        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, at, value, item) in entries)
        {
            if (!name.Any(char.IsLetterOrDigit))
            {
                diagnostics.Add(DiagnosticCodes.InvalidParamName(at, name));
                continue;
            }

            if (lines.TryGetValue(name, out var first))
            {
                diagnostics.Add(DiagnosticCodes.DuplicatePromptArgument(at, name, label, first));
                continue;
            }

            lines[name] = at.Line;
            if (ReadArgument(name, at, value, item is not null, label, diagnostics) is { } argument)
            {
                result.Add(argument);
            }
        }

        return result;
    }

    private static PromptArgumentConfig? ReadArgument(string name, SourcePosition at, YamlNode node, bool listForm, string label, List<Diagnostic> diagnostics)
    {
        if (node is YamlScalarNode scalar)
        {
            // Short form `topic: string`: a required argument.
            var type = scalar.Value ?? string.Empty;
            if (type is not ("string" or "str"))
            {
                diagnostics.Add(DiagnosticCodes.PromptArgumentType(MappingReader.At(scalar), type, name, label));
                return null;
            }

            return new PromptArgumentConfig(name, at, true, null, null, null);
        }

        if (node is not YamlMappingNode mapping)
        {
            diagnostics.Add(DiagnosticCodes.WrongShape(MappingReader.At(node), name, "a type name or a mapping with 'required', 'description', 'default' or 'enum'"));
            return null;
        }

        var reader = new MappingReader(mapping, $"argument '{name}' of prompt '{label}'", diagnostics);
        if (listForm)
        {
            reader.Accept("name");
        }

        if (reader.String("type") is { } typeText && typeText is not ("string" or "str"))
        {
            diagnostics.Add(DiagnosticCodes.PromptArgumentType(MappingReader.At(reader.Node("type")!), typeText, name, label));
            return null;
        }

        var required = reader.Boolean("required") ?? false;
        var description = reader.String("description");
        var values = ResourceReader.ReadStringEnum(reader, name, diagnostics);
        string? defaultValue = null;
        if (reader.Node("default") is YamlScalarNode defaultNode && !MappingReader.IsNull(defaultNode))
        {
            defaultValue = defaultNode.Value ?? string.Empty;
            if (values is not null && !values.Contains(defaultValue))
            {
                diagnostics.Add(DiagnosticCodes.DefaultViolatesRules(MappingReader.At(defaultNode), name, $"{defaultValue} is not one of {string.Join(", ", values)}"));
                defaultValue = null;
            }
            else if (required)
            {
                diagnostics.Add(DiagnosticCodes.RequiredWithDefault(reader.KeyPosition("default"), name));
            }
        }
        else if (reader.Node("default") is { } other && !(other is YamlScalarNode s && MappingReader.IsNull(s)))
        {
            diagnostics.Add(DiagnosticCodes.DefaultTypeMismatch(MappingReader.At(other), name, "string"));
        }

        reader.ReportUnknownKeys();
        return new PromptArgumentConfig(name, at, required, description, required ? null : defaultValue, values);
    }

    private static List<PromptMessageConfig>? ReadMessages(MappingReader prompt, string label, List<string> arguments, TemplateLocator locator, List<Diagnostic> diagnostics)
    {
        var sequence = prompt.Sequence("messages");
        if (sequence is null)
        {
            return null;
        }

        var messages = new List<PromptMessageConfig>();
        var complete = true;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var place = $"messages[{i}] of prompt '{label}'";
            if (sequence.Children[i] is not YamlMappingNode mapping)
            {
                diagnostics.Add(DiagnosticCodes.WrongShape(MappingReader.At(sequence.Children[i]), $"messages[{i}]", "a mapping with 'role' and one of 'text', 'image', 'audio' or 'resource'"));
                complete = false;
                continue;
            }

            var message = ReadMessage(new MappingReader(mapping, place, diagnostics), place, arguments, locator, diagnostics);
            if (message is null)
            {
                complete = false;
                continue;
            }

            messages.Add(message);
        }

        return complete ? messages : null;
    }

    private static PromptMessageConfig? ReadMessage(MappingReader reader, string place, List<string> arguments, TemplateLocator locator, List<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Count(d => d.IsError);
        var role = reader.String("role", required: true);
        if (role is not null and not ("user" or "assistant"))
        {
            diagnostics.Add(DiagnosticCodes.InvalidRole(MappingReader.At(reader.Node("role")!), role, place));
        }

        var given = MessageKeys.Where(k => reader.Node(k) is { } v && !(v is YamlScalarNode s && MappingReader.IsNull(s))).ToList();
        PromptMessageConfig? message = null;
        if (given.Count != 1)
        {
            var list = given.Count == 0 ? string.Empty : string.Join(" and ", given.Select(k => $"'{k}'"));
            diagnostics.Add(DiagnosticCodes.MessageContent(given.Count == 0 ? reader.Position : reader.KeyPosition(given[1]), place, "'text', 'image', 'audio' or 'resource'", list));
        }
        else
        {
            var assistant = role == "assistant";
            switch (given[0])
            {
                case "text":
                    message = ReadText(reader, "text", $"'text' of {place}", arguments, locator, diagnostics) is { } text
                        ? new PromptMessageConfig(assistant, PromptContentKind.Text, text, null, null, null)
                        : null;
                    break;
                case "image" or "audio":
                    message = ReadBinary(reader, given[0], place, assistant, diagnostics);
                    break;
                default:
                    message = ReadEmbedded(reader, place, assistant, arguments, locator, diagnostics);
                    break;
            }
        }

        reader.ReportUnknownKeys();
        return diagnostics.Count(d => d.IsError) > errors ? null : message;
    }

    private static PromptMessageConfig? ReadBinary(MappingReader message, string key, string place, bool assistant, List<Diagnostic> diagnostics)
    {
        if (message.Mapping(key) is not { } mapping)
        {
            return null;
        }

        var reader = new MappingReader(mapping, $"'{key}' of {place}", diagnostics);
        var data = ResourceReader.ReadBase64(reader, "data", $"'{key}.data' of {place}", diagnostics);
        var mimeType = reader.String("mime_type", required: true);
        reader.ReportUnknownKeys();
        return data is null || mimeType is null
            ? null
            : new PromptMessageConfig(assistant, key == "image" ? PromptContentKind.Image : PromptContentKind.Audio, null, data, mimeType, null);
    }

    private static PromptMessageConfig? ReadEmbedded(MappingReader message, string place, bool assistant, List<string> arguments, TemplateLocator locator, List<Diagnostic> diagnostics)
    {
        if (message.Mapping("resource") is not { } mapping)
        {
            return null;
        }

        var where = $"'resource' of {place}";
        var reader = new MappingReader(mapping, where, diagnostics);
        var uri = reader.Node("uri", required: true) is null ? null : ReadText(reader, "uri", $"'resource.uri' of {place}", arguments, locator, diagnostics);
        var mimeType = reader.String("mime_type");
        var given = new[] { "text", "blob" }.Where(k => reader.Node(k) is { } v && !(v is YamlScalarNode s && MappingReader.IsNull(s))).ToList();
        Template? text = null;
        string? blob = null;
        if (given.Count != 1)
        {
            var list = given.Count == 0 ? string.Empty : string.Join(" and ", given.Select(k => $"'{k}'"));
            diagnostics.Add(DiagnosticCodes.MessageContent(given.Count == 0 ? reader.Position : reader.KeyPosition(given[1]), where, "'text' or 'blob'", list));
        }
        else if (given[0] == "text")
        {
            text = ReadText(reader, "text", $"'resource.text' of {place}", arguments, locator, diagnostics);
        }
        else
        {
            blob = ResourceReader.ReadBase64(reader, "blob", $"'resource.blob' of {place}", diagnostics);
        }

        reader.ReportUnknownKeys();
        return uri is null || (text is null && blob is null)
            ? null
            : new PromptMessageConfig(assistant, PromptContentKind.Resource, text, blob, mimeType, uri);
    }

    private static Template? ReadText(MappingReader reader, string key, string place, List<string> arguments, TemplateLocator locator, List<Diagnostic> diagnostics)
    {
        var node = reader.Node(key);
        if (node is not YamlScalarNode scalar)
        {
            diagnostics.Add(DiagnosticCodes.WrongShape(node is null ? reader.Position : MappingReader.At(node), key, "a text value"));
            return null;
        }

        var text = scalar.Value ?? string.Empty;
        return PromptText.Bind(text, arguments, place, locator.For(scalar, text), diagnostics);
    }
}
