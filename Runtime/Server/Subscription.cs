using PForge.Runtime.Protocol;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Server;

/// <summary>
/// One <c>subscriptions/listen</c> stream (revision 2026-07-28): the notifications its agreed filter names, each tagged
/// with the listen request's id in <c>_meta</c>, sent on that request's sink until it ends.
/// </summary>
internal sealed class Subscription(MessageSink sink, byte[] id, bool tools, bool prompts, bool resources, IReadOnlyList<string> uris) : INotifiedSession
{
    private readonly HashSet<string> _uris = new(uris, StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private bool _closed;

    /// <summary>Sends <c>notifications/subscriptions/acknowledged</c> with the filter agreed: the stream's first message.</summary>
    public void Acknowledge()
    {
        using var scratch = JsonScratch.Rent();
        var writer = Start(scratch, "notifications/subscriptions/acknowledged"u8);
        writer.WriteStartObject("notifications"u8);
        WriteFlag(writer, "toolsListChanged"u8, tools);
        WriteFlag(writer, "promptsListChanged"u8, prompts);
        WriteFlag(writer, "resourcesListChanged"u8, resources);
        if (_uris.Count > 0)
        {
            writer.WriteStartArray("resourceSubscriptions"u8);
            foreach (var uri in uris.Where(_uris.Contains).Distinct(StringComparer.Ordinal))
            {
                writer.WriteStringValue(uri);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        End(scratch);
    }

    public void Notify(ReadOnlySpan<byte> method)
    {
        var wanted = (tools && method.SequenceEqual("notifications/tools/list_changed"u8))
            || (prompts && method.SequenceEqual("notifications/prompts/list_changed"u8))
            || (resources && method.SequenceEqual("notifications/resources/list_changed"u8));
        if (wanted)
        {
            using var scratch = JsonScratch.Rent();
            Start(scratch, method);
            End(scratch);
        }
    }

    public void NotifyResourceUpdated(string uri)
    {
        if (_uris.Contains(uri))
        {
            using var scratch = JsonScratch.Rent();
            Start(scratch, "notifications/resources/updated"u8).WriteString("uri"u8, uri);
            End(scratch);
        }
    }

    /// <summary>The stream has ended: nothing more is sent on it.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }

    private System.Text.Json.Utf8JsonWriter Start(JsonScratch scratch, ReadOnlySpan<byte> method)
    {
        var writer = scratch.Writer;
        JsonRpcWriter.WriteNotificationStart(writer, method);
        writer.WriteStartObject("_meta"u8);
        writer.WritePropertyName("io.modelcontextprotocol/subscriptionId"u8);
        writer.WriteRawValue(id, skipInputValidation: true);
        writer.WriteEndObject();
        return writer;
    }

    private void End(JsonScratch scratch)
    {
        scratch.Writer.WriteEndObject();
        scratch.Writer.WriteEndObject();
        lock (_gate)
        {
            if (!_closed)
            {
                sink.Send(scratch.WrittenSpan);
            }
        }
    }

    private static void WriteFlag(System.Text.Json.Utf8JsonWriter writer, ReadOnlySpan<byte> name, bool on)
    {
        if (on)
        {
            writer.WriteBoolean(name, true);
        }
    }
}
