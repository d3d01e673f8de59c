using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace PForge.Runtime.Tools.Http;

/// <summary>Sends an <c>http</c> tool's request and turns the response into a tool result.</summary>
/// <remarks>
/// One <see cref="HttpClient"/> over one <see cref="SocketsHttpHandler"/> serves every call (pooled connections).
/// Redirects are followed here, at most <see cref="MaxRedirects"/>, never from https to http, and a redirect to another
/// origin (scheme, host, port) is followed without any of the declared headers, so credentials stay with the host
/// fixed at build time. The body is read up to the invocation's cap; a larger body is an error, never cut silently.
/// Header values (credentials among them) are never written to a result or to the log.
/// </remarks>
public static class HttpToolRunner
{
    /// <summary>How many redirects one call follows.</summary>
    public const int MaxRedirects = 5;

    /// <summary>How much of a non-2xx body the error quotes.</summary>
    internal const int ErrorExcerptChars = 500;

    private static readonly HttpClient Client = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(15),

        // Followed by the runner: the handler would send custom headers (an API key) to any host it is sent on to.
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.All,
        UseCookies = false,

        // Header values from arguments may be any text: sent as UTF-8 rather than refused.
        RequestHeaderEncodingSelector = static (_, _) => Encoding.UTF8,
    })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    private static readonly UriCreationOptions ExactPath = new() { DangerousDisablePathAndQueryCanonicalization = true };

    private static readonly StructuredWriter RawJson = static (writer, value) => writer.WriteRawValue((byte[])value, skipInputValidation: true);

    /// <summary>The value of an <c>Authorization: Basic</c> header.</summary>
    public static string Basic(string username, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes((username ?? string.Empty) + ":" + (password ?? string.Empty)));

    /// <summary>Sends the request; a JSON object body becomes <c>structuredContent</c> and text, other bodies text.</summary>
    public static ValueTask<ToolResult> SendAsync(HttpInvocation invocation, ToolContext context)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(context);
        return new(SendCoreAsync(invocation, context));
    }

    /// <summary>The URL with the query appended, names and values escaped as query components.</summary>
    internal static string BuildUrl(HttpInvocation invocation)
    {
        var url = invocation.Url ?? string.Empty;
        if (invocation.Query is not { Count: > 0 } query)
        {
            return url;
        }

        var builder = new StringBuilder(url);
        var separator = url.Contains('?', StringComparison.Ordinal) ? (url.EndsWith('?') || url.EndsWith('&') ? string.Empty : "&") : "?";
        foreach (var (name, value) in query)
        {
            builder.Append(separator).Append(Uri.EscapeDataString(name ?? string.Empty)).Append('=').Append(Uri.EscapeDataString(value ?? string.Empty));
            separator = "&";
        }

        return builder.ToString();
    }

    private static async Task<ToolResult> SendCoreAsync(HttpInvocation invocation, ToolContext context)
    {
        var method = invocation.Method ?? string.Empty;
        var url = BuildUrl(invocation);
        var target = $"{method} {url}";
        if (Check(invocation, url, out var uri) is { } problem)
        {
            return ToolResult.Error($"Request {target} could not be sent: {problem}");
        }

        if (context.IsCancelled)
        {
            return ToolResult.FromException(new OperationCanceledException());
        }

        using var timeout = invocation.Timeout == System.Threading.Timeout.InfiniteTimeSpan || invocation.Timeout.TotalMilliseconds >= int.MaxValue
            ? new CancellationTokenSource()
            : new CancellationTokenSource(invocation.Timeout);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, context.CancellationToken);
        var current = uri!;
        var currentMethod = new HttpMethod(method);
        var body = invocation.Body;
        var withHeaders = true;
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var request = new HttpRequestMessage(currentMethod, current);
                if (body is not null)
                {
                    request.Content = new StringContent(body, Encoding.UTF8, invocation.ContentType ?? "text/plain");
                }

                if (withHeaders)
                {
                    AddHeaders(request, invocation.Headers);
                }

                using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308 && redirects < MaxRedirects && response.Headers.Location is { } location)
                {
                    var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                    var allowed = next.Scheme == Uri.UriSchemeHttps || (next.Scheme == Uri.UriSchemeHttp && current.Scheme == Uri.UriSchemeHttp);
                    if (allowed)
                    {
                        // Credentials never follow the request to another origin.
                        withHeaders &= Uri.Compare(uri, next, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
                        if (status == 303 || (status is 301 or 302 && currentMethod == HttpMethod.Post))
                        {
                            currentMethod = HttpMethod.Get;
                            body = null;
                        }

                        current = next;
                        continue;
                    }
                }

                context.ServerLog.Debug($"http tool: {target} answered {status.ToString(CultureInfo.InvariantCulture)}");
                return await ReadAsync(response, target, invocation.MaxResponseBytes, stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return context.IsCancelled
                ? ToolResult.Error($"Request {target} was cancelled")
                : ToolResult.TransientError($"Request {target} timed out after {((long)invocation.Timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)} ms");
        }
        catch (HttpRequestException ex)
        {
            // A refused or reset connection, a name that did not resolve: the next attempt may get through.
            return ToolResult.TransientError($"Request {target} failed: {ex.Message}");
        }
        catch (SocketException ex)
        {
            // A connection reset just after it was made can surface unwrapped (ENOTCONN); it is as transient as a refusal.
            return ToolResult.TransientError($"Request {target} failed: {ex.Message}");
        }
        catch (IOException ex)
        {
            // The connection broke while the body was read (reset, closed early).
            return ToolResult.TransientError($"Request {target} failed while reading the response: {ex.Message}");
        }
    }

    private static string? Check(HttpInvocation invocation, string url, out Uri? uri)
    {
        uri = null;
        if (invocation.Method is not ("GET" or "POST" or "PUT" or "DELETE" or "PATCH"))
        {
            return "the method must be GET, POST, PUT, DELETE or PATCH";
        }

        if (!Uri.TryCreate(url, in ExactPath, out uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            return "it is not an absolute http or https URL";
        }

        foreach (var (name, value) in invocation.Headers ?? [])
        {
            // Names come from the YAML and may be quoted; values never are (they may be secrets).
            if (string.IsNullOrEmpty(name) || !name.All(static c => c is > ' ' and < '\u007f' and not (':' or '(' or ')' or ',' or '/' or ';' or '<' or '=' or '>' or '?' or '@' or '[' or '\\' or ']' or '{' or '}' or '"')))
            {
                return $"'{name}' is not a valid header name";
            }

            if (value is null)
            {
                return $"header '{name}' has no value";
            }

            if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            {
                return $"the value of header '{name}' contains a line break or NUL character, which a header cannot hold";
            }
        }

        if (invocation.Timeout <= TimeSpan.Zero && invocation.Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            return "its timeout is not positive";
        }

        return invocation.MaxResponseBytes < 0 ? "its response limit is negative" : null;
    }

    private static void AddHeaders(HttpRequestMessage request, IReadOnlyList<KeyValuePair<string, string>>? headers)
    {
        foreach (var (name, value) in headers ?? [])
        {
            if (request.Content is { } content && name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                content.Headers.Remove(name);
                content.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                request.Headers.Remove(name);
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
    }

    private static async Task<ToolResult> ReadAsync(HttpResponseMessage response, string target, int limit, CancellationToken token)
    {
        var status = (int)response.StatusCode;
        var headline = $"HTTP {status.ToString(CultureInfo.InvariantCulture)} {response.ReasonPhrase}".TrimEnd();
        var content = response.Content;
        if (content.Headers.ContentLength is { } length && length > limit)
        {
            return OverLimit(target, headline, limit);
        }

        byte[] bytes;
        var stream = await content.ReadAsStreamAsync(token).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new ArrayBufferWriter<byte>(Math.Min(Math.Max(limit, 1) + 1, 64 * 1024));
            while (true)
            {
                var memory = buffer.GetMemory(16 * 1024);
                var read = await stream.ReadAsync(memory, token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                {
                    return OverLimit(target, headline, limit);
                }
            }

            bytes = buffer.WrittenSpan.ToArray();
        }

        var mediaType = content.Headers.ContentType?.MediaType;
        var charset = content.Headers.ContentType?.CharSet;
        var text = AsText(bytes, mediaType, charset);
        if (status is < 200 or > 299)
        {
            var excerpt = text ?? Binary(bytes, mediaType, withData: false);
            if (excerpt.Length > ErrorExcerptChars)
            {
                excerpt = excerpt[..ErrorExcerptChars] + "…";
            }

            var message = excerpt.Length == 0 ? $"{headline} from {target}" : $"{headline} from {target}: {excerpt}";

            // A server error or "too many requests" may pass; any other status would be answered the same again.
            return status is >= 500 or 429 ? ToolResult.TransientError(message) : ToolResult.Error(message);
        }

        if (bytes.Length == 0)
        {
            return ToolResult.Text($"{headline} (empty body)");
        }

        var json = bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
        if (text is not null && IsJson(mediaType) && IsJsonObject(json))
        {
            return ToolResult.Structured(json, RawJson, text);
        }

        return ToolResult.Text(text ?? Binary(bytes, mediaType, withData: true));
    }

    private static ToolResult OverLimit(string target, string headline, int limit) =>
        ToolResult.Error($"Response to {target} ({headline}) is larger than the limit of {limit.ToString(CultureInfo.InvariantCulture)} bytes (max_response_bytes); nothing of it is returned");

    private static string Binary(byte[] bytes, string? mediaType, bool withData)
    {
        var head = $"[binary body: {bytes.Length.ToString(CultureInfo.InvariantCulture)} bytes, {mediaType ?? "application/octet-stream"}]";
        return withData ? head + " base64:" + Convert.ToBase64String(bytes) : head;
    }

    private static bool IsJson(string? mediaType) =>
        mediaType is not null && (mediaType.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static bool IsJsonObject(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The body as text when its media type is textual (or absent and the bytes are UTF-8), else null.</summary>
    private static string? AsText(byte[] bytes, string? mediaType, string? charset)
    {
        var textual = mediaType is null
            || mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || IsJson(mediaType)
            || mediaType.EndsWith("/xml", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("/javascript", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || charset is not null;
        if (!textual)
        {
            return null;
        }

        Encoding encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        if (charset is not null && !charset.Trim('"').Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                encoding = Encoding.GetEncoding(charset.Trim('"'));
            }
            catch (ArgumentException)
            {
                // An unknown charset: read as UTF-8.
            }
        }

        try
        {
            var text = encoding.GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            // Declared text that is not: UTF-8 with replacement characters when a type said so, binary otherwise.
            return mediaType is null ? null : Encoding.UTF8.GetString(bytes);
        }
    }
}
