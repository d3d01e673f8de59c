using System.Text.Json;
using PForge.Tasks.Config;

namespace PForge.Tasks.Emit;

/// <summary>The generated records of a tool (input, output, nested objects): each member's name, kind, default and checks.</summary>
internal sealed class RecordBuilder
{
    private readonly DescriptorContext _context;

    public RecordBuilder(DescriptorContext context) => _context = context;

    /// <summary>The record <paramref name="className"/>, inserted first into <paramref name="types"/> after its nested records.</summary>
    public ObjectDescriptor Build(string className, string summary, IReadOnlyList<ParamConfig> fields, bool isOutput, List<ObjectDescriptor> types, string origin, SourcePosition at, bool isRoot = false)
    {
        // Records of all tools share the root namespace: tool 'a' with object 'input' and tool 'a_input' would clash.
        _context.Collides(_context.ClassNames, className, origin, at);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var patterns = new List<PatternDescriptor>();
        var built = new List<FieldDescriptor>();
        foreach (var field in fields)
        {
            var property = CSharpNames.Pascal(field.Name);
            if (property == className || DescriptorContext.ReservedMembers.Contains(property))
            {
                // A member may not share its type's name (CS0542) nor a member the record already has (CS0102).
                property += "Value";
            }

            if (_context.Collides(names, property, field.Name, field.Position))
            {
                continue;
            }

            built.Add(BuildField(field, property, className, isOutput, types, patterns));
        }

        var descriptor = new ObjectDescriptor { ClassName = className, Summary = summary, IsOutput = isOutput, IsRoot = isRoot, Fields = built, Patterns = patterns };
        types.Insert(0, descriptor);
        return descriptor;
    }

    private FieldDescriptor BuildField(ParamConfig field, string property, string owner, bool isOutput, List<ObjectDescriptor> types, List<PatternDescriptor> patterns)
    {
        var (kind, objectClass, item) = field.Type switch
        {
            ParamType.String => ("string", null, null),
            ParamType.Integer => ("integer", null, null),
            ParamType.Number => ("number", null, null),
            ParamType.Boolean => ("boolean", null, (FieldDescriptor?)null),
            ParamType.Object when field.Properties is not null =>
                ("object", Build(owner + property, $"The value of '{field.Name}'.", field.Properties, isOutput, types, field.Name, field.Position).ClassName, null),
            ParamType.Array when field.Items is { } items && items.Type != ParamType.Array && (items.Type != ParamType.Object || items.Properties is not null) =>
                ("array", null, BuildField(items with { Name = field.Name + "[]", Required = true, Default = null }, property + "Item", owner, isOutput, types, patterns)),
            _ => ("json", (string?)null, (FieldDescriptor?)null),
        };

        // A JSON default is parsed once, into a static field that the initializer and the reader share.
        var defaultField = kind == "json" && field.Default is not null ? property + "_Default" : string.Empty;
        var rules = field.Validation;
        var patternMethod = string.Empty;
        if (rules.Pattern is { } pattern && !isOutput)
        {
            // '_' keeps it apart from every property: Pascal names have no underscore after the first character.
            patternMethod = $"{property}_Pattern";
            patterns.Add(new PatternDescriptor
            {
                Method = patternMethod,
                Summary = $"The pattern of '{field.Name}', {pattern}, with its ECMA-262 meaning (as the schema states) in .NET syntax.",
                Pattern = EcmaPattern.ToDotNet(pattern),
            });
        }

        var descriptor = new FieldDescriptor
        {
            JsonName = field.Name,
            PropertyName = property,
            Local = "v" + property,
            Summary = field.Description ?? field.Name,
            Required = field.Required,
            Claim = field.Claim,
            Default = field.Default is { } value ? (defaultField.Length > 0 ? defaultField : DefaultValue(value, kind, item)) : null,
            DefaultField = defaultField,
            DefaultJson = defaultField.Length > 0 ? JsonSerializer.Serialize(field.Default!.ToPlainObject()) : string.Empty,
            Kind = kind,
            ObjectClass = objectClass,
            ListWriter = kind == "array" && !isOutput ? property + "_Writer" : string.Empty,
            Item = item,
            JsonToken = field.Type == ParamType.Array ? "StartArray" : "StartObject",
            JsonExpected = field.Type == ParamType.Array ? "an array" : "an object",
            JsonCheck = kind == "json" && field.Type == ParamType.Array && JsonCheck(field) is { } check && (check.HasLength || check.Item is not null) ? check : null,
            Rules = new RulesDescriptor
            {
                Enum = field.Enum is { } values ? [.. values.Select(v => Value(v, kind))] : [],
                EnumText = field.Enum is { } names ? string.Join(", ", names.Select(v => v.Text)) : string.Empty,
                Min = rules.Min,
                Max = rules.Max,
                MinLength = rules.MinLength,
                MaxLength = rules.MaxLength,
                PatternMethod = patternMethod,
                Pattern = rules.Pattern ?? string.Empty,
            },
        };
        _context.Fields[field] = (descriptor, owner);
        return descriptor;
    }

    private static object DefaultValue(YamlValue value, string kind, FieldDescriptor? item) => kind switch
    {
        "array" => value.Items.Select(v => Value(v, item!.Kind)).ToList(),
        _ => Value(value, kind),
    };

    /// <summary>A scalar of pforge.yaml as the C# value of its kind.</summary>
    private static object Value(YamlValue value, string kind) => kind switch
    {
        "string" => value.Text,
        // A plain YAML integer is a long already: going through double would round values above 2^53.
        "integer" => value.Value is long whole ? whole : (long)value.AsDouble,
        "number" => value.AsDouble,
        "boolean" => value.Value is true,
        _ => throw new InvalidOperationException($"no literal for a {kind} value"),
    };

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
        MinLength = array.Type == ParamType.Array ? array.Validation.MinLength : null,
        MaxLength = array.Type == ParamType.Array ? array.Validation.MaxLength : null,
        Item = array.Type == ParamType.Array && array.Items is { } items ? JsonCheck(items) : null,
    };
}
