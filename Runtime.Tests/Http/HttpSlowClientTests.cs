using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using PForge.Runtime.Settings;
using PForge.Runtime.Tests.Support;
using static PForge.Runtime.Tests.Http.StreamableHttpTests;

namespace PForge.Runtime.Tests.Http;

/// <summary>
/// Clients that hold a connection without finishing their request, spoken to over raw sockets: each is answered 408
/// and cut off within its configured bound (Kestrel checks once a second), while other clients are served meanwhile.
/// </summary>
[TestClass]
public sealed class HttpSlowClientTests
{
    /// <summary>A bound, not a speed: the configured limits plus Kestrel's once-a-second check, with room for a loaded machine.</summary>
    private static readonly TimeSpan CutOffWithin = TimeSpan.FromSeconds(9);

    [TestMethod]
    public async Task AClientThatStallsMidHeadersIsAnswered408AndClosedWhileOthersAreServed()
    {
        await using var http = await HttpHarness.StartAsync(HttpSettings.Default with { Port = 0, RequestHeadersTimeout = TimeSpan.FromSeconds(1) });
        using var slow = await ConnectAsync(http);
        var watch = Stopwatch.StartNew();
        await slow.GetStream().WriteAsync(Encoding.ASCII.GetBytes($"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:{http.Url.Port}\r\nContent-Type: applic"));

        // Served meanwhile, on connections of its own.
        var served = await http.PostAsync(SessionHarness.InitializeRequest);
        Assert.AreEqual(200, served.Status, served.Body);
        Assert.AreEqual(HttpHarness.InitializeResult, served.Body);

        var answer = await ReadToCloseAsync(slow);
        Assert.IsLessThan(CutOffWithin, watch.Elapsed, "the stalled connection was not closed in time");
        StringAssert.StartsWith(answer, "HTTP/1.1 408 Request Timeout\r\n", answer);
        StringAssert.Contains(answer, "\r\nConnection: close\r\n", answer);
        Assert.AreEqual(1, http.Server.SessionCount, "only the served initialize opened a session");
    }

    [TestMethod]
    public async Task AClientThatSendsOnlyTheRequestLineIsCutOffToo()
    {
        await using var http = await HttpHarness.StartAsync(HttpSettings.Default with { Port = 0, RequestHeadersTimeout = TimeSpan.FromSeconds(1) });
        using var slow = await ConnectAsync(http);
        var watch = Stopwatch.StartNew();
        await slow.GetStream().WriteAsync("P"u8.ToArray());
        var answer = await ReadToCloseAsync(slow);
        Assert.IsLessThan(CutOffWithin, watch.Elapsed, "the stalled connection was not closed in time");
        StringAssert.StartsWith(answer, "HTTP/1.1 408 Request Timeout\r\n", answer);
    }

    [TestMethod]
    public async Task ABodyTrickledBelowTheMinimumRateIsAnswered408AndClosedWhileOthersAreServed()
    {
        await using var http = await HttpHarness.StartAsync(HttpSettings.Default with
        {
            Port = 0,
            MinRequestBodyBytesPerSecond = 1000,
            RequestBodyGracePeriod = TimeSpan.FromSeconds(2),
        });
        var body = Encoding.UTF8.GetBytes(SessionHarness.InitializeRequest);
        using var slow = await ConnectAsync(http);
        var stream = slow.GetStream();
        await stream.WriteAsync(http.PostHead(body.Length));
        var watch = Stopwatch.StartNew();
        var answer = ReadToCloseAsync(slow);

        // A few bytes every quarter second: some 16 bytes/s, far below 1000, and the body is never finished in time.
        using var stopTrickle = new CancellationTokenSource();
        var trickle = Task.Run(async () =>
        {
            try
            {
                for (var i = 0; i < body.Length - 1 && !stopTrickle.IsCancellationRequested; i += 4)
                {
                    await stream.WriteAsync(body.AsMemory(i, Math.Min(4, body.Length - 1 - i)), stopTrickle.Token);
                    await Task.Delay(250, stopTrickle.Token);
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The server closed the connection: what the test waits for.
            }
        });

        var served = await http.PostAsync(SessionHarness.InitializeRequest);
        Assert.AreEqual(200, served.Status, served.Body);

        var text = await answer;
        Assert.IsLessThan(CutOffWithin, watch.Elapsed, "the trickling connection was not closed in time");
        await stopTrickle.CancelAsync();
        await trickle.WaitAsync(TestTimeouts.Wait);
        var expected = TransportError("Request Timeout: the request body arrived slower than 1000 bytes/s");
        StringAssert.StartsWith(text, "HTTP/1.1 408 Request Timeout\r\n", text);
        StringAssert.Contains(text, "\r\nContent-Type: application/json\r\n", text);
        StringAssert.Contains(text, $"\r\nContent-Length: {Encoding.UTF8.GetByteCount(expected)}\r\n", text);
        StringAssert.EndsWith(text, "\r\n\r\n" + expected, text);
        Assert.AreEqual(1, http.Server.SessionCount, "only the served initialize opened a session");
        StringAssert.Contains(http.Log, "refused a request: its body arrived slower than 1000 bytes/s");
    }

    [TestMethod]
    public async Task ABodySentSteadilyAboveTheMinimumRateIsServed()
    {
        await using var http = await HttpHarness.StartAsync(HttpSettings.Default with
        {
            Port = 0,
            MinRequestBodyBytesPerSecond = 100,
            RequestBodyGracePeriod = TimeSpan.FromSeconds(2),
        });
        // JSON may end in white space: padded so that sending it outlasts the grace, and the rate is checked.
        var body = Encoding.UTF8.GetBytes(SessionHarness.InitializeRequest + new string(' ', 2000));
        using var client = await ConnectAsync(http);
        var stream = client.GetStream();
        await stream.WriteAsync(http.PostHead(body.Length, close: true));

        // The body in pieces over some 5 s, past the 2 s grace: slow (about 400 bytes/s), but well above 100 bytes/s.
        for (var i = 0; i < body.Length; i += 40)
        {
            await stream.WriteAsync(body.AsMemory(i, Math.Min(40, body.Length - i)));
            await Task.Delay(100);
        }

        var text = await ReadToCloseAsync(client);
        StringAssert.StartsWith(text, "HTTP/1.1 200 OK\r\n", text);
        StringAssert.EndsWith(text, "\r\n\r\n" + HttpHarness.InitializeResult, text);
    }

    [TestMethod]
    public async Task ARequestWithoutAHostHeaderIs400FromKestrel()
    {
        await using var http = await HttpHarness.StartAsync();
        using var client = await ConnectAsync(http);
        var body = Encoding.UTF8.GetBytes(SessionHarness.InitializeRequest);
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /mcp HTTP/1.1\r\nContent-Type: application/json\r\nAccept: {HttpHarness.Accept}\r\nContent-Length: {body.Length}\r\n\r\n"));
        await client.GetStream().WriteAsync(body);
        var text = await ReadToCloseAsync(client);
        StringAssert.StartsWith(text, "HTTP/1.1 400 Bad Request\r\n", text);
        Assert.AreEqual(0, http.Server.SessionCount);
    }

    [TestMethod]
    public void TheSlowClientBoundsAreCheckedWhenTheServerStarts()
    {
        Assert.AreEqual(TimeSpan.FromSeconds(10), HttpSettings.Default.RequestHeadersTimeout);
        Assert.AreEqual(1024, HttpSettings.Default.MinRequestBodyBytesPerSecond);
        Assert.AreEqual(TimeSpan.FromSeconds(5), HttpSettings.Default.RequestBodyGracePeriod);

        var headers = Assert.ThrowsExactly<ArgumentException>(() => StartSync(HttpSettings.Default with { Port = 0, RequestHeadersTimeout = TimeSpan.Zero }));
        Assert.AreEqual("the request headers timeout must be positive, not 00:00:00 (Parameter 'settings')", headers.Message);
        var grace = Assert.ThrowsExactly<ArgumentException>(() => StartSync(HttpSettings.Default with { Port = 0, RequestBodyGracePeriod = TimeSpan.FromSeconds(1) }));
        Assert.AreEqual(
            "the minimum request body rate must be 0 (none) or positive with a grace period of more than 1 s, not 1024 bytes/s after 00:00:01 (Parameter 'settings')",
            grace.Message);
    }

    [TestMethod]
    public async Task NoMinimumRateLetsABodyStallUntilTheClientEndsIt()
    {
        // 0 turns the minimum off: the server waits (a client it trusts, behind a proxy that buffers, say).
        await using var http = await HttpHarness.StartAsync(HttpSettings.Default with { Port = 0, MinRequestBodyBytesPerSecond = 0, RequestBodyGracePeriod = TimeSpan.Zero });
        using var client = await ConnectAsync(http);
        var stream = client.GetStream();
        var body = Encoding.UTF8.GetBytes(SessionHarness.InitializeRequest);
        await stream.WriteAsync(http.PostHead(body.Length, close: true));
        await stream.WriteAsync(body.AsMemory(0, 10));
        // Longer than Kestrel's own default minimum (240 bytes/s after 5 s) would allow: 0 must turn that off too.
        await Task.Delay(TimeSpan.FromSeconds(7));
        await stream.WriteAsync(body.AsMemory(10));
        var text = await ReadToCloseAsync(client);
        StringAssert.StartsWith(text, "HTTP/1.1 200 OK\r\n", text);
    }

    private static void StartSync(HttpSettings settings) =>
        PForge.Runtime.Http.McpHttpServer.StartAsync(new TestServer(), settings).GetAwaiter().GetResult();

    private static async Task<TcpClient> ConnectAsync(HttpHarness http)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(http.Url.Host, http.Url.Port).WaitAsync(TestTimeouts.Wait);
        return client;
    }

    /// <summary>Everything the server sends until it closes the connection (bounded by <see cref="TestTimeouts.Wait"/>).</summary>
    private static async Task<string> ReadToCloseAsync(TcpClient client)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var read = await client.GetStream().ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    return Encoding.UTF8.GetString(received.ToArray());
                }

                received.Write(buffer, 0, read);
            }
        }
        catch (OperationCanceledException)
        {
            throw new AssertFailedException($"the connection was still open after {TestTimeouts.Wait}; received: {Encoding.UTF8.GetString(received.ToArray())}");
        }
        catch (IOException)
        {
            // A reset after the answer: what was received is the answer.
            return Encoding.UTF8.GetString(received.ToArray());
        }
    }
}
