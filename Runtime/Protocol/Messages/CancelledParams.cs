using System.Text.Json;

namespace PForge.Runtime.Protocol.Messages;

/// <summary>The params of <c>notifications/cancelled</c>: the id of the request to cancel, as the client sent it.</summary>
public static class CancelledParams
{
    /// <summary>The raw <c>requestId</c> (a string or a number; the last one given), or empty when there is none.</summary>
    public static ReadOnlySpan<byte> RequestId(ReadOnlySpan<byte> parameters)
    {
        if (parameters.IsEmpty)
        {
            return default;
        }

        ReadOnlySpan<byte> id = default;
        var reader = new Utf8JsonReader(parameters);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isRequestId = reader.ValueTextEquals("requestId"u8);
            reader.Read();
            if (isRequestId)
            {
                var start = (int)reader.TokenStartIndex;
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
                {
                    id = parameters.Slice(start, (int)reader.BytesConsumed - start);
                }
            }

            reader.Skip();
        }

        return id;
    }
}
