using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema;
using PForge.Tasks.Config;

namespace PForge.Tasks.Schema;

/// <summary>Builds the JSON Schema of a tool's input or output with NJsonSchema, checks it, and normalizes its text for the wire.</summary>
public static class SchemaBuilder
{
    // Relaxed escaping: schema text is JSON for clients, not HTML, so '+', '&' and '<' stay readable.
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The schema of an object whose members are <paramref name="fields"/>, as compact and indented JSON.</summary>
    public static (string Compact, string Indented) Build(IReadOnlyList<ParamConfig> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var schema = new JsonSchema { Type = JsonObjectType.Object };
        AddProperties(schema, fields);
        var text = schema.ToJson();
        Check(text, fields);
        var node = Normalize(JsonNode.Parse(text)!);
        return (node.ToJsonString(Compact), node.ToJsonString(Indented).ReplaceLineEndings("\n"));
    }

    private static void AddProperties(JsonSchema schema, IReadOnlyList<ParamConfig> fields)
    {
        foreach (var field in fields)
        {
            var property = new JsonSchemaProperty { IsRequired = field.Required };
            Describe(property, field);
            schema.Properties[field.Name] = property;
        }
    }

    private static void Describe(JsonSchema schema, ParamConfig field)
    {
        schema.Type = field.Type switch
        {
            ParamType.String => JsonObjectType.String,
            ParamType.Integer => JsonObjectType.Integer,
            ParamType.Number => JsonObjectType.Number,
            ParamType.Boolean => JsonObjectType.Boolean,
            ParamType.Array => JsonObjectType.Array,
            _ => JsonObjectType.Object,
        };
        schema.Description = field.Description;
        if (field.Default is { } value)
        {
            schema.Default = value.ToPlainObject();
        }

        foreach (var item in field.Enum ?? [])
        {
            schema.Enumeration.Add(item.ToPlainObject());
        }

        var rules = field.Validation;
        schema.Minimum = (decimal?)rules.Min;
        schema.Maximum = (decimal?)rules.Max;
        schema.Pattern = rules.Pattern;
        if (field.Type == ParamType.Array)
        {
            schema.MinItems = rules.MinLength ?? 0;
            schema.MaxItems = rules.MaxLength ?? 0;
            if (field.Items is { } items)
            {
                var itemSchema = new JsonSchema();
                Describe(itemSchema, items);
                schema.Item = itemSchema;
            }
        }
        else
        {
            schema.MinLength = rules.MinLength;
            schema.MaxLength = rules.MaxLength;
        }

        if (field.Properties is { } properties)
        {
            AddProperties(schema, properties);
        }
    }

    /// <summary>Reads the schema back and validates every default against it: a second opinion on the loader's checks.</summary>
    private static void Check(string text, IReadOnlyList<ParamConfig> fields)
    {
        var schema = JsonSchema.FromJsonAsync(text).GetAwaiter().GetResult();
        foreach (var field in fields)
        {
            if (field.Default is not { } value)
            {
                continue;
            }

            var json = JsonSerializer.Serialize(value.ToPlainObject() ?? "null");
            // String lengths are left out: NJsonSchema counts UTF-16 units, JSON Schema (and the loader) code points.
            var errors = schema.Properties[field.Name].Validate(json)
                .Where(e => e.Kind is not (NJsonSchema.Validation.ValidationErrorKind.StringTooLong or NJsonSchema.Validation.ValidationErrorKind.StringTooShort))
                .ToList();
            if (errors.Count > 0)
            {
                throw new InvalidOperationException($"the default of '{field.Name}' fails its schema: {string.Join("; ", errors.Select(e => e.ToString()))}");
            }
        }
    }

    /// <summary>A <c>properties</c> map: its keys are parameter names, kept as they are.</summary>
    private static JsonObject NormalizeMembers(JsonObject members)
    {
        var result = new JsonObject();
        foreach (var (key, value) in members)
        {
            result[key] = value is null ? null : Normalize(value);
        }

        return result;
    }

    /// <summary>
    /// Drops NJsonSchema's draft-04 <c>$schema</c> (MCP assumes 2020-12 when absent), writes whole bounds as integers and
    /// puts <c>properties</c> before <c>required</c>, the order people read.
    /// </summary>
    private static JsonNode Normalize(JsonNode node)
    {
        if (node is JsonArray array)
        {
            return new JsonArray([.. array.Select(item => item is null ? null : Normalize(item.DeepClone()))]);
        }

        if (node is not JsonObject obj)
        {
            return node.DeepClone();
        }

        var result = new JsonObject();
        foreach (var (key, value) in obj.Where(p => p.Key != "required").Append(obj.FirstOrDefault(p => p.Key == "required")))
        {
            if (key is null || key == "$schema" || value is null)
            {
                continue;
            }

            if (key is "minimum" or "maximum" && value is JsonValue number && number.TryGetValue(out decimal d) && d == decimal.Truncate(d))
            {
                result[key] = JsonValue.Create((long)d);
                continue;
            }

            result[key] = key switch
            {
                "default" or "enum" => value.DeepClone(),
                "properties" when value is JsonObject members => NormalizeMembers(members),
                _ => Normalize(value),
            };
        }

        return result;
    }
}
