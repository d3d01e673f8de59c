using System.Globalization;

namespace PForge.Tasks.Config;

public enum YamlValueKind
{
    Null,
    Boolean,
    Integer,
    Number,
    String,
    Sequence,
    Mapping,
}

/// <summary>A YAML value resolved by the YAML 1.2 core schema (plain <c>2</c> is an integer, quoted <c>"2"</c> a string).</summary>
public sealed record YamlValue(YamlValueKind Kind, object? Value, SourcePosition Position)
{
    public string Text => Value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string s => s,
        _ => Kind.ToString().ToLowerInvariant(),
    };

    public bool IsNumeric => Kind is YamlValueKind.Integer or YamlValueKind.Number;

    public double AsDouble => Value switch
    {
        long l => l,
        double d => d,
        _ => double.NaN,
    };

    public IReadOnlyList<YamlValue> Items => Value as IReadOnlyList<YamlValue> ?? [];

    public IReadOnlyList<KeyValuePair<string, YamlValue>> Members => Value as IReadOnlyList<KeyValuePair<string, YamlValue>> ?? [];

    /// <summary>The value as plain .NET objects (long, double, string, bool, lists, dictionaries) for JSON writers.</summary>
    public object? ToPlainObject() => Kind switch
    {
        YamlValueKind.Sequence => Items.Select(i => i.ToPlainObject()).ToList(),
        YamlValueKind.Mapping => Members.ToDictionary(m => m.Key, m => m.Value.ToPlainObject(), StringComparer.Ordinal),
        _ => Value,
    };

    /// <summary>Resolves a plain scalar by the core schema; a quoted scalar is always a string.</summary>
    public static YamlValue FromScalar(string text, bool plain, SourcePosition position)
    {
        if (!plain)
        {
            return new(YamlValueKind.String, text, position);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return new(YamlValueKind.Null, null, position);
            case "true" or "True" or "TRUE":
                return new(YamlValueKind.Boolean, true, position);
            case "false" or "False" or "FALSE":
                return new(YamlValueKind.Boolean, false, position);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return new(YamlValueKind.Integer, integer, position);
        }

        if (LooksNumeric(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return new(YamlValueKind.Number, number, position);
        }

        return new(YamlValueKind.String, text, position);
    }

    private static bool LooksNumeric(string text)
    {
        // The core schema's float: digits with an optional sign, point and exponent (not "Infinity" or "1_000").
        foreach (var c in text)
        {
            if (!(char.IsAsciiDigit(c) || c is '.' or '-' or '+' or 'e' or 'E'))
            {
                return false;
            }
        }

        return text.Any(char.IsAsciiDigit);
    }
}
