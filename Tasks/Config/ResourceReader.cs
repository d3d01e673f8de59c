using System.Text;
using System.Text.RegularExpressions;
using PForge.Tasks.Diagnostics;
using PForge.Tasks.Templating;
using YamlDotNet.RepresentationModel;

namespace PForge.Tasks.Config;

/// <summary>Reads <c>resources</c>: static resources (text, base64, a file compiled in, or a handler) and URI templates.</summary>
internal static partial class ResourceReader
{
    /// <summary>The largest file a resource may compile in.</summary>
    public const int MaxFileBytes = 16 << 20;

    private static readonly string[] ContentKeys = ["text", "blob", "file", "handler"];

    public static List<ResourceConfig> Read(MappingReader top, TemplateLocator locator, string? baseDirectory, List<string> files, List<Diagnostic> diagnostics)
    {
        var resources = new List<ResourceConfig>();
        var sequence = top.Sequence("resources");
        if (sequence is null)
        {
            return resources;
        }

        var uris = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in sequence.Children)
        {
            if (item is not YamlMappingNode mapping)
            {
                diagnostics.Add(DiagnosticCodes.WrongShape(MappingReader.At(item), "resources[]", "a mapping with 'uri' (or 'uri_template') and 'name'"));
                continue;
            }

            var resource = ReadResource(mapping, locator, baseDirectory, files, diagnostics);
            if (resource is null)
            {
                continue;
            }

            if (uris.TryGetValue(resource.Uri, out var uriLine))
            {
                diagnostics.Add(DiagnosticCodes.DuplicateResourceUri(resource.Position, resource.Uri, uriLine));
                continue;
            }

            if (names.TryGetValue(resource.Name, out var nameLine))
            {
                diagnostics.Add(DiagnosticCodes.DuplicateResourceName(NamePosition(mapping), resource.Name, nameLine));
                continue;
            }

            uris[resource.Uri] = resource.Position.Line;
            names[resource.Name] = NamePosition(mapping).Line;
            resources.Add(resource);
        }

        return resources;
    }

    private static SourcePosition NamePosition(YamlMappingNode mapping) =>
        mapping.Children.FirstOrDefault(p => p.Key is YamlScalarNode { Value: "name" }).Value is { } node ? MappingReader.At(node) : MappingReader.At(mapping);

    private static ResourceConfig? ReadResource(YamlMappingNode node, TemplateLocator locator, string? baseDirectory, List<string> files, List<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Count(d => d.IsError);
        var reader = new MappingReader(node, "a resource", diagnostics);
        var name = reader.String("name", required: true);
        reader = new MappingReader(node, name is null ? "a resource" : $"resource '{name}'", diagnostics);
        reader.Accept("name");
        var label = name ?? "?";
        var uri = reader.String("uri");
        var uriTemplate = reader.String("uri_template");
        var title = reader.String("title");
        var description = reader.String("description");
        var mimeType = reader.String("mime_type");
        var subscribe = ReadSupports(reader, diagnostics);
        var (scopes, scopesAt) = AuthReader.ReadScopes(reader, diagnostics);
        var given = ContentKeys.Where(k => reader.Node(k) is { } v && !(v is YamlScalarNode s && MappingReader.IsNull(s))).ToList();
        var handler = given.Contains("handler") ? ConfigLoader.ReadHandler(reader, diagnostics) : null;

        UriTemplate? template = null;
        SourcePosition at;
        if (uri is not null && uriTemplate is not null)
        {
            diagnostics.Add(DiagnosticCodes.ResourceUri(reader.KeyPosition("uri_template"), label, both: true));
            at = reader.Position;
        }
        else if (uri is null && uriTemplate is null)
        {
            diagnostics.Add(DiagnosticCodes.ResourceUri(reader.Position, label, both: false));
            at = reader.Position;
        }
        else if (uri is not null)
        {
            at = MappingReader.At(reader.Node("uri")!);
            if (!Scheme().IsMatch(uri))
            {
                diagnostics.Add(DiagnosticCodes.InvalidResourceUri(at, "uri", label, uri));
            }
        }
        else
        {
            var scalar = (YamlScalarNode)reader.Node("uri_template")!;
            at = MappingReader.At(scalar);
            template = UriTemplate.Parse(uriTemplate!, out var error);
            if (error is not null)
            {
                var where = locator.LocateCharacter(scalar, uriTemplate!, error.Offset);
                diagnostics.Add(error.Unsupported
                    ? DiagnosticCodes.UnsupportedUriTemplate(where, error.Expression, label, error.Problem)
                    : DiagnosticCodes.MalformedUriTemplate(where, label, error.Problem));
            }
            else if (!Scheme().IsMatch(uriTemplate!))
            {
                diagnostics.Add(DiagnosticCodes.InvalidResourceUri(at, "uri_template", label, uriTemplate!));
            }
        }

        var variables = ReadVariables(reader, label, template, uriTemplate is not null && template is null, diagnostics);
        var source = ResourceSource.Handler;
        string? content = null;
        if (uriTemplate is not null)
        {
            foreach (var key in given.Where(k => k != "handler"))
            {
                diagnostics.Add(DiagnosticCodes.TemplateContent(reader.KeyPosition(key), label, key));
            }

            if (!given.Contains("handler"))
            {
                diagnostics.Add(DiagnosticCodes.TemplateContent(reader.Position, label, null));
            }
        }
        else if (uri is not null)
        {
            if (given.Count != 1)
            {
                var list = given.Count == 0 ? string.Empty : string.Join(" and ", given.Select(k => $"'{k}'"));
                diagnostics.Add(DiagnosticCodes.ResourceContent(given.Count == 0 ? reader.Position : reader.KeyPosition(given[1]), label, list));
            }
            else
            {
                (source, content) = given[0] switch
                {
                    "text" => (ResourceSource.Text, reader.String("text")),
                    "blob" => (ResourceSource.Blob, ReadBase64(reader, "blob", $"'blob' of resource '{label}'", diagnostics)),
                    "file" => ReadFile(reader, label, mimeType, baseDirectory, files, diagnostics),
                    _ => (ResourceSource.Handler, null),
                };
            }
        }

        reader.ReportUnknownKeys();
        var failed = diagnostics.Count(d => d.IsError) > errors;
        return failed || name is null
            ? null
            : new ResourceConfig(uri ?? uriTemplate!, template, name, at, title, description, mimeType, source, content, handler, subscribe, variables) { Scopes = scopes, ScopesPosition = scopesAt };
    }

    private static bool ReadSupports(MappingReader reader, List<Diagnostic> diagnostics)
    {
        var subscribe = false;
        if (reader.Sequence("supports") is not { } supports)
        {
            return subscribe;
        }

        foreach (var item in supports.Children)
        {
            switch (item)
            {
                case YamlScalarNode { Value: "read" }:
                    break;
                case YamlScalarNode { Value: "subscribe" }:
                    subscribe = true;
                    break;
                default:
                    diagnostics.Add(DiagnosticCodes.InvalidValue(MappingReader.At(item), "supports", MappingReader.Describe(item), "read or subscribe"));
                    break;
            }
        }

        return subscribe;
    }

    private static List<ResourceVariableConfig> ReadVariables(MappingReader reader, string label, UriTemplate? template, bool templateFailed, List<Diagnostic> diagnostics)
    {
        var result = new List<ResourceVariableConfig>();
        if (reader.Mapping("variables") is not { } mapping)
        {
            return result;
        }

        var declared = template?.Variables ?? [];
        foreach (var pair in mapping.Children)
        {
            var variable = (pair.Key as YamlScalarNode)?.Value ?? string.Empty;
            if (!templateFailed && !declared.Contains(variable))
            {
                var known = template is null
                    ? "a static resource has no variables"
                    : declared.Count == 0 ? $"its URI template '{template.Text}' has no variables" : $"the variables of '{template.Text}' are {string.Join(", ", declared)}";
                diagnostics.Add(DiagnosticCodes.UnknownResourceVariable(MappingReader.At(pair.Key), variable, label, known));
                continue;
            }

            if (pair.Value is YamlScalarNode s && MappingReader.IsNull(s))
            {
                result.Add(new ResourceVariableConfig(variable, null, null));
                continue;
            }

            if (pair.Value is not YamlMappingNode value)
            {
                diagnostics.Add(DiagnosticCodes.WrongShape(MappingReader.At(pair.Value), variable, "a mapping with 'description' and 'enum'"));
                continue;
            }

            var variableReader = new MappingReader(value, $"variable '{variable}' of resource '{label}'", diagnostics);
            var description = variableReader.String("description");
            var values = ReadStringEnum(variableReader, variable, diagnostics);
            variableReader.ReportUnknownKeys();
            result.Add(new ResourceVariableConfig(variable, description, values));
        }

        return result;
    }

    /// <summary>An <c>enum</c> of text values (any scalar reads as its text), or null; empty or non-scalar values are reported.</summary>
    public static List<string>? ReadStringEnum(MappingReader reader, string name, List<Diagnostic> diagnostics)
    {
        if (reader.Sequence("enum") is not { } sequence)
        {
            return null;
        }

        if (sequence.Children.Count == 0)
        {
            diagnostics.Add(DiagnosticCodes.EmptyEnum(MappingReader.At(sequence), name));
            return null;
        }

        var values = new List<string>();
        foreach (var child in sequence.Children)
        {
            if (child is YamlScalarNode scalar && !MappingReader.IsNull(scalar))
            {
                values.Add(scalar.Value ?? string.Empty);
            }
            else
            {
                diagnostics.Add(DiagnosticCodes.EnumTypeMismatch(MappingReader.At(child), MappingReader.Describe(child), name, "string"));
            }
        }

        return values;
    }

    /// <summary>Base64 text (whitespace such as YAML line breaks removed), or null when it is not valid base64 (reported).</summary>
    public static string? ReadBase64(MappingReader reader, string key, string place, List<Diagnostic> diagnostics)
    {
        var text = reader.String(key, required: true);
        if (text is null)
        {
            return null;
        }

        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        var buffer = new byte[(compact.Length / 4 * 3) + 3];
        if (compact.Length == 0 || !Convert.TryFromBase64String(compact, buffer, out _))
        {
            diagnostics.Add(DiagnosticCodes.InvalidBase64(MappingReader.At(reader.Node(key)!), place));
            return null;
        }

        return compact;
    }

    /// <summary>A MIME type whose contents are text: none given, text/*, JSON, XML, YAML or JavaScript.</summary>
    public static bool IsTextMimeType(string? mimeType)
    {
        if (mimeType is null)
        {
            return true;
        }

        var type = mimeType.Split(';')[0].Trim().ToLowerInvariant();
        return type.StartsWith("text/", StringComparison.Ordinal)
            || type.EndsWith("/json", StringComparison.Ordinal) || type.EndsWith("+json", StringComparison.Ordinal)
            || type.EndsWith("/xml", StringComparison.Ordinal) || type.EndsWith("+xml", StringComparison.Ordinal)
            || type.EndsWith("/yaml", StringComparison.Ordinal) || type.EndsWith("/x-yaml", StringComparison.Ordinal)
            || type.EndsWith("/javascript", StringComparison.Ordinal);
    }

    private static (ResourceSource, string?) ReadFile(MappingReader reader, string label, string? mimeType, string? baseDirectory, List<string> files, List<Diagnostic> diagnostics)
    {
        var file = reader.String("file");
        var at = MappingReader.At(reader.Node("file")!);
        if (file is null || file.Trim().Length == 0 || file.Contains('\0', StringComparison.Ordinal))
        {
            diagnostics.Add(DiagnosticCodes.WrongShape(at, "file", "the path of a file, relative to the project"));
            return (ResourceSource.Text, null);
        }

        var path = Path.GetFullPath(Path.Combine(baseDirectory ?? Directory.GetCurrentDirectory(), file));
        files.Add(path);
        byte[] bytes;
        try
        {
            if (!File.Exists(path))
            {
                diagnostics.Add(DiagnosticCodes.ResourceFile(at, file, label, "was not found (the path is relative to the project folder)"));
                return (ResourceSource.Text, null);
            }

            if (new FileInfo(path).Length > MaxFileBytes)
            {
                diagnostics.Add(DiagnosticCodes.ResourceFile(at, file, label, $"is larger than {MaxFileBytes} bytes, the most a resource compiles in; serve it with a 'handler'"));
                return (ResourceSource.Text, null);
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(DiagnosticCodes.ResourceFile(at, file, label, $"cannot be read: {ex.Message}"));
            return (ResourceSource.Text, null);
        }

        if (!IsTextMimeType(mimeType))
        {
            return (ResourceSource.Blob, Convert.ToBase64String(bytes));
        }

        try
        {
            var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
            return (ResourceSource.Text, text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text);
        }
        catch (DecoderFallbackException)
        {
            diagnostics.Add(DiagnosticCodes.ResourceFile(at, file, label, $"is not UTF-8 text; give its binary 'mime_type' (it is then sent as a base64 blob)"));
            return (ResourceSource.Text, null);
        }
    }

    /// <summary>An absolute URI starts with a scheme (RFC 3986): a letter, then letters, digits, '+', '-' or '.', then ':'.</summary>
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();
}
