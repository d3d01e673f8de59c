using System.Text.Json;

namespace PForge.Tasks.Config;

/// <summary>
/// The <c>x-mcp-header</c> annotations of a raw <c>input_schema</c> (revision 2026-07-28): a client drops a tool with a
/// bad one from its list, so the build refuses it. Each names a header token, unique in the schema, on a string,
/// integer or boolean property reached from the root through <c>properties</c> keys alone.
/// </summary>
internal static class McpHeaderAnnotations
{
    private const string Key = "x-mcp-header";

    /// <summary>The first bad annotation of <paramref name="root"/> as (JSON pointer, problem), or null.</summary>
    public static (string Path, string Problem)? FindProblem(JsonElement root)
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        return Visit(root, "", isProperty: false, isReachable: true, names);
    }

    private static (string, string)? Visit(JsonElement node, string path, bool isProperty, bool isReachable, Dictionary<string, string> names)
    {
        if (node.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in node.EnumerateArray())
            {
                if (Visit(item, $"{path}/{index++}", isProperty: false, isReachable: false, names) is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        if (node.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (node.TryGetProperty(Key, out var header) && Check(node, header, path, isProperty && isReachable, names) is { } problem)
        {
            return (path, problem);
        }

        foreach (var member in node.EnumerateObject())
        {
            var at = $"{path}/{Escape(member.Name)}";
            if (member.Name == "properties" && member.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in member.Value.EnumerateObject())
                {
                    if (Visit(property.Value, $"{at}/{Escape(property.Name)}", isProperty: true, isReachable, names) is { } found)
                    {
                        return found;
                    }
                }
            }
            else if (member.Name != Key && Visit(member.Value, at, isProperty: false, isReachable: false, names) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static string? Check(JsonElement property, JsonElement header, string path, bool isReachable, Dictionary<string, string> names)
    {
        if (header.ValueKind != JsonValueKind.String || header.GetString() is not { Length: > 0 } name)
        {
            return "its value must be a non-empty string";
        }

        if (!name.All(IsTokenChar))
        {
            return $"'{name}' is no HTTP header token (letters, digits and !#$%&'*+-.^_`|~)";
        }

        if (!isReachable)
        {
            return "it may only mark a property reached from the root through 'properties' keys (not items, allOf/anyOf/oneOf/not, if/then/else or $ref)";
        }

        if (!property.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() is not ("string" or "integer" or "boolean"))
        {
            return "it may only mark a property whose 'type' is \"string\", \"integer\" or \"boolean\"";
        }

        if (names.TryGetValue(name, out var first))
        {
            return $"'{name}' is already the header of {first} (names are compared ignoring case)";
        }

        names[name] = path;
        return null;
    }

    // RFC 9110 tchar.
    private static bool IsTokenChar(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
        or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    private static string Escape(string name) => name.Replace("~", "~0").Replace("/", "~1");
}
