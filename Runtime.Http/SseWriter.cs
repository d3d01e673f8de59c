using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace PForge.Runtime.Http;

/// <summary>Server-sent events on an HTTP response: <c>event: message</c> with the JSON in <c>data:</c> lines.</summary>
internal static class SseWriter
{
    /// <summary>Sends the status and the SSE headers now, so the client sees the stream open.</summary>
    public static async Task StartAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = HttpMedia.EventStream;
        response.Headers.CacheControl = "no-cache, no-transform";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        await response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes one message event and flushes it; false when the client is gone.</summary>
    public static async ValueTask<bool> WriteMessageAsync(HttpContext context, byte[] message)
    {
        var writer = context.Response.BodyWriter;
        Frame(writer, message);
        var flush = await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        return !flush.IsCanceled && !flush.IsCompleted;
    }

    /// <summary>The <c>endpoint</c> event of the HTTP+SSE transport: the URI (here relative) to POST messages to.</summary>
    public static async ValueTask<bool> WriteEndpointAsync(HttpContext context, string uri)
    {
        var writer = context.Response.BodyWriter;
        writer.Write("event: endpoint\ndata: "u8);
        writer.Write(System.Text.Encoding.UTF8.GetBytes(uri));
        writer.Write("\n\n"u8);
        var flush = await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        return !flush.IsCanceled && !flush.IsCompleted;
    }

    /// <summary>A comment line, which clients ignore: keeps an idle stream (and proxies on the way) from timing out.</summary>
    public static async ValueTask<bool> WriteKeepAliveAsync(HttpContext context)
    {
        var writer = context.Response.BodyWriter;
        writer.Write(": keep-alive\n\n"u8);
        var flush = await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        return !flush.IsCanceled && !flush.IsCompleted;
    }

    /// <summary>
    /// Frames <paramref name="message"/> as one SSE event. Each line of the JSON gets its own <c>data:</c> line (SSE
    /// joins them with a line feed again), so JSON that holds a raw line break still arrives whole.
    /// </summary>
    internal static void Frame(IBufferWriter<byte> writer, ReadOnlySpan<byte> message)
    {
        writer.Write("event: message\n"u8);
        var rest = message;
        while (true)
        {
            var end = rest.IndexOfAny((byte)'\n', (byte)'\r');
            var line = end < 0 ? rest : rest[..end];
            writer.Write("data: "u8);
            writer.Write(line);
            writer.Write("\n"u8);
            if (end < 0)
            {
                break;
            }

            rest = rest[(end + 1)..];
            if (rest.Length > 0 && message[message.Length - rest.Length - 1] == (byte)'\r' && rest[0] == (byte)'\n')
            {
                rest = rest[1..];
            }
        }

        writer.Write("\n"u8);
    }
}
