using System.Text.Json;

namespace PForge.Runtime.Protocol;

/// <summary>The starts of outgoing JSON-RPC messages, written the one way every sender shares.</summary>
public static class JsonRpcWriter
{
    /// <summary>Writes <c>{"jsonrpc":"2.0","id":…</c> (the id exactly as the request sent it, or null); the caller adds result or error and ends the object.</summary>
    public static void WriteResponseStart(Utf8JsonWriter writer, ReadOnlySpan<byte> id)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("jsonrpc"u8, "2.0"u8);
        writer.WritePropertyName("id"u8);
        if (id.IsEmpty)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteRawValue(id, skipInputValidation: true);
        }
    }

    /// <summary>Writes <c>{"jsonrpc":"2.0","method":…,"params":{</c>; the caller adds the params and ends both objects.</summary>
    public static void WriteNotificationStart(Utf8JsonWriter writer, ReadOnlySpan<byte> method)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("jsonrpc"u8, "2.0"u8);
        writer.WriteString("method"u8, method);
        writer.WriteStartObject("params"u8);
    }
}
