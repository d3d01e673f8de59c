using System.Text.Json;
using System.Text.RegularExpressions;

namespace PForge.Runtime.Generated;

/// <summary>
/// What generated argument readers call: typed reads that report only success, and the error messages the client
/// model sees (naming the parameter and the rule). Paths are built from <c>prefix + name</c> only on failure.
/// </summary>
public static class ArgumentReader
{
    /// <summary>Reader options for tool arguments: no comments, bounded depth.</summary>
    public static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };

    /// <summary>
    /// Reads a string token as text. False when the token is not a string, or when it is one that is not valid Unicode
    /// (an escaped lone surrogate such as <c>"\ud800"</c>, or invalid UTF-8): then <see cref="InvalidText"/> says so.
    /// </summary>
    public static bool TryReadString(ref ArgumentTokenReader reader, out string value)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            try
            {
                value = reader.GetString()!;
                return true;
            }
            catch (InvalidOperationException)
            {
                // The JSON is well-formed, but its text does not decode to UTF-16.
            }
        }

        value = string.Empty;
        return false;
    }

    public static bool TryReadInteger(ref ArgumentTokenReader reader, out long value)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out value))
            {
                return true;
            }

            // JSON Schema counts 2.0 as an integer.
            if (reader.TryGetDouble(out var number) && number == Math.Floor(number) && number is >= -9.2233720368547758E18 and < 9.2233720368547758E18)
            {
                value = (long)number;
                return true;
            }
        }

        value = 0;
        return false;
    }

    public static bool TryReadNumber(ref ArgumentTokenReader reader, out double value)
    {
        // An integer token converts exactly as its text parses (both round to the nearest double), far cheaper; "-0" stays -0.
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var whole) && (whole != 0 || (!reader.HasValueSequence && reader.ValueSpan[0] != (byte)'-')))
        {
            value = whole;
            return true;
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out value) && double.IsFinite(value))
        {
            return true;
        }

        value = 0;
        return false;
    }

    public static bool TryReadBoolean(ref ArgumentTokenReader reader, out bool value)
    {
        value = reader.TokenType == JsonTokenType.True;
        return reader.TokenType is JsonTokenType.True or JsonTokenType.False;
    }

    /// <summary>Reads any JSON value as an element, for parameters declared without a precise shape.</summary>
    public static bool TryReadJson(ref ArgumentTokenReader reader, JsonTokenType expected, out JsonElement value)
    {
        if (reader.TokenType != expected)
        {
            value = default;
            return false;
        }

        value = reader.ParseValue();
        return true;
    }

    /// <summary>True for a JSON number that is whole and fits a long, as <see cref="TryReadInteger"/> accepts.</summary>
    public static bool IsInteger(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        return element.TryGetInt64(out _)
            || (element.TryGetDouble(out var number) && number == Math.Floor(number) && number is >= -9.2233720368547758E18 and < 9.2233720368547758E18);
    }

    public static string Malformed(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return "Arguments are not valid JSON: " + (cut > 0 ? message[..cut] : message);
    }

    /// <summary>For text that does not decode (e.g. a property name with an escaped lone surrogate) where no parameter is known.</summary>
    public static string InvalidUnicode(InvalidOperationException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return "Arguments are not valid Unicode text: " + exception.Message;
    }

    /// <summary>A string argument that is well-formed JSON but not valid Unicode text (e.g. <c>"\ud800"</c>).</summary>
    public static string InvalidText(string prefix, string name) => $"Parameter '{prefix}{name}' must be valid Unicode text";

    public static string Missing(string prefix, string name) => $"Missing required parameter '{prefix}{name}'";

    public static string Duplicate(string prefix, string name) => $"Parameter '{prefix}{name}' is given more than once";

    public static string WrongType(string prefix, string name, string expected) => $"Parameter '{prefix}{name}' must be {expected}";

    public static string NotInEnum(string prefix, string name, string allowed) => $"Parameter '{prefix}{name}' must be one of: {allowed}";

    public static string? MinError(double value, double min, string prefix, string name) =>
        value < min ? $"Parameter '{prefix}{name}' must be at least {Format(min)}" : null;

    public static string? MaxError(double value, double max, string prefix, string name) =>
        value > max ? $"Parameter '{prefix}{name}' must be at most {Format(max)}" : null;

    /// <summary>Checks a string's length in Unicode code points, as JSON Schema counts it.</summary>
    public static string? LengthError(string value, int? min, int? max, string prefix, string name)
    {
        ArgumentNullException.ThrowIfNull(value);
        var length = CodePoints(value);
        return length < min ? $"Parameter '{prefix}{name}' must be at least {min} characters long"
            : length > max ? $"Parameter '{prefix}{name}' must be at most {max} characters long"
            : null;
    }

    public static string? CountError(int count, int? min, int? max, string prefix, string name) =>
        count < min ? $"Parameter '{prefix}{name}' must have at least {min} items"
        : count > max ? $"Parameter '{prefix}{name}' must have at most {max} items"
        : null;

    public static string? PatternError(Regex regex, string value, string pattern, string prefix, string name)
    {
        ArgumentNullException.ThrowIfNull(regex);
        try
        {
            return regex.IsMatch(value) ? null : $"Parameter '{prefix}{name}' must match the pattern '{pattern}'";
        }
        catch (RegexMatchTimeoutException)
        {
            return $"Parameter '{prefix}{name}' could not be checked against the pattern '{pattern}' in time";
        }
    }

    private static int CodePoints(string value)
    {
        var count = value.Length;
        foreach (var c in value)
        {
            if (char.IsLowSurrogate(c))
            {
                count--;
            }
        }

        return count;
    }

    private static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
