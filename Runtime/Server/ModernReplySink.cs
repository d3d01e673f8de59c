using System.Buffers;
using System.Text.Json;
using PForge.Runtime.Protocol;

namespace PForge.Runtime.Server;

/// <summary>
/// The reply sink of a request of revision 2026-07-28: it adds to a result what that revision asks of every result
/// (<c>"resultType":"complete"</c> and the server's identity in <c>_meta</c>) and the caching hints of a cacheable method,
/// so that the handlers write their results as in the handshake era. Errors and notifications pass unchanged.
/// </summary>
internal sealed class ModernReplySink : MessageSink
{
    private readonly byte[] _members;

    /// <param name="inner">Where the messages go.</param>
    /// <param name="members">The members every result gets (<see cref="Members"/>).</param>
    /// <param name="call">What the request's <c>_meta</c> asks for its call.</param>
    public ModernReplySink(MessageSink inner, byte[] members, ModernCall call)
    {
        Inner = inner;
        _members = members;
        Call = call;
    }

    /// <summary>The sink the request came with.</summary>
    public MessageSink Inner { get; }

    /// <summary>The caller of the request the inner sink carries (a pooled exchange changes it per request).</summary>
    public override Tools.ToolUser? User
    {
        get => Inner.User;
        set => Inner.User = value;
    }

    public ModernCall Call { get; }

    public override void Send(ReadOnlySpan<byte> message) => Inner.Send(message);

    public override void SendResponse(ReadOnlySpan<byte> message)
    {
        var at = ResultStart(message);
        if (at < 0)
        {
            Inner.SendResponse(message);
            return;
        }

        // {"jsonrpc":"2.0","id":…,"result":{ + members + , + the result's own members.
        var empty = message[at] == (byte)'}';
        var length = message.Length + _members.Length + (empty ? 0 : 1);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            message[..at].CopyTo(buffer);
            _members.CopyTo(buffer, at);
            var next = at + _members.Length;
            if (!empty)
            {
                buffer[next++] = (byte)',';
            }

            message[at..].CopyTo(buffer.AsSpan(next));
            Inner.SendResponse(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The result members every complete result of this sink gets, without the braces or a trailing comma.</summary>
    internal static byte[] Members(ReadOnlySpan<byte> serverInfoJson, CacheHint? cache)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonScratch.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("resultType"u8, "complete"u8);
            if (cache is { } hint)
            {
                writer.WriteNumber("ttlMs"u8, hint.TtlMs);
                writer.WriteString("cacheScope"u8, hint.IsPublic ? "public"u8 : "private"u8);
            }

            writer.WriteStartObject("_meta"u8);
            writer.WritePropertyName("io.modelcontextprotocol/serverInfo"u8);
            writer.WriteRawValue(serverInfoJson, skipInputValidation: true);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        // Without the object's own braces: the members are spliced into the result object.
        return buffer.WrittenSpan[1..^1].ToArray();
    }

    /// <summary>
    /// The offset just past the <c>{</c> of the response's result object, or -1 for an error response or a result that
    /// already names its type (an input required result is written whole by the session).
    /// </summary>
    private static int ResultStart(ReadOnlySpan<byte> message)
    {
        // The session writes the version, the id, then the result or the error: the id ends at the first ," (a JSON
        // string escapes its quotes), so the result is found without reading the id.
        var start = "{\"jsonrpc\":\"2.0\",\"id\":"u8;
        if (message.StartsWith(start) && message[start.Length..].IndexOf(",\""u8) is var end and >= 0)
        {
            var rest = message[(start.Length + end)..];
            if (rest.StartsWith(",\"result\":{"u8))
            {
                var at = start.Length + end + ",\"result\":{"u8.Length;
                return message[at..].StartsWith("\"resultType\""u8) ? -1 : at;
            }

            if (rest.StartsWith(",\"error\":"u8))
            {
                return -1;
            }
        }

        var reader = new Utf8JsonReader(message);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return -1;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isResult = reader.ValueTextEquals("result"u8);
            if (!reader.Read())
            {
                return -1;
            }

            if (isResult)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return -1;
                }

                var at = (int)reader.BytesConsumed;
                return message[at..].StartsWith("\"resultType\""u8) ? -1 : at;
            }

            reader.Skip();
        }

        return -1;
    }
}

/// <summary>The caching hints of a cacheable result: how long it stays fresh and who may share it.</summary>
internal readonly record struct CacheHint(long TtlMs, bool IsPublic);
