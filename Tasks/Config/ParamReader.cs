using System.Globalization;
using System.Text.RegularExpressions;
using PForge.Tasks.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace PForge.Tasks.Config;

/// <summary>Reads a <c>params:</c> (or <c>output:</c>) mapping and checks that every rule fits its type.</summary>
internal sealed class ParamReader(List<Diagnostic> diagnostics)
{
    /// <summary>Upper bound on the YAML nodes turned into one default value, so aliases cannot blow up a build.</summary>
    private const int MaxValueNodes = 10_000;

    /// <summary>The parameters of <paramref name="node"/>; <paramref name="toolParams"/>: a tool's own, which alone may take <c>claim:</c>.</summary>
    public List<ParamConfig> ReadParams(YamlMappingNode node, string owner, bool toolParams = false)
    {
        var result = new List<ParamConfig>();
        foreach (var pair in node.Children)
        {
            var keyPosition = MappingReader.At(pair.Key);
            var name = (pair.Key as YamlScalarNode)?.Value ?? string.Empty;
            if (!name.Any(char.IsLetterOrDigit))
            {
                diagnostics.Add(DiagnosticCodes.InvalidParamName(keyPosition, name));
                continue;
            }

            var param = ReadParam(name, keyPosition, pair.Value, $"parameter '{name}' of {owner}", shortFormRequired: true, toolParam: toolParams);
            if (param is not null)
            {
                result.Add(param);
            }
        }

        return result;
    }

    private ParamConfig? ReadParam(string name, SourcePosition position, YamlNode node, string where, bool shortFormRequired, bool toolParam = false)
    {
        if (node is YamlScalarNode scalar)
        {
            // Short form: `name: string` is a required parameter of that type.
            var shortType = ParseType(scalar.Value ?? string.Empty, MappingReader.At(scalar), name);
            return shortType is null ? null : new ParamConfig(name, position, shortType.Value, shortFormRequired, null, null, null, ParamValidation.None, null, null);
        }

        if (node is not YamlMappingNode mapping)
        {
            diagnostics.Add(DiagnosticCodes.WrongShape(MappingReader.At(node), name, "a type name or a mapping with 'type'"));
            return null;
        }

        var reader = new MappingReader(mapping, where, diagnostics);
        var typeText = reader.String("type", required: true);
        var typeNode = reader.Node("type");
        var paramType = typeText is null ? null : ParseType(typeText, MappingReader.At(typeNode!), name);
        var required = reader.Boolean("required") ?? false;
        var description = reader.String("description");
        var defaultNode = reader.Node("default");
        var enumNode = reader.Sequence("enum");
        var validationNode = reader.Mapping("validation");
        var itemsNode = reader.Node("items");
        var propertiesNode = reader.Mapping("properties");
        var examplesNode = reader.Sequence("examples");
        var claim = ReadClaim(reader, name, typeText, required, toolParam);

        // Rust pforge also accepts the validation keys directly on the parameter.
        var validation = ReadValidation(validationNode is null ? reader : new MappingReader(validationNode, $"validation of '{name}'", diagnostics), validationNode is not null);
        if (validationNode is not null)
        {
            MergeInlineValidation(reader, ref validation);
        }

        reader.ReportUnknownKeys();
        if (paramType is null)
        {
            return null;
        }

        var type = paramType.Value;
        ParamConfig? items = null;
        if (itemsNode is not null)
        {
            if (type != ParamType.Array)
            {
                diagnostics.Add(DiagnosticCodes.ValidationNotForType(reader.KeyPosition("items"), "items", name, TypeName(type)));
            }
            else
            {
                items = ReadParam(name + "[]", MappingReader.At(itemsNode), itemsNode, $"items of '{name}'", shortFormRequired: true);
            }
        }

        List<ParamConfig>? properties = null;
        if (propertiesNode is not null)
        {
            if (type != ParamType.Object)
            {
                diagnostics.Add(DiagnosticCodes.ValidationNotForType(reader.KeyPosition("properties"), "properties", name, TypeName(type)));
            }
            else
            {
                properties = ReadParams(propertiesNode, $"'{name}'");
            }
        }

        CheckValidation(name, type, validation);

        List<YamlValue>? enumValues = null;
        if (enumNode is not null)
        {
            enumValues = ReadEnum(name, type, enumNode, reader);
        }

        YamlValue? defaultValue = null;
        if (defaultNode is not null && !(defaultNode is YamlScalarNode d && MappingReader.IsNull(d)))
        {
            if (HasRecordShape(type, items, properties))
            {
                diagnostics.Add(DiagnosticCodes.ObjectDefault(reader.KeyPosition("default"), name));
            }
            else
            {
                defaultValue = ReadDefault(name, type, items, defaultNode, enumValues, validation.Rules);
            }

            if (defaultValue is not null && required)
            {
                diagnostics.Add(DiagnosticCodes.RequiredWithDefault(reader.KeyPosition("default"), name));
            }
        }

        var param = new ParamConfig(name, position, type, required, description, defaultValue, enumValues, validation.Rules, items, properties) { Claim = claim };
        return examplesNode is null ? param : param with { Examples = ReadExamples(param, examplesNode) };
    }

    /// <summary>
    /// <c>claim:</c>: the parameter is filled from a claim of the caller's credentials, never by the client. Only a
    /// tool's own optional string parameter without a default may be (PF1408 otherwise).
    /// </summary>
    private string? ReadClaim(MappingReader reader, string name, string? typeText, bool required, bool toolParam)
    {
        var claim = reader.String("claim");
        if (claim is null)
        {
            return null;
        }

        var at = reader.KeyPosition("claim");
        var problem = claim.Length == 0 || claim.Any(char.IsControl) ? "must name a claim of the caller's token, such as sub or email"
            : !toolParam ? "is only for a tool's own parameters, not for output fields, object properties or array items"
            : typeText != "string" ? $"needs type string: a claim is filled in as text, and '{name}' has type '{typeText}'"
            : required ? "cannot go with 'required': the client never sends the parameter, the caller's identity fills it (a call without the claim fails)"
            : reader.Node("default") is { } d && !(d is YamlScalarNode ds && MappingReader.IsNull(ds)) ? "cannot go with 'default': the parameter is always the caller's claim, or the call fails"
            : null;
        if (problem is not null)
        {
            diagnostics.Add(DiagnosticCodes.InvalidClaim(at, name, problem));
            return null;
        }

        return claim;
    }

    /// <summary>
    /// <c>examples:</c>: values a client could send, each checked like an argument (type, enum, rules, items and
    /// declared properties); the first is what the generated requests file sends. A bad one is PF0312 at its position.
    /// </summary>
    private List<YamlValue> ReadExamples(ParamConfig param, YamlSequenceNode node)
    {
        var examples = new List<YamlValue>();
        foreach (var child in node.Children)
        {
            var budget = MaxValueNodes;
            var value = ToValue(child, ref budget);
            if (value is null)
            {
                diagnostics.Add(DiagnosticCodes.InvalidExample(MappingReader.At(child), param.Name, $"the value is larger than {MaxValueNodes} YAML nodes"));
                continue;
            }

            var (converted, violation) = CheckArgument(value, param);
            if (violation is not null)
            {
                diagnostics.Add(DiagnosticCodes.InvalidExample(MappingReader.At(child), param.Name, violation));
                continue;
            }

            examples.Add(converted!);
        }

        return examples;
    }

    /// <summary>
    /// A value as an argument of <paramref name="param"/> (converted to its type), or what makes it invalid: the checks
    /// the generated argument reader makes, through arrays' items and objects' declared properties.
    /// </summary>
    internal static (YamlValue? Value, string? Violation) CheckArgument(YamlValue value, ParamConfig param)
    {
        if (param.Type == ParamType.Object && param.Properties is { } properties)
        {
            if (value.Kind != YamlValueKind.Mapping)
            {
                return (null, "it is not an object");
            }

            var members = new List<KeyValuePair<string, YamlValue>>();
            foreach (var (key, member) in value.Members)
            {
                if (properties.FirstOrDefault(p => p.Name == key) is not { } property)
                {
                    members.Add(new(key, member));
                    continue;
                }

                var (converted, violation) = CheckArgument(member, property);
                if (violation is not null)
                {
                    return (null, $"member '{key}': {violation}");
                }

                members.Add(new(key, converted!));
            }

            if (properties.FirstOrDefault(p => p.Required && !members.Any(m => m.Key == p.Name)) is { } missing)
            {
                return (null, $"it lacks the required member '{missing.Name}'");
            }

            return (value with { Value = members }, null);
        }

        if (param.Type == ParamType.Array && param.Items is { } items && value.Kind == YamlValueKind.Sequence)
        {
            if (OwnRuleViolation(value, null, param.Validation) is { } own)
            {
                return (null, own);
            }

            var list = new List<YamlValue>();
            for (var i = 0; i < value.Items.Count; i++)
            {
                var (converted, violation) = CheckArgument(value.Items[i], items);
                if (violation is not null)
                {
                    return (null, $"item {i}: {violation}");
                }

                list.Add(converted!);
            }

            return (value with { Value = list }, null);
        }

        var coerced = CoerceDeep(value, param.Type, param.Items);
        if (coerced is null)
        {
            return (null, $"it is not {Article(param.Type)} {TypeName(param.Type)}");
        }

        return RuleViolation(coerced, param.Enum, param.Validation, param.Items) is { } rule ? (null, rule) : (coerced, null);
    }

    private static string Article(ParamType type) => type is ParamType.Integer or ParamType.Array or ParamType.Object ? "an" : "a";

    /// <summary>True when the value (or its array items) becomes a generated record rather than a scalar or raw JSON.</summary>
    private static bool HasRecordShape(ParamType type, ParamConfig? items, List<ParamConfig>? properties) =>
        (type == ParamType.Object && properties is not null) || (type == ParamType.Array && items is { Type: ParamType.Object, Properties: not null });

    private ParamType? ParseType(string text, SourcePosition at, string name)
    {
        ParamType? type = text switch
        {
            "string" or "str" => ParamType.String,
            "integer" or "int" => ParamType.Integer,
            "number" or "float" => ParamType.Number,
            "boolean" or "bool" => ParamType.Boolean,
            "array" => ParamType.Array,
            "object" => ParamType.Object,
            _ => null,
        };
        if (type is null)
        {
            diagnostics.Add(DiagnosticCodes.UnknownParamType(at, text, name));
        }

        return type;
    }

    public static string TypeName(ParamType type) => type.ToString().ToLowerInvariant();

    private readonly record struct ValidationRead(ParamValidation Rules, Dictionary<string, SourcePosition> Positions);

    private static ValidationRead ReadValidation(MappingReader reader, bool ownMapping)
    {
        var positions = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
        double? Take(string key)
        {
            var value = reader.Number(key);
            if (value is not null)
            {
                positions[key] = reader.KeyPosition(key);
            }

            return value;
        }

        int? TakeLength(string key)
        {
            var value = reader.NonNegativeInteger(key);
            if (value is not null)
            {
                positions[key] = reader.KeyPosition(key);
            }

            return value;
        }

        var min = Take("min");
        var max = Take("max");
        var pattern = reader.String("pattern");
        if (pattern is not null)
        {
            positions["pattern"] = reader.KeyPosition("pattern");
        }

        var minLength = TakeLength("min_length");
        var maxLength = TakeLength("max_length");
        if (ownMapping)
        {
            reader.ReportUnknownKeys();
        }

        return new ValidationRead(new ParamValidation(min, max, pattern, minLength, maxLength), positions);
    }

    private static void MergeInlineValidation(MappingReader reader, ref ValidationRead validation)
    {
        var inline = ReadValidation(reader, ownMapping: false);
        var rules = validation.Rules;
        validation = new ValidationRead(
            new ParamValidation(
                rules.Min ?? inline.Rules.Min,
                rules.Max ?? inline.Rules.Max,
                rules.Pattern ?? inline.Rules.Pattern,
                rules.MinLength ?? inline.Rules.MinLength,
                rules.MaxLength ?? inline.Rules.MaxLength),
            inline.Positions.Concat(validation.Positions).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal));
    }

    private void CheckValidation(string name, ParamType type, ValidationRead validation)
    {
        var rules = validation.Rules;
        var typeName = TypeName(type);
        var numeric = type is ParamType.Integer or ParamType.Number;
        var sized = type is ParamType.String or ParamType.Array;
        foreach (var (rule, at) in validation.Positions)
        {
            var fits = rule switch
            {
                "min" or "max" => numeric,
                "pattern" => type == ParamType.String,
                _ => sized,
            };
            if (!fits)
            {
                diagnostics.Add(DiagnosticCodes.ValidationNotForType(at, rule, name, typeName));
            }
        }

        if (numeric && rules is { Min: { } min, Max: { } max } && min > max)
        {
            diagnostics.Add(DiagnosticCodes.RangeInverted(validation.Positions["min"], name, $"min {Format(min)}", $"max {Format(max)}"));
        }

        if (sized && rules is { MinLength: { } minLength, MaxLength: { } maxLength } && minLength > maxLength)
        {
            diagnostics.Add(DiagnosticCodes.RangeInverted(validation.Positions["min_length"], name, $"min_length {minLength}", $"max_length {maxLength}"));
        }

        if (type == ParamType.Integer && rules.Min is { } imin && imin != Math.Floor(imin))
        {
            diagnostics.Add(DiagnosticCodes.InvalidValue(validation.Positions["min"], "min", Format(imin), "a whole number for an integer parameter"));
        }

        if (type == ParamType.Integer && rules.Max is { } imax && imax != Math.Floor(imax))
        {
            diagnostics.Add(DiagnosticCodes.InvalidValue(validation.Positions["max"], "max", Format(imax), "a whole number for an integer parameter"));
        }

        if (rules.Pattern is { } pattern && type == ParamType.String)
        {
            try
            {
                // The pattern as written first, so an error's offset points into the user's text; then its .NET form.
                _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
                _ = new Regex(EcmaPattern.ToDotNet(pattern), RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                diagnostics.Add(DiagnosticCodes.InvalidPattern(validation.Positions["pattern"], name, ex.Message));
            }
        }
    }

    private List<YamlValue>? ReadEnum(string name, ParamType type, YamlSequenceNode node, MappingReader reader)
    {
        if (type is not (ParamType.String or ParamType.Integer or ParamType.Number))
        {
            diagnostics.Add(DiagnosticCodes.ValidationNotForType(reader.KeyPosition("enum"), "enum", name, TypeName(type)));
            return null;
        }

        if (node.Children.Count == 0)
        {
            diagnostics.Add(DiagnosticCodes.EmptyEnum(MappingReader.At(node), name));
            return null;
        }

        var values = new List<YamlValue>();
        foreach (var child in node.Children)
        {
            var value = child is YamlScalarNode scalar ? MappingReader.ToValue(scalar) : null;
            var converted = value is null ? null : Coerce(value, type);
            if (converted is null)
            {
                diagnostics.Add(DiagnosticCodes.EnumTypeMismatch(MappingReader.At(child), MappingReader.Describe(child), name, TypeName(type)));
                continue;
            }

            values.Add(converted);
        }

        return values;
    }

    private YamlValue? ReadDefault(string name, ParamType type, ParamConfig? items, YamlNode node, List<YamlValue>? enumValues, ParamValidation rules)
    {
        var budget = MaxValueNodes;
        var value = ToValue(node, ref budget);
        if (value is null)
        {
            diagnostics.Add(DiagnosticCodes.DefaultViolatesRules(MappingReader.At(node), name, $"the value is larger than {MaxValueNodes} YAML nodes"));
            return null;
        }

        var converted = CoerceDeep(value, type, items);
        if (converted is null)
        {
            diagnostics.Add(DiagnosticCodes.DefaultTypeMismatch(MappingReader.At(node), name, TypeName(type)));
            return null;
        }

        if (RuleViolation(converted, enumValues, rules, items) is { } violation)
        {
            diagnostics.Add(DiagnosticCodes.DefaultViolatesRules(MappingReader.At(node), name, violation));
            return null;
        }

        return converted;
    }

    /// <summary>What a value breaks among enum and validation rules, or null (the same rules the argument reader enforces).</summary>
    private static string? RuleViolation(YamlValue value, IReadOnlyList<YamlValue>? enumValues, ParamValidation rules, ParamConfig? items)
    {
        if (OwnRuleViolation(value, enumValues, rules) is { } violation)
        {
            return violation;
        }

        if (items is not null && value.Kind == YamlValueKind.Sequence)
        {
            // Every element must pass the rules of 'items' too, as the argument reader checks them.
            for (var i = 0; i < value.Items.Count; i++)
            {
                if (RuleViolation(value.Items[i], items.Enum, items.Validation, items.Items) is { } itemViolation)
                {
                    return $"item {i}: {itemViolation}";
                }
            }
        }

        return null;
    }

    internal static string? OwnRuleViolation(YamlValue value, IReadOnlyList<YamlValue>? enumValues, ParamValidation rules)
    {
        if (enumValues is not null && !enumValues.Any(e => e.Text == value.Text))
        {
            return $"{value.Text} is not one of {string.Join(", ", enumValues.Select(e => e.Text))}";
        }

        if (value.IsNumeric)
        {
            if (rules.Min is { } min && value.AsDouble < min)
            {
                return $"{value.Text} is less than min {Format(min)}";
            }

            if (rules.Max is { } max && value.AsDouble > max)
            {
                return $"{value.Text} is greater than max {Format(max)}";
            }
        }

        var length = value.Kind switch
        {
            // Code points, as JSON Schema and the generated argument reader count a string's length.
            YamlValueKind.String => ((string)value.Value!).EnumerateRunes().Count(),
            YamlValueKind.Sequence => value.Items.Count,
            _ => -1,
        };
        if (length >= 0 && rules.MinLength is { } minLength && length < minLength)
        {
            return $"its length {length} is less than min_length {minLength}";
        }

        if (length >= 0 && rules.MaxLength is { } maxLength && length > maxLength)
        {
            return $"its length {length} is greater than max_length {maxLength}";
        }

        if (value.Kind == YamlValueKind.String && rules.Pattern is { } pattern)
        {
            try
            {
                // With ECMA-262 semantics, as the schema states and the generated reader checks.
                if (!Regex.IsMatch((string)value.Value!, EcmaPattern.ToDotNet(pattern), RegexOptions.None, TimeSpan.FromSeconds(1)))
                {
                    return $"'{value.Text}' does not match pattern '{pattern}'";
                }
            }
            catch (RegexMatchTimeoutException)
            {
                return $"'{value.Text}' could not be checked against pattern '{pattern}' within a second";
            }
            catch (ArgumentException)
            {
                return null; // Reported as PF0306 already.
            }
        }

        return null;
    }

    /// <summary>A scalar as a value of <paramref name="type"/>, or null when it is not one.</summary>
    private static YamlValue? Coerce(YamlValue value, ParamType type) => (type, value.Kind) switch
    {
        // For a string parameter any plain scalar reads as its text, as a YAML author expects (`default: 1.0`).
        (ParamType.String, YamlValueKind.String or YamlValueKind.Integer or YamlValueKind.Number or YamlValueKind.Boolean) =>
            value with { Kind = YamlValueKind.String, Value = value.Kind == YamlValueKind.String ? value.Value : value.Text },
        (ParamType.Integer, YamlValueKind.Integer) => value,
        (ParamType.Number, YamlValueKind.Integer or YamlValueKind.Number) => value,
        (ParamType.Boolean, YamlValueKind.Boolean) => value,
        _ => null,
    };

    private static YamlValue? CoerceDeep(YamlValue value, ParamType type, ParamConfig? items)
    {
        switch (type)
        {
            case ParamType.Array when value.Kind == YamlValueKind.Sequence:
                if (items is null)
                {
                    return value;
                }

                var list = new List<YamlValue>();
                foreach (var item in value.Items)
                {
                    var converted = CoerceDeep(item, items.Type, items.Items);
                    if (converted is null)
                    {
                        return null;
                    }

                    list.Add(converted);
                }

                return value with { Value = list };
            case ParamType.Object when value.Kind == YamlValueKind.Mapping:
                return value;
            case ParamType.Array or ParamType.Object:
                return null;
            default:
                return Coerce(value, type);
        }
    }

    private static YamlValue? ToValue(YamlNode node, ref int budget)
    {
        if (--budget < 0)
        {
            return null;
        }

        switch (node)
        {
            case YamlScalarNode scalar:
                return MappingReader.ToValue(scalar);
            case YamlSequenceNode sequence:
                var items = new List<YamlValue>();
                foreach (var child in sequence.Children)
                {
                    var item = ToValue(child, ref budget);
                    if (item is null)
                    {
                        return null;
                    }

                    items.Add(item);
                }

                return new YamlValue(YamlValueKind.Sequence, items, MappingReader.At(node));
            case YamlMappingNode mapping:
                var members = new List<KeyValuePair<string, YamlValue>>();
                foreach (var pair in mapping.Children)
                {
                    var member = ToValue(pair.Value, ref budget);
                    if (member is null)
                    {
                        return null;
                    }

                    members.Add(new((pair.Key as YamlScalarNode)?.Value ?? string.Empty, member));
                }

                return new YamlValue(YamlValueKind.Mapping, members, MappingReader.At(node));
            default:
                return null;
        }
    }

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
