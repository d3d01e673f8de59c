using System.Text.Json;

namespace PForge.Runtime.Protocol;

/// <summary>The starts of outgoing JSON-RPC messages and the error response, written the one way every sender shares.</summary>
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

    /// <summary>
    /// Writes a whole error response, <c>{"jsonrpc":"2.0","id":…,"error":{"code":…,"message":…}}</c>, with
    /// <c>"data":{"uri":…}</c> when <paramref name="uri"/> is given: the one shape every sender (session, stdio, HTTP) answers with.
    /// </summary>
    public static void WriteError(Utf8JsonWriter writer, ReadOnlySpan<byte> id, int code, string message, string? uri = null)
    {
        WriteResponseStart(writer, id);
        writer.WriteStartObject("error"u8);
        writer.WriteNumber("code"u8, code);
        writer.WriteString("message"u8, message);
        if (uri is not null)
        {
            writer.WriteStartObject("data"u8);
            writer.WriteString("uri"u8, uri);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes the error revision 2026-07-28 names for a request of a revision this server does not speak:
    /// <c>-32022</c> with <c>"data":{"supported":[…],"requested":…}</c>, the revisions newest first.
    /// </summary>
    public static void WriteUnsupportedVersion(Utf8JsonWriter writer, ReadOnlySpan<byte> id, string requested)
    {
        WriteResponseStart(writer, id);
        writer.WriteStartObject("error"u8);
        writer.WriteNumber("code"u8, McpErrorCodes.UnsupportedProtocolVersion);
        writer.WriteString("message"u8, "Unsupported protocol version"u8);
        writer.WriteStartObject("data"u8);
        writer.WriteStartArray("supported"u8);
        foreach (var version in ProtocolVersions.All)
        {
            writer.WriteStringValue(version);
        }

        writer.WriteEndArray();
        writer.WriteString("requested"u8, requested);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
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
