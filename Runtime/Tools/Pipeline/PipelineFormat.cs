using System.Text.Json;

namespace PForge.Runtime.Tools.Pipeline;

/// <summary>What compiled step inputs and conditions call at run time: values of variables, never parsing.</summary>
public static class PipelineFormat
{
    /// <summary>A value passed through unchanged (a template that is exactly <c>{{x}}</c>); absent is JSON null.</summary>
    public static void WriteValue(Utf8JsonWriter writer, JsonElement? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { ValueKind: not JsonValueKind.Undefined } element)
        {
            element.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <summary>Exists and is truthy: not absent, null, false, an empty string, an empty array or an empty object.</summary>
    public static bool Truthy(JsonElement? value) => value switch
    {
        null => false,
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined or JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.String } s => s.GetString()!.Length > 0,
        { ValueKind: JsonValueKind.Array } a => a.GetArrayLength() > 0,
        { ValueKind: JsonValueKind.Object } o => o.EnumerateObject().Any(),
        _ => true,
    };

    /// <summary>Compares two operands: numbers by value, strings ordinally, booleans and null by equality.</summary>
    public static bool Compare(PipelineOperand left, PipelineComparison comparison, PipelineOperand right)
    {
        if (comparison is PipelineComparison.Equal or PipelineComparison.NotEqual)
        {
            var equal = left.Kind == right.Kind && left.Kind switch
            {
                PipelineOperandKind.Null => true,
                PipelineOperandKind.Number => left.Number == right.Number,
                PipelineOperandKind.String => string.Equals(left.Text, right.Text, StringComparison.Ordinal),
                PipelineOperandKind.Boolean => left.Boolean == right.Boolean,
                _ => left.Text == right.Text,
            };
            return comparison == PipelineComparison.Equal ? equal : !equal;
        }

        int order;
        if (left.Kind == PipelineOperandKind.Number && right.Kind == PipelineOperandKind.Number)
        {
            order = left.Number.CompareTo(right.Number);
        }
        else if (left.Kind == PipelineOperandKind.String && right.Kind == PipelineOperandKind.String)
        {
            order = string.CompareOrdinal(left.Text, right.Text);
        }
        else
        {
            return false;
        }

        return comparison switch
        {
            PipelineComparison.Less => order < 0,
            PipelineComparison.Greater => order > 0,
            PipelineComparison.LessOrEqual => order <= 0,
            _ => order >= 0,
        };
    }
}

public enum PipelineComparison
{
    Equal,
    NotEqual,
    Less,
    Greater,
    LessOrEqual,
    GreaterOrEqual,
}

public enum PipelineOperandKind
{
    Null,
    Number,
    String,
    Boolean,

    /// <summary>An array or object: equal only to the same JSON text.</summary>
    Other,
}

/// <summary>One side of a comparison: a literal compiled in, or a variable's value.</summary>
public readonly struct PipelineOperand
{
    private PipelineOperand(PipelineOperandKind kind, double number, string? text, bool boolean)
    {
        Kind = kind;
        Number = number;
        Text = text;
        Boolean = boolean;
    }

    public PipelineOperandKind Kind { get; }

    public double Number { get; }

    public string? Text { get; }

    public bool Boolean { get; }

    public static PipelineOperand Null => default;

    public static PipelineOperand Of(double number) => new(PipelineOperandKind.Number, number, null, false);

    public static PipelineOperand Of(string text) => new(PipelineOperandKind.String, 0, text, false);

    public static PipelineOperand Of(bool value) => new(PipelineOperandKind.Boolean, 0, null, value);

    /// <summary>A variable's value (absent reads as null).</summary>
    public static PipelineOperand Of(JsonElement? value) => value switch
    {
        null => Null,
        { ValueKind: JsonValueKind.Number } n => Of(n.GetDouble()),
        { ValueKind: JsonValueKind.String } s => Of(s.GetString()!),
        { ValueKind: JsonValueKind.True } => Of(true),
        { ValueKind: JsonValueKind.False } => Of(false),
        { ValueKind: JsonValueKind.Array or JsonValueKind.Object } o => new(PipelineOperandKind.Other, 0, o.GetRawText(), false),
        _ => Null,
    };
}
