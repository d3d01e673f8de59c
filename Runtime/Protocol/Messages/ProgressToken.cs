using System.Text.Json;

namespace PForge.Runtime.Protocol.Messages;

/// <summary>The <c>_meta.progressToken</c> of a request: a string or an integer, as the specification allows.</summary>
public static class ProgressToken
{
    /// <summary>
    /// Reads a <c>_meta</c> object (the reader on its start) up to its end, counting its <c>progressToken</c> members
    /// and noting where the last usable one is (<paramref name="start"/> -1 when it is not usable).
    /// </summary>
    public static void ReadMeta(ref Utf8JsonReader reader, ref int count, ref int start, ref int length)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isToken = reader.ValueTextEquals("progressToken"u8);
            reader.Read();
            if (isToken)
            {
                count++;
                start = -1;
                var usable = reader.TokenType switch
                {
                    // A string that does not decode could not be sent back as valid JSON text.
                    JsonTokenType.String => JsonText.TryGetString(ref reader) is not null,
                    JsonTokenType.Number => reader.TryGetInt64(out _),
                    _ => false,
                };
                if (usable)
                {
                    start = (int)reader.TokenStartIndex;
                    length = (int)reader.BytesConsumed - start;
                }
            }

            reader.Skip();
        }
    }

    /// <summary>The <c>_meta.progressToken</c> of a request's params as sent, or empty when there is none usable (or two).</summary>
    public static ReadOnlySpan<byte> Of(ReadOnlySpan<byte> parameters)
    {
        if (parameters.IsEmpty)
        {
            return default;
        }

        var reader = new Utf8JsonReader(parameters);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMeta = reader.ValueTextEquals("_meta"u8);
            reader.Read();
            if (isMeta && reader.TokenType == JsonTokenType.StartObject)
            {
                int count = 0, start = -1, length = 0;
                ReadMeta(ref reader, ref count, ref start, ref length);
                return count == 1 && start >= 0 ? parameters.Slice(start, length) : default;
            }

            reader.Skip();
        }

        return default;
    }
}
