using System.Globalization;
using PForge.Tasks.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PForge.Tasks.Config;

/// <summary>
/// Reads the keys of one YAML mapping, reporting missing, mistyped and (at the end) unknown keys as diagnostics.
/// Every key a caller asks for counts as known.
/// </summary>
internal sealed class MappingReader
{
    private readonly YamlMappingNode _node;
    private readonly string _where;
    private readonly List<Diagnostic> _diagnostics;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public MappingReader(YamlMappingNode node, string where, List<Diagnostic> diagnostics)
    {
        _node = node;
        _where = where;
        _diagnostics = diagnostics;
    }

    public SourcePosition Position => At(_node);

    /// <summary>Where this reader reports, for readers of nested blocks.</summary>
    public List<Diagnostic> Diagnostics => _diagnostics;

    public static SourcePosition At(YamlNode node) => new((int)node.Start.Line, (int)node.Start.Column);

    /// <summary>The value node of <paramref name="key"/>, or null when absent (reported when required).</summary>
    public YamlNode? Node(string key, bool required = false)
    {
        _known.Add(key);
        foreach (var pair in _node.Children)
        {
            if (pair.Key is YamlScalarNode { Value: { } name } && name == key)
            {
                return pair.Value;
            }
        }

        if (required)
        {
            _diagnostics.Add(DiagnosticCodes.MissingKey(Position, key, _where));
        }

        return null;
    }

    /// <summary>The position of the key itself (not its value), for diagnostics about the whole entry.</summary>
    public SourcePosition KeyPosition(string key)
    {
        foreach (var pair in _node.Children)
        {
            if (pair.Key is YamlScalarNode { Value: { } name } && name == key)
            {
                return At(pair.Key);
            }
        }

        return Position;
    }

    public string? String(string key, bool required = false)
    {
        var node = Node(key, required);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode scalar && !IsNull(scalar))
        {
            return scalar.Value ?? string.Empty;
        }

        if (node is YamlScalarNode && !required)
        {
            return null;
        }

        _diagnostics.Add(DiagnosticCodes.WrongShape(At(node), key, "a text value"));
        return null;
    }

    public bool? Boolean(string key)
    {
        var node = Node(key);
        if (node is null || node is YamlScalarNode s0 && IsNull(s0))
        {
            return null;
        }

        if (node is YamlScalarNode scalar && ToValue(scalar) is { Kind: YamlValueKind.Boolean, Value: bool value })
        {
            return value;
        }

        _diagnostics.Add(DiagnosticCodes.InvalidValue(At(node), key, Describe(node), "true or false"));
        return null;
    }

    public double? Number(string key)
    {
        var node = Node(key);
        if (node is null || node is YamlScalarNode s0 && IsNull(s0))
        {
            return null;
        }

        if (node is YamlScalarNode scalar && ToValue(scalar) is { IsNumeric: true } value)
        {
            return value.AsDouble;
        }

        _diagnostics.Add(DiagnosticCodes.InvalidValue(At(node), key, Describe(node), "a number"));
        return null;
    }

    public int? NonNegativeInteger(string key)
    {
        var node = Node(key);
        if (node is null || node is YamlScalarNode s0 && IsNull(s0))
        {
            return null;
        }

        if (node is YamlScalarNode scalar && ToValue(scalar) is { Kind: YamlValueKind.Integer, Value: long value } && value is >= 0 and <= int.MaxValue)
        {
            return (int)value;
        }

        _diagnostics.Add(DiagnosticCodes.InvalidValue(At(node), key, Describe(node), "a whole number of 0 or more"));
        return null;
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; otherwise reported (PF0104) saying it must be <paramref name="expected"/>.</summary>
    public int? IntegerInRange(string key, int min, int max, string expected)
    {
        var node = Node(key);
        if (node is null || node is YamlScalarNode s0 && IsNull(s0))
        {
            return null;
        }

        if (node is YamlScalarNode scalar && ToValue(scalar) is { Kind: YamlValueKind.Integer, Value: long value } && value >= min && value <= max)
        {
            return (int)value;
        }

        _diagnostics.Add(DiagnosticCodes.InvalidValue(At(node), key, Describe(node), expected));
        return null;
    }

    /// <summary>A whole number from 1 to <see cref="int.MaxValue"/> (a duration in milliseconds, a size in bytes).</summary>
    public int? PositiveInteger(string key)
    {
        var node = Node(key);
        if (node is null || node is YamlScalarNode s0 && IsNull(s0))
        {
            return null;
        }

        if (node is YamlScalarNode scalar && ToValue(scalar) is { Kind: YamlValueKind.Integer, Value: long value } && value is >= 1 and <= int.MaxValue)
        {
            return (int)value;
        }

        _diagnostics.Add(DiagnosticCodes.InvalidValue(At(node), key, Describe(node), $"a whole number from 1 to {int.MaxValue}"));
        return null;
    }

    public YamlMappingNode? Mapping(string key, bool required = false)
    {
        var node = Node(key, required);
        switch (node)
        {
            case null:
                return null;
            case YamlMappingNode mapping:
                return mapping;
            case YamlScalarNode scalar when IsNull(scalar):
                return null;
            default:
                _diagnostics.Add(DiagnosticCodes.WrongShape(At(node), key, "a mapping of keys to values"));
                return null;
        }
    }

    public YamlSequenceNode? Sequence(string key, bool required = false)
    {
        var node = Node(key, required);
        switch (node)
        {
            case null:
                return null;
            case YamlSequenceNode sequence:
                return sequence;
            case YamlScalarNode scalar when IsNull(scalar):
                return null;
            default:
                _diagnostics.Add(DiagnosticCodes.WrongShape(At(node), key, "a list"));
                return null;
        }
    }

    /// <summary>Marks keys as known without reading them (their owner reports them otherwise).</summary>
    public void Accept(params string[] keys)
    {
        foreach (var key in keys)
        {
            _known.Add(key);
        }
    }

    /// <summary>Warns about every key nobody asked for, suggesting the closest known key.</summary>
    public void ReportUnknownKeys()
    {
        KnownKeys.Add(_node, _known);
        foreach (var pair in _node.Children)
        {
            var name = (pair.Key as YamlScalarNode)?.Value ?? pair.Key.ToString();
            if (!_known.Contains(name))
            {
                _diagnostics.Add(DiagnosticCodes.UnknownKey(At(pair.Key), name, _where, Suggest(name)));
            }
        }
    }

    public static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL" or null;

    public static YamlValue ToValue(YamlScalarNode scalar) =>
        YamlValue.FromScalar(scalar.Value ?? string.Empty, scalar.Style == ScalarStyle.Plain, At(scalar));

    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Value ?? string.Empty,
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => node.ToString(),
    };

    private string? Suggest(string name)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var known in _known)
        {
            var distance = Distance(name.ToLower(CultureInfo.InvariantCulture), known);
            if (distance < bestDistance)
            {
                best = known;
                bestDistance = distance;
            }
        }

        return bestDistance <= Math.Max(1, name.Length / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
