using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.Validation;
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
        var node = WithProperties(NormalizeSchema(JsonNode.Parse(text)!.AsObject(), field: null, fields));
        return (node.ToJsonString(Compact), node.ToJsonString(Indented).ReplaceLineEndings("\n"));
    }

    /// <summary>A root with no members still says <c>"properties": {}</c>: some clients require the key on every tool.</summary>
    private static JsonObject WithProperties(JsonObject root)
    {
        if (root.ContainsKey("properties"))
        {
            return root;
        }

        var result = new JsonObject();
        foreach (var (key, value) in root)
        {
            result[key] = value?.DeepClone();
            if (key == "type")
            {
                result["properties"] = new JsonObject();
            }
        }

        return result;
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

        // Bounds and lengths get placeholders that keep NJsonSchema's key order; NormalizeSchema writes the values from
        // the YAML's doubles and ints. NJsonSchema keeps bounds as decimals, which overflow (1e30) and round (17
        // digits), and leaves out item counts of 0.
        var rules = field.Validation;
        schema.Minimum = rules.Min is null ? null : 0m;
        schema.Maximum = rules.Max is null ? null : 0m;
        schema.Pattern = rules.Pattern;
        if (field.Type == ParamType.Array)
        {
            schema.MinItems = rules.MinLength is null ? 0 : 1;
            schema.MaxItems = rules.MaxLength is null ? 0 : 1;
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
            // Bounds and item counts are placeholders here (see Describe); the loader checked the default against them.
            var errors = schema.Properties[field.Name].Validate(json)
                .Where(e => e.Kind is not (ValidationErrorKind.StringTooLong or ValidationErrorKind.StringTooShort
                    or ValidationErrorKind.NumberTooSmall or ValidationErrorKind.NumberTooBig
                    or ValidationErrorKind.TooFewItems or ValidationErrorKind.TooManyItems))
                .ToList();
            if (errors.Count > 0)
            {
                throw new InvalidOperationException($"the default of '{field.Name}' fails its schema: {string.Join("; ", errors.Select(e => e.ToString()))}");
            }
        }
    }

    /// <summary>
    /// The schema of <paramref name="field"/> (or of the whole input or output when null) whose members are
    /// <paramref name="members"/>: drops NJsonSchema's draft-04 <c>$schema</c> (MCP assumes 2020-12 when absent), writes
    /// bounds from the round-trip text of their doubles (whole ones as integers) and item counts of 0 too, and puts
    /// <c>properties</c> before <c>required</c>, the order people read.
    /// </summary>
    private static JsonObject NormalizeSchema(JsonObject obj, ParamConfig? field, IReadOnlyList<ParamConfig>? members)
    {
        var rules = field?.Validation ?? ParamValidation.None;
        var isArray = field?.Type == ParamType.Array;
        var result = new JsonObject();
        foreach (var (key, value) in obj.Where(p => p.Key != "required").Append(obj.FirstOrDefault(p => p.Key == "required")))
        {
            if (key is null || key == "$schema" || value is null)
            {
                continue;
            }

            result[key] = key switch
            {
                "default" or "enum" => value.DeepClone(),
                "minimum" when rules.Min is { } min => Number(min),
                "maximum" when rules.Max is { } max => Number(max),
                "minLength" when !isArray && rules.MinLength is { } minLength => minLength,
                "maxLength" when !isArray && rules.MaxLength is { } maxLength => maxLength,
                "minItems" when isArray && rules.MinLength is { } minItems => minItems,
                "maxItems" when isArray && rules.MaxLength is { } maxItems => maxItems,
                "properties" when value is JsonObject properties => NormalizeMembers(properties, members ?? []),
                "items" when value is JsonObject items && field?.Items is { } itemField => NormalizeSchema(items, itemField, itemField.Properties),
                _ => Normalize(value),
            };
        }

        return result;
    }

    /// <summary>A bound as JSON: the round-trip text of the double, so no digit is lost and 10.0 stays 10.</summary>
    private static JsonNode Number(double value) => JsonNode.Parse(value.ToString("R", CultureInfo.InvariantCulture))!;

    /// <summary>A <c>properties</c> map: its keys are parameter names, kept as they are.</summary>
    private static JsonObject NormalizeMembers(JsonObject properties, IReadOnlyList<ParamConfig> members)
    {
        var result = new JsonObject();
        foreach (var (key, value) in properties)
        {
            var member = members.FirstOrDefault(m => m.Name == key);
            result[key] = value switch
            {
                null => null,
                JsonObject schema when member is not null => NormalizeSchema(schema, member, member.Properties),
                _ => Normalize(value),
            };
        }

        return result;
    }

    /// <summary>Any other node: drops <c>$schema</c> and orders <c>required</c> last, nothing else.</summary>
    private static JsonNode Normalize(JsonNode node) => node switch
    {
        JsonArray array => new JsonArray([.. array.Select(item => item is null ? null : Normalize(item.DeepClone()))]),
        JsonObject obj => NormalizeSchema(obj, field: null, members: null),
        _ => node.DeepClone(),
    };
}
