using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace PForge.Runtime.Generated;

/// <summary>For generated code: what every generated argument record's reader does besides reading its members.</summary>
public static class ArgumentRecord
{
    /// <summary>Reads and checks arguments; on failure <paramref name="error"/> names the parameter and the rule it broke.</summary>
    public static bool TryRead<T>(ReadOnlySpan<byte> json, [NotNullWhen(true)] out T? value, [NotNullWhen(false)] out string? error)
        where T : IArgumentRecord<T>
    {
        var reader = new ArgumentTokenReader(json);
        try
        {
            reader.Read();
            return T.TryRead(ref reader, string.Empty, out value, out error);
        }
        catch (JsonException ex)
        {
            value = default;
            error = ArgumentReader.Malformed(ex);
            return false;
        }
        catch (InvalidOperationException ex)
        {
            // A property name with an escaped lone surrogate cannot be compared as text.
            value = default;
            error = ArgumentReader.InvalidUnicode(ex);
            return false;
        }
    }

    /// <summary>True when the reader is at an object; else <paramref name="error"/> says what must be one (the arguments, or the parameter at <paramref name="prefix"/>).</summary>
    public static bool IsObject(JsonTokenType token, string prefix, [NotNullWhen(false)] out string? error)
    {
        error = token == JsonTokenType.StartObject
            ? null
            : prefix.Length == 0 ? "Arguments must be a JSON object" : $"Parameter '{prefix.TrimEnd('.')}' must be an object";
        return error is null;
    }
}
