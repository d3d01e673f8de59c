using System.Globalization;
using System.Text.Json;

namespace PForge.Runtime.Protocol.Messages;

/// <summary>The <c>error</c> object of a JSON-RPC response the client sent: its code and message, each when usable.</summary>
public readonly record struct ErrorObject(long? Code, string? Message)
{
    /// <summary>Reads the error member as sent (anything but an object has neither code nor message).</summary>
    public static ErrorObject Read(ReadOnlySpan<byte> error)
    {
        string? message = null;
        long? code = null;
        if (!error.IsEmpty && error[0] == (byte)'{')
        {
            var reader = new Utf8JsonReader(error);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMessage = reader.ValueTextEquals("message"u8);
                var isCode = reader.ValueTextEquals("code"u8);
                reader.Read();
                if (isMessage && reader.TokenType == JsonTokenType.String)
                {
                    message = JsonText.TryGetString(ref reader);
                }
                else if (isCode && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
                {
                    code = value;
                }

                reader.Skip();
            }
        }

        return new ErrorObject(code, message);
    }

    /// <summary>"message (code)", with "(no message)" for a missing message and no code when there is none.</summary>
    public override string ToString() =>
        $"{Message ?? "(no message)"}{(Code is { } c ? $" ({c.ToString(CultureInfo.InvariantCulture)})" : string.Empty)}";
}
