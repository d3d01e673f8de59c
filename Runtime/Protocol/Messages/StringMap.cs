using System.Text.Json;

namespace PForge.Runtime.Protocol.Messages;

/// <summary>A member of string values (<c>arguments</c> of prompts/get, <c>context.arguments</c> of completion/complete).</summary>
public static class StringMap
{
    /// <summary>The map of a member that is absent or null.</summary>
    public static IReadOnlyDictionary<string, string> Empty { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Reads member <paramref name="name"/> of an object as a map of strings (absent or null: <see cref="Empty"/>).</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name, out IReadOnlyDictionary<string, string> map, out string? problem)
    {
        map = Empty;
        problem = null;
        if (json.IsEmpty)
        {
            return true;
        }

        var memberName = System.Text.Encoding.UTF8.GetString(name);
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            reader.Read();
            if (!match || reader.TokenType == JsonTokenType.Null)
            {
                reader.Skip();
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                problem = $"\"{memberName}\" must be an object of strings";
                return false;
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = JsonText.TryGetString(ref reader);
                reader.Read();
                var value = reader.TokenType == JsonTokenType.String ? JsonText.TryGetString(ref reader) : null;
                if (key is null || value is null)
                {
                    problem = $"{memberName} '{Truncated(key ?? "?")}' must be a string";
                    return false;
                }

                values[key] = value;
            }

            map = values;
        }

        return true;
    }

    /// <summary>At most 80 characters of <paramref name="text"/>, for error messages.</summary>
    public static string Truncated(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 80), "…");
}
