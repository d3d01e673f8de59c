using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using PForge.Tasks.Config;
using PForge.Tasks.Emit;

namespace PForge.Tasks.OpenApi;

/// <summary>
/// An OpenAPI schema as a PForge parameter: its type, rules, enum and default, an object's properties and an array's
/// items, refs followed. Bounded: past <see cref="MaxDepth"/> levels, at a ref already being followed (a cycle), or where
/// the properties' names would not make distinct C# names, an object is taken whole as JSON (no record).
/// </summary>
internal static class SchemaMapper
{
    /// <summary>Levels of nested records an argument may have; deeper objects stay JSON.</summary>
    public const int MaxDepth = 4;

    /// <summary>Parameters, properties and items one tool's input may have in all; past it, objects stay JSON.</summary>
    public const int MaxNodes = 500;

    public static ParamConfig Map(string name, IOpenApiSchema? schema, bool required, string? description, SourcePosition at, Budget budget) =>
        Map(name, schema, required, description, at, depth: 0, following: [], budget);

    /// <summary>What is left of <see cref="MaxNodes"/> for one tool (shared refs can multiply a schema).</summary>
    public sealed class Budget
    {
        public int Left { get; set; } = MaxNodes;
    }

    /// <summary>A ref's target (refs of refs followed, at most 32), or the schema itself; null when it resolves to nothing.</summary>
    public static IOpenApiSchema? Resolve(IOpenApiSchema? schema)
    {
        for (var i = 0; i < 32 && schema is OpenApiSchemaReference reference; i++)
        {
            schema = reference.Target;
        }

        return schema is OpenApiSchemaReference ? null : schema;
    }

    private static ParamConfig Map(string name, IOpenApiSchema? schema, bool required, string? description, SourcePosition at, int depth, HashSet<string> following, Budget budget)
    {
        budget.Left--;
        var refId = (schema as OpenApiSchemaReference)?.Reference?.Id;
        var resolved = Merge(Resolve(schema));
        description ??= Text(OwnDescription(schema)) ?? Text(resolved?.Description);
        if (resolved is null)
        {
            return Plain(name, ParamType.Object, required, description, at);
        }

        var type = TypeOf(resolved);
        var cycle = refId is not null && following.Contains(refId);
        switch (type)
        {
            case ParamType.Object:
                if (cycle || depth >= MaxDepth || resolved.Properties is not { Count: > 0 } properties || properties.Count > budget.Left || !DistinctNames(properties.Keys))
                {
                    return Plain(name, ParamType.Object, required, description, at);
                }

                var inner = refId is null ? following : [.. following, refId];
                var members = properties
                    .Select(p => Map(p.Key, p.Value, resolved.Required?.Contains(p.Key) == true, null, at, depth + 1, inner, budget))
                    .ToList();
                return new ParamConfig(name, at, ParamType.Object, required, description, null, null, ParamValidation.None, null, members);
            case ParamType.Array:
                var itemsSchema = resolved.Items;
                var itemsCycle = cycle || depth >= MaxDepth || budget.Left <= 0;
                var items = itemsCycle
                    ? Plain(name + "[]", ParamType.Object, true, null, at)
                    : Map(name + "[]", itemsSchema, true, null, at, depth + 1, refId is null ? following : [.. following, refId], budget);
                return new ParamConfig(name, at, ParamType.Array, required, description, null, null, ParamValidation.None, items, null);
            default:
                var validation = Validation(resolved, type);
                var values = Enum(resolved, type);
                var fallback = required ? null : Default(resolved, type, values, validation);
                return new ParamConfig(name, at, type, required, description, fallback, values, validation, null, null);
        }
    }

    private static ParamConfig Plain(string name, ParamType type, bool required, string? description, SourcePosition at) =>
        new(name, at, type, required, description, null, null, ParamValidation.None, null, null);

    /// <summary>The one PForge type of a schema: its type (null dropped), else what its keywords imply.</summary>
    internal static ParamType TypeOf(IOpenApiSchema schema)
    {
        var type = schema.Type & ~JsonSchemaType.Null;
        if (type is null or 0)
        {
            if (schema.Properties is { Count: > 0 } || schema.AdditionalProperties is not null)
            {
                return ParamType.Object;
            }

            if (schema.Items is not null)
            {
                return ParamType.Array;
            }

            // oneOf/anyOf: the first variant's type decides (mixed variants cannot be one parameter type).
            var variant = (schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Select(Resolve).FirstOrDefault(v => v is not null);
            if (variant is not null && !ReferenceEquals(variant, schema))
            {
                return TypeOf(Merge(variant)!);
            }

            return schema.Enum is { Count: > 0 } e && e.All(v => v?.GetValueKind() == JsonValueKind.String) || schema.Format is not null || schema.Pattern is not null
                ? ParamType.String
                : ParamType.Object;
        }

        // A type list (3.1: [string, integer]): the first in this order.
        return type.Value switch
        {
            var t when t.HasFlag(JsonSchemaType.Object) => ParamType.Object,
            var t when t.HasFlag(JsonSchemaType.Array) => ParamType.Array,
            var t when t.HasFlag(JsonSchemaType.String) => ParamType.String,
            var t when t.HasFlag(JsonSchemaType.Integer) => ParamType.Integer,
            var t when t.HasFlag(JsonSchemaType.Number) => ParamType.Number,
            _ => ParamType.Boolean,
        };
    }

    /// <summary>
    /// The description written on the schema: a reference's own (beside <c>$ref</c>), read without following it (a
    /// reference to a reference to itself throws when its properties are read).
    /// </summary>
    internal static string? OwnDescription(IOpenApiSchema? schema) =>
        schema is OpenApiSchemaReference reference ? reference.Reference?.Description : schema?.Description;

    /// <summary>allOf merged into one object schema (properties and required of every part); anything else as it is.</summary>
    internal static IOpenApiSchema? Merge(IOpenApiSchema? schema)
    {
        if (schema?.AllOf is not { Count: > 0 } parts)
        {
            return schema;
        }

        var merged = new OpenApiSchema
        {
            Type = schema.Type,
            Description = schema.Description,
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal),
            Required = new HashSet<string>(schema.Required ?? new HashSet<string>(), StringComparer.Ordinal),
        };
        foreach (var (key, value) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            merged.Properties[key] = value;
        }

        // Parts are merged one level (a part's own allOf too, up to 8 levels): refs among them are followed once.
        var queue = new Queue<(IOpenApiSchema Part, int Level)>(parts.Select(p => (p, 0)));
        while (queue.Count > 0)
        {
            var (part, level) = queue.Dequeue();
            if (Resolve(part) is not { } resolved)
            {
                continue;
            }

            merged.Type ??= resolved.Type;
            merged.Description ??= resolved.Description;
            foreach (var (key, value) in resolved.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                merged.Properties.TryAdd(key, value);
            }

            foreach (var key in resolved.Required ?? new HashSet<string>())
            {
                merged.Required.Add(key);
            }

            foreach (var nested in level < 8 ? resolved.AllOf ?? [] : [])
            {
                queue.Enqueue((nested, level + 1));
            }
        }

        return merged;
    }

    /// <summary>Whether the names make distinct, non-empty C# property names (the records need them).</summary>
    internal static bool DistinctNames(IEnumerable<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return names.All(n => CSharpNames.Pascal(n) is { Length: > 0 } p && seen.Add(p));
    }

    private static ParamValidation Validation(IOpenApiSchema schema, ParamType type)
    {
        if (type is ParamType.Integer or ParamType.Number)
        {
            return new ParamValidation(Number(schema.Minimum), Number(schema.Maximum), null, null, null);
        }

        if (type != ParamType.String)
        {
            return ParamValidation.None;
        }

        var pattern = schema.Pattern is { Length: > 0 and <= 1000 } p && ValidPattern(p) ? p : null;
        int? min = schema.MinLength is >= 0 and var m ? m : null;
        int? max = schema.MaxLength is >= 0 and var x && (min is null || x >= min) ? x : null;
        return new ParamValidation(null, null, pattern, min, max);
    }

    private static bool ValidPattern(string pattern)
    {
        try
        {
            _ = new System.Text.RegularExpressions.Regex(EcmaPattern.ToDotNet(pattern), System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static double? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;

    private static List<YamlValue>? Enum(IOpenApiSchema schema, ParamType type)
    {
        if (schema.Enum is not { Count: > 0 } values)
        {
            return null;
        }

        var converted = values.Select(v => Value(v, type)).OfType<YamlValue>().Distinct().ToList();

        // An enum with values of other types (null among strings) keeps those of the parameter's type.
        return converted.Count == 0 ? null : converted;
    }

    private static YamlValue? Default(IOpenApiSchema schema, ParamType type, List<YamlValue>? values, ParamValidation validation)
    {
        if (Value(schema.Default, type) is not { } value || (values is not null && !values.Contains(value)))
        {
            return null;
        }

        var param = new ParamConfig("default", SourcePosition.Start, type, false, null, null, values, validation, null, null);
        return ParamReader.CheckArgument(value, param).Violation is null ? value : null;
    }

    /// <summary>A JSON scalar as a value of <paramref name="type"/>, or null when it is not one.</summary>
    private static YamlValue? Value(JsonNode? node, ParamType type)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        var at = SourcePosition.Start;
        return (type, value.GetValueKind()) switch
        {
            (ParamType.String, JsonValueKind.String) => new YamlValue(YamlValueKind.String, value.GetValue<string>(), at),
            (ParamType.Boolean, JsonValueKind.True or JsonValueKind.False) => new YamlValue(YamlValueKind.Boolean, value.GetValue<bool>(), at),
            (ParamType.Integer, JsonValueKind.Number) when value.TryGetValue<long>(out var l) => new YamlValue(YamlValueKind.Integer, l, at),
            (ParamType.Integer, JsonValueKind.Number) when Whole(value) is { } w => new YamlValue(YamlValueKind.Integer, w, at),
            (ParamType.Number, JsonValueKind.Number) when value.TryGetValue<long>(out var l) => new YamlValue(YamlValueKind.Integer, l, at),
            (ParamType.Number, JsonValueKind.Number) => new YamlValue(YamlValueKind.Number, value.GetValue<double>(), at),
            _ => null,
        };

        static long? Whole(JsonValue value) =>
            value.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e15 ? (long)d : null;
    }

    private static string? Text(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
