using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.OpenApi;

namespace PForge.Tasks.OpenApi;

/// <summary>
/// The JSON Schema of an operation's 2xx JSON response, as a tool's <c>outputSchema</c>: only for an object (MCP wants
/// one), refs inlined, OpenAPI's own keywords (nullable, discriminator, xml, example) turned into JSON Schema or left
/// out. Bounded: a ref already being inlined (a cycle) or a level past <see cref="MaxDepth"/> is any value (<c>{}</c>),
/// and a schema over <see cref="MaxBytes"/> is not declared at all.
/// </summary>
internal static class OutputSchemaWriter
{
    public const int MaxDepth = 8;

    public const int MaxBytes = 64 * 1024;

    /// <summary>The compact schema, or null when the response is no object or the schema is too large.</summary>
    public static string? Write(IOpenApiSchema schema)
    {
        if (SchemaMapper.Merge(SchemaMapper.Resolve(schema)) is not { } root || SchemaMapper.TypeOf(root) != Config.ParamType.Object)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        try
        {
            using (var writer = new Utf8JsonWriter(buffer))
            {
                WriteSchema(writer, schema, 0, [], top: true);
            }
        }
        catch (TooLargeException)
        {
            return null;
        }

        return buffer.Length > MaxBytes ? null : Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Stops a schema whose inlined refs grow past the limit (shared refs can multiply).</summary>
    private sealed class TooLargeException : Exception
    {
    }

    private static void WriteSchema(Utf8JsonWriter writer, IOpenApiSchema? schema, int depth, HashSet<string> following, bool top = false)
    {
        if (writer.BytesCommitted + writer.BytesPending > MaxBytes)
        {
            throw new TooLargeException();
        }

        var refId = (schema as OpenApiSchemaReference)?.Reference?.Id;
        var resolved = SchemaMapper.Merge(SchemaMapper.Resolve(schema));
        writer.WriteStartObject();
        if (resolved is null || depth > MaxDepth || (refId is not null && following.Contains(refId)))
        {
            writer.WriteEndObject();
            return;
        }

        var inner = refId is null ? following : [.. following, refId];
        WriteType(writer, resolved, top);
        if ((SchemaMapper.OwnDescription(schema) ?? resolved.Description) is { Length: > 0 } description)
        {
            writer.WriteString("description", description);
        }

        if (resolved.Format is { Length: > 0 } format)
        {
            writer.WriteString("format", format);
        }

        if (resolved.Enum is { Count: > 0 } values)
        {
            writer.WritePropertyName("enum");
            writer.WriteStartArray();
            foreach (var value in values)
            {
                if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    value.WriteTo(writer);
                }
            }

            writer.WriteEndArray();
        }

        Number(writer, "minimum", resolved.Minimum);
        Number(writer, "maximum", resolved.Maximum);
        if (resolved.MinLength is { } minLength)
        {
            writer.WriteNumber("minLength", minLength);
        }

        if (resolved.MaxLength is { } maxLength)
        {
            writer.WriteNumber("maxLength", maxLength);
        }

        if (resolved.Pattern is { Length: > 0 } pattern)
        {
            writer.WriteString("pattern", pattern);
        }

        if (resolved.Properties is { Count: > 0 } properties)
        {
            writer.WritePropertyName("properties");
            writer.WriteStartObject();
            foreach (var (name, property) in properties)
            {
                writer.WritePropertyName(name);
                WriteSchema(writer, property, depth + 1, inner);
            }

            writer.WriteEndObject();
        }

        if (resolved.Required is { Count: > 0 } required)
        {
            writer.WritePropertyName("required");
            writer.WriteStartArray();
            foreach (var name in required.Order(StringComparer.Ordinal))
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
        }

        if (resolved.Items is { } items)
        {
            writer.WritePropertyName("items");
            WriteSchema(writer, items, depth + 1, inner);
        }

        if (resolved.AdditionalProperties is { } additional)
        {
            writer.WritePropertyName("additionalProperties");
            WriteSchema(writer, additional, depth + 1, inner);
        }
        else if (!resolved.AdditionalPropertiesAllowed)
        {
            writer.WriteBoolean("additionalProperties", false);
        }

        Variants(writer, "oneOf", resolved.OneOf, depth, inner);
        Variants(writer, "anyOf", resolved.AnyOf, depth, inner);
        writer.WriteEndObject();
    }

    private static void WriteType(Utf8JsonWriter writer, IOpenApiSchema schema, bool top)
    {
        if (top)
        {
            writer.WriteString("type", "object");
            return;
        }

        if (schema.Type is not { } type || type == 0)
        {
            return;
        }

        var names = new[] { (JsonSchemaType.String, "string"), (JsonSchemaType.Integer, "integer"), (JsonSchemaType.Number, "number"), (JsonSchemaType.Boolean, "boolean"), (JsonSchemaType.Object, "object"), (JsonSchemaType.Array, "array"), (JsonSchemaType.Null, "null") }
            .Where(t => type.HasFlag(t.Item1)).Select(t => t.Item2).ToList();
        if (names.Count == 1)
        {
            writer.WriteString("type", names[0]);
            return;
        }

        writer.WritePropertyName("type");
        writer.WriteStartArray();
        foreach (var name in names)
        {
            writer.WriteStringValue(name);
        }

        writer.WriteEndArray();
    }

    private static void Variants(Utf8JsonWriter writer, string keyword, IList<IOpenApiSchema>? variants, int depth, HashSet<string> following)
    {
        if (variants is not { Count: > 0 })
        {
            return;
        }

        writer.WritePropertyName(keyword);
        writer.WriteStartArray();
        foreach (var variant in variants)
        {
            WriteSchema(writer, variant, depth + 1, following);
        }

        writer.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter writer, string name, string? text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
    }
}
