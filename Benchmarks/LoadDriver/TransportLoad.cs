using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PForge.LoadDriver;

/// <summary>
/// Transports mode: one HTTP server measured over each of its transports in the same run, Streamable HTTP (a POST per
/// call), HTTP+SSE (a POST to /message per call, the response read from the /sse stream) and WebSocket (one
/// connection, a text frame each way), each with K calls in flight from K workers; fresh server per transport and run.
/// </summary>
internal static class TransportLoad
{
    private static readonly string[] Transports = ["streamable-http", "sse", "websocket"];

    public static void Run(Options options, JsonObject result)
    {
        var callLine = File.ReadLines(options.Requests).Last(l => l.Contains("\"tools/call\"", StringComparison.Ordinal));
        using var document = JsonDocument.Parse(callLine);
        var parameters = document.RootElement.GetProperty("params").GetRawText();
        var byTransport = new JsonObject();
        long errors = 0;
        foreach (var transport in Transports)
        {
            var byK = new JsonObject();
            foreach (var k in options.InFlight)
            {
                var runs = new List<HttpLoad.Result>();
                for (var run = 0; run < options.Runs; run++)
                {
                    Console.Error.WriteLine($"{transport}, {k} in flight, run {run + 1} of {options.Runs}…");
                    var measured = Measure(options, transport, parameters, k).GetAwaiter().GetResult();
                    errors += measured.Errors;
                    if (measured.FirstError is { } first)
                    {
                        result["firstError"] ??= $"{transport}: {first}";
                    }

                    runs.Add(measured);
                }

                byK[k.ToString(CultureInfo.InvariantCulture)] = new JsonObject
                {
                    ["reqPerSec"] = Median(runs.Select(r => r.RequestsPerSecond)),
                    ["p50Us"] = Median(runs.Select(r => r.P50Us)),
                    ["p99Us"] = Median(runs.Select(r => r.P99Us)),
                };
            }

            byTransport[transport] = byK;
        }

        result["transports"] = byTransport;
        result["count"] = options.Count;
        result["runs"] = options.Runs;
        result["errors"] = errors;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static async Task<HttpLoad.Result> Measure(Options options, string transport, string parameters, int inFlight)
    {
        using var server = HttpLoad.StartServer(options, out var url);
        await using IChannel channel = transport switch
        {
            "sse" => await SseChannel.OpenAsync(url),
            "websocket" => await WebSocketChannel.OpenAsync(url),
            _ => await PostChannel.OpenAsync(url),
        };

        // Warm-up, then the measured calls: ids never repeat within a connection.
        var id = 0;
        await Drive(channel, parameters, Math.Min(options.Warmup, options.Count), inFlight, () => Interlocked.Increment(ref id), double.PositiveInfinity);
        return await Drive(channel, parameters, options.Count, inFlight, () => Interlocked.Increment(ref id), options.Seconds);
    }

    private static async Task<HttpLoad.Result> Drive(IChannel channel, string parameters, int count, int inFlight, Func<int> nextId, double seconds)
    {
        var latencies = new long[count];
        var next = -1;
        var done = 0;
        long errors = 0;
        string? firstError = null;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count && Stopwatch.GetElapsedTime(started).TotalSeconds < seconds)
            {
                var id = nextId();
                var body = $$"""{"jsonrpc":"2.0","id":{{id.ToString(CultureInfo.InvariantCulture)}},"method":"tools/call","params":{{parameters}}}""";
                var sent = Stopwatch.GetTimestamp();
                var text = await channel.CallAsync(id, body).ConfigureAwait(false);
                latencies[i] = Stopwatch.GetTimestamp() - sent;
                Interlocked.Increment(ref done);
                if (text.Contains("\"error\":", StringComparison.Ordinal) || text.Contains("\"isError\":true", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, text, null);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromMinutes(5));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var measured = latencies.AsSpan(0, done).ToArray();
        Array.Sort(measured);
        static double Us(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
        return new HttpLoad.Result(done / elapsed, Us(measured[done / 2]), Us(measured[Math.Min(done - 1, (int)(done * 0.99))]), errors, firstError);
    }

    private interface IChannel : IAsyncDisposable
    {
        /// <summary>Sends one request and returns its response's JSON text.</summary>
        Task<string> CallAsync(int id, string body);
    }

    /// <summary>Streamable HTTP: one session opened by initialize, a POST per call answered with JSON.</summary>
    private sealed class PostChannel(HttpClient client, string session) : IChannel
    {
        public static async Task<IChannel> OpenAsync(Uri url)
        {
            var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
            return new PostChannel(client, await Task.Run(() => HttpLoad.Initialize(client)));
        }

        public async Task<string> CallAsync(int id, string body)
        {
            using var request = HttpLoad.Post(body, session);
            using var response = await client.SendAsync(request).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            return response.IsSuccessStatusCode ? text : $"\"error\": HTTP {(int)response.StatusCode} {text}";
        }

        public ValueTask DisposeAsync()
        {
            client.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Responses read by one loop and handed to the caller waiting for their id.</summary>
    private abstract class ReplyChannel : IChannel
    {
        private readonly ConcurrentDictionary<int, TaskCompletionSource<string>> _waiting = new();

        public async Task<string> CallAsync(int id, string body)
        {
            var reply = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting[id] = reply;
            await SendAsync(body).ConfigureAwait(false);
            return await reply.Task.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }

        public abstract ValueTask DisposeAsync();

        protected abstract Task SendAsync(string body);

        protected void Received(string message)
        {
            using var json = JsonDocument.Parse(message);
            if (json.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number
                && _waiting.TryRemove(id.GetInt32(), out var reply))
            {
                reply.TrySetResult(message);
            }
        }
    }

    /// <summary>HTTP+SSE: GET /sse, its endpoint event, initialize through it; then a POST per call.</summary>
    private sealed class SseChannel : ReplyChannel
    {
        private readonly HttpClient _client;
        private readonly CancellationTokenSource _stop = new();
        private readonly TaskCompletionSource<string> _endpoint = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Task _reader = Task.CompletedTask;
        private Uri _post = null!;

        private SseChannel(Uri url) => _client = new HttpClient { BaseAddress = url, Timeout = Timeout.InfiniteTimeSpan };

        public static async Task<IChannel> OpenAsync(Uri url)
        {
            var channel = new SseChannel(url);
            channel._reader = channel.ReadAsync(new Uri(url, "/sse"));
            channel._post = new Uri(url, await channel._endpoint.Task.WaitAsync(TimeSpan.FromSeconds(30)));
            await channel.CallAsync(0, """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"pforge-bench","version":"1.0.0"}}}""");
            await channel.SendAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
            return channel;
        }

        public override async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _reader.ContinueWith(_ => { }, TaskScheduler.Default);
            _client.Dispose();
            _stop.Dispose();
        }

        protected override async Task SendAsync(string body)
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await _client.PostAsync(_post, content).ConfigureAwait(false);
            if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
            {
                throw new InvalidDataException($"POST {_post} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
            }
        }

        private async Task ReadAsync(Uri sse)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, sse);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _stop.Token).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token).ConfigureAwait(false));
            var name = "message";
            while (await reader.ReadLineAsync(_stop.Token).ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    if (name == "endpoint")
                    {
                        _endpoint.TrySetResult(line[6..]);
                    }
                    else
                    {
                        Received(line[6..]);
                    }
                }
                else if (line.Length == 0)
                {
                    name = "message";
                }
            }
        }
    }

    /// <summary>WebSocket: an upgrade of the MCP endpoint (subprotocol mcp), one text frame per message each way.</summary>
    private sealed class WebSocketChannel : ReplyChannel
    {
        private readonly ClientWebSocket _socket = new();
        private readonly SemaphoreSlim _send = new(1, 1);
        private Task _reader = Task.CompletedTask;

        public static async Task<IChannel> OpenAsync(Uri url)
        {
            var channel = new WebSocketChannel();
            channel._socket.Options.AddSubProtocol("mcp");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await channel._socket.ConnectAsync(new UriBuilder(url) { Scheme = "ws" }.Uri, timeout.Token);
            channel._reader = channel.ReadAsync();
            await channel.CallAsync(0, """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"pforge-bench","version":"1.0.0"}}}""");
            await channel.SendAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
            return channel;
        }

        public override async ValueTask DisposeAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                _socket.Abort();
            }

            await _reader.ContinueWith(_ => { }, TaskScheduler.Default);
            _socket.Dispose();
            _send.Dispose();
        }

        protected override async Task SendAsync(string body)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            await _send.WaitAsync().ConfigureAwait(false);
            try
            {
                await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                _send.Release();
            }
        }

        private async Task ReadAsync()
        {
            var buffer = new byte[1 << 16];
            var message = new MemoryStream();
            while (_socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, CancellationToken.None).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, received.Count);
                if (received.EndOfMessage)
                {
                    Received(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
                    message.SetLength(0);
                }
            }
        }
    }
}
