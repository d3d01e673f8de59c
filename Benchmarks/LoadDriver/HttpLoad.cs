using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PForge.LoadDriver;

/// <summary>
/// Streamable HTTP load for bench mode: starts the server with <c>--transport http --port 0</c>, reads the URL from
/// its "listening on" line, initializes one session, then keeps K POSTs of <c>tools/call</c> in flight.
/// </summary>
internal static partial class HttpLoad
{
    public readonly record struct Result(double RequestsPerSecond, double P50Us, double P99Us, long Errors, string? FirstError);

    public static Result Run(Options options, string callLine, int count, int inFlight)
    {
        using var server = StartServer(options, out var url);
        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        var session = Initialize(client);
        using var document = JsonDocument.Parse(callLine);
        var parameters = document.RootElement.GetProperty("params").GetRawText();

        var latencies = new long[count];
        var next = -1;
        long errors = 0;
        string? firstError = null;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var body = $$"""{"jsonrpc":"2.0","id":{{(i + 1).ToString(CultureInfo.InvariantCulture)}},"method":"tools/call","params":{{parameters}}}""";
                var sent = Stopwatch.GetTimestamp();
                using var request = Post(body, session);
                using var response = await client.SendAsync(request).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                latencies[i] = Stopwatch.GetTimestamp() - sent;
                if (!response.IsSuccessStatusCode || text.Contains("\"error\":", StringComparison.Ordinal) || text.Contains("\"isError\":true", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, $"{(int)response.StatusCode}: {text}", null);
                }
            }
        })).ToArray();
        Task.WaitAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Array.Sort(latencies);
        static double Us(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
        return new Result(count / elapsed, Us(latencies[count / 2]), Us(latencies[Math.Min(count - 1, (int)(count * 0.99))]), errors, firstError);
    }

    /// <summary>Starts the server on a free port and returns its MCP endpoint, read from its "listening on" line.</summary>
    public static ServerProcess StartServer(Options options, out Uri endpoint)
    {
        var url = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var http = options.With(options.Requests, options.Count, 1, "http");
        http.Arguments.AddRange(["--transport", "http", "--host", "127.0.0.1", "--port", "0"]);
        var server = ServerProcess.Start(http, onStderrLine: line =>
        {
            if (Listening().Match(line) is { Success: true } match)
            {
                url.TrySetResult(new Uri(match.Groups[1].Value));
            }
        });
        if (!url.Task.Wait(TimeSpan.FromSeconds(30)))
        {
            server.Dispose();
            throw new TimeoutException("the server printed no 'listening on http://…' line: is HTTP compiled in (forge.transport: http)?");
        }

        endpoint = url.Task.Result;
        return server;
    }

    public static string Initialize(HttpClient client)
    {
        using var initialize = Post("""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"pforge-bench","version":"1.0.0"}}}""", null);
        using var response = client.Send(initialize);
        response.EnsureSuccessStatusCode();
        var session = response.Headers.TryGetValues("Mcp-Session-Id", out var values) ? values.First() : "";
        using var initialized = Post("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", session);
        using var done = client.Send(initialized);
        done.EnsureSuccessStatusCode();
        return session;
    }

    public static HttpRequestMessage Post(string body, string? session)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (!string.IsNullOrEmpty(session))
        {
            request.Headers.Add("Mcp-Session-Id", session);
            request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        }

        return request;
    }

    [GeneratedRegex(@"listening on (http://\S+)")]
    private static partial Regex Listening();
}
