using System.Text;
using Microsoft.AspNetCore.Http;
using PForge.Runtime.Protocol;

namespace PForge.Runtime.Http;

/// <summary>
/// Error answers of the transport: an HTTP status with a JSON-RPC error object as body, so a client that only reads
/// JSON-RPC still learns why (Streamable HTTP allows an error response without an id on an HTTP error).
/// </summary>
internal static class HttpErrors
{
    /// <summary>The code for a fault of the transport rather than of a message (the server-error range of JSON-RPC).</summary>
    public const int TransportError = -32000;

    /// <summary>{"jsonrpc":"2.0","id":<paramref name="id"/> or null,"error":{"code","message"}}.</summary>
    public static byte[] Body(ReadOnlySpan<byte> id, int code, string message)
    {
        using var scratch = JsonScratch.Rent();
        JsonRpcWriter.WriteError(scratch.Writer, id, code, message);
        return scratch.WrittenSpan.ToArray();
    }

    /// <summary>Answers with <paramref name="status"/> and a transport error whose message says what is wrong.</summary>
    public static Task WriteAsync(HttpContext context, int status, string message) =>
        WriteAsync(context, status, Body(default, TransportError, message));

    public static Task WriteAsync(HttpContext context, int status, byte[] body)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        response.StatusCode = status;
        response.ContentType = HttpMedia.Json;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    public static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);
}

/// <summary>Media types and headers of Streamable HTTP.</summary>
internal static class HttpMedia
{
    public const string Json = "application/json";
    public const string EventStream = "text/event-stream";
    public const string SessionIdHeader = "Mcp-Session-Id";
    public const string ProtocolVersionHeader = "MCP-Protocol-Version";

    /// <summary>The revision a request without <c>MCP-Protocol-Version</c> is taken to speak, as the specification says.</summary>
    public const string AssumedProtocolVersion = "2025-03-26";

    /// <summary>
    /// True when an <c>Accept</c> header allows <paramref name="mediaType"/> (exactly, by <c>type/*</c> or <c>*/*</c>,
    /// and not with <c>q=0</c>). No header at all accepts anything (RFC 9110 §12.5.1).
    /// </summary>
    public static bool Accepts(Microsoft.Extensions.Primitives.StringValues accept, string mediaType)
    {
        if (accept.Count == 0)
        {
            return true;
        }

        var slash = mediaType.IndexOf('/', StringComparison.Ordinal);
        var mainType = mediaType.AsSpan(0, slash);
        foreach (var value in accept)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var itemRange in value.AsSpan().Split(','))
            {
                var item = value.AsSpan()[itemRange];
                var semicolon = item.IndexOf(';');
                var range = (semicolon < 0 ? item : item[..semicolon]).Trim();
                if (semicolon >= 0 && IsZeroQuality(item[(semicolon + 1)..]))
                {
                    continue;
                }

                if (range.Equals("*/*", StringComparison.Ordinal)
                    || range.Equals(mediaType, StringComparison.OrdinalIgnoreCase)
                    || (range.Length == mainType.Length + 2 && range.StartsWith(mainType, StringComparison.OrdinalIgnoreCase)
                        && range.EndsWith("/*", StringComparison.Ordinal)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// True when an <c>Accept</c> header ranks <c>text/event-stream</c> above <c>application/json</c>: a higher
    /// quality, or the same quality and listed first. A response then streams even when it could go as one JSON body.
    /// </summary>
    public static bool PrefersEventStream(Microsoft.Extensions.Primitives.StringValues accept)
    {
        var position = 0;
        (int Position, double Quality) json = (int.MaxValue, -1), stream = (int.MaxValue, -1);
        foreach (var value in accept)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var itemRange in value.AsSpan().Split(','))
            {
                var item = value.AsSpan()[itemRange];
                var semicolon = item.IndexOf(';');
                var range = (semicolon < 0 ? item : item[..semicolon]).Trim();
                var quality = semicolon < 0 ? 1 : Quality(item[(semicolon + 1)..]);
                position++;
                if (range.Equals(Json, StringComparison.OrdinalIgnoreCase) && json.Quality < 0)
                {
                    json = (position, quality);
                }
                else if (range.Equals(EventStream, StringComparison.OrdinalIgnoreCase) && stream.Quality < 0)
                {
                    stream = (position, quality);
                }
            }
        }

        return stream.Quality > json.Quality || (stream.Quality == json.Quality && stream.Quality > 0 && stream.Position < json.Position);
    }

    /// <summary>True for a media type of <c>application/json</c>, with or without parameters (<c>charset=utf-8</c>).</summary>
    public static bool IsJson(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var span = contentType.AsSpan();
        var semicolon = span.IndexOf(';');
        return (semicolon < 0 ? span : span[..semicolon]).Trim().Equals(Json, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsZeroQuality(ReadOnlySpan<char> parameters) => Quality(parameters) <= 0;

    /// <summary>The <c>q</c> of a media range's parameters (1 when absent or unreadable).</summary>
    private static double Quality(ReadOnlySpan<char> parameters)
    {
        foreach (var range in parameters.Split(';'))
        {
            var parameter = parameters[range].Trim();
            if (parameter.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                && double.TryParse(parameter[2..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var q))
            {
                return q;
            }
        }

        return 1;
    }
}
