using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace PForge.Runtime.Http;

/// <summary>
/// The <c>Mcp-Param-{Name}</c> headers of revision 2026-07-28: a tool's input schema marks a property with
/// <c>x-mcp-header</c>, the client mirrors its argument into that header, and the server checks the header against the
/// body (a mismatch, a missing header or a malformed value is a <c>HeaderMismatch</c>). Read once from <c>tools/list</c>.
/// </summary>
internal sealed class ParamHeaders
{
    public const string Prefix = "Mcp-Param-";

    /// <summary>One annotated property: its header, the chain of <c>properties</c> keys to it, and its JSON Schema type.</summary>
    private sealed record Param(string Header, string[] Path, string Type);

    private readonly Dictionary<string, Param[]> _byTool;

    private ParamHeaders(Dictionary<string, Param[]> byTool) => _byTool = byTool;

    /// <summary>True when no tool marks a parameter: the common server checks nothing per request.</summary>
    public bool IsEmpty => _byTool.Count == 0;

    /// <summary>The annotated parameters of each tool of a <c>tools/list</c> result.</summary>
    public static ParamHeaders Read(ReadOnlySpan<byte> toolsListJson)
    {
        var byTool = new Dictionary<string, Param[]>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(toolsListJson);
        using var document = JsonDocument.ParseValue(ref reader);
        if (document.RootElement.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            foreach (var tool in tools.EnumerateArray())
            {
                if (tool.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                    && tool.TryGetProperty("inputSchema", out var schema))
                {
                    var found = new List<Param>();
                    Collect(schema, [], found);
                    if (found.Count > 0)
                    {
                        byTool[name.GetString()!] = [.. found];
                    }
                }
            }
        }

        return new ParamHeaders(byTool);
    }

    // Only properties reachable through a chain of "properties" keys count, as the revision says (the generator rejects the rest).
    private static void Collect(JsonElement schema, string[] path, List<Param> found)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in properties.EnumerateObject())
        {
            string[] at = [.. path, property.Name];
            if (property.Value.ValueKind == JsonValueKind.Object
                && property.Value.TryGetProperty("x-mcp-header", out var header) && header.ValueKind == JsonValueKind.String
                && property.Value.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String)
            {
                found.Add(new Param(header.GetString()!, at, type.GetString()!));
            }

            Collect(property.Value, at, found);
        }
    }

    /// <summary>What is wrong with the <c>Mcp-Param-*</c> headers of a <c>tools/call</c> of <paramref name="tool"/>, or null.</summary>
    public string? Check(IHeaderDictionary headers, string tool, ReadOnlySpan<byte> parameters)
    {
        if (!_byTool.TryGetValue(tool, out var marked))
        {
            return null;
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(parameters);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            // Deeper than a document reads: the session answers the call's params with their error.
            return null;
        }

        using var owned = document;
        var hasArguments = document.RootElement.TryGetProperty("arguments", out var arguments);
        foreach (var param in marked)
        {
            var header = Prefix + param.Header;
            var sent = headers[header];
            var body = hasArguments ? At(arguments, param.Path) : null;
            if (body is not { } value || value.ValueKind == JsonValueKind.Null)
            {
                // No value in the body: the client omits the header; one sent anyway matches nothing.
                if (sent.Count > 0)
                {
                    return $"Header mismatch: the {header} header is given, but the body has no value for '{string.Join('.', param.Path)}'";
                }

                continue;
            }

            if (sent.Count == 0)
            {
                return $"Header mismatch: the {header} header is required, as the body gives '{string.Join('.', param.Path)}'";
            }

            if (sent.Count > 1)
            {
                return $"Header mismatch: the {header} header is given more than once";
            }

            if (ModernHeaders.Decode(sent[0]!) is not { } decoded)
            {
                return ModernHeaders.Malformed(header, sent[0]!);
            }

            if (!Matches(decoded, value, param.Type))
            {
                return $"Header mismatch: {header} header value '{ModernHeaders.Shorten(decoded)}' does not match body value '{ModernHeaders.Shorten(Text(value))}'";
            }
        }

        return null;
    }

    private static JsonElement? At(JsonElement arguments, string[] path)
    {
        var element = arguments;
        foreach (var key in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(key, out element))
            {
                return null;
            }
        }

        return element;
    }

    // Integers compare as numbers (42.0 is 42), as the revision advises; strings and booleans as their text.
    private static bool Matches(string header, JsonElement body, string type) => type switch
    {
        "integer" => body.ValueKind == JsonValueKind.Number
            && decimal.TryParse(header, NumberStyles.Float, CultureInfo.InvariantCulture, out var sent)
            && body.TryGetDecimal(out var given) && sent == given,
        _ => string.Equals(header, Text(body), StringComparison.Ordinal),
    };

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
