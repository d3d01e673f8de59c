using System.Net.Http.Headers;
using System.Text;
using PForge.Runtime.Http;
using PForge.Runtime.Settings;
using PForge.Runtime.Telemetry;
using PForge.Runtime.Tests.Support;

namespace PForge.Runtime.Tests.Http;

/// <summary>A real <see cref="McpHttpServer"/> on 127.0.0.1 with a free port, and an HttpClient speaking to it.</summary>
internal sealed class HttpHarness : IAsyncDisposable
{
    public const string Accept = "application/json, text/event-stream";
    public const string Version = "2025-11-25";

    public const string InitializeResult =
        """{"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2025-11-25","capabilities":{"tools":{}},"serverInfo":{"name":"test-server","version":"1.2.3"},"instructions":"Use the tools."}}""";

    private readonly StringWriter _log;

    private HttpHarness(McpHttpServer server, TestServer definition, StringWriter log)
    {
        _log = log;
        Server = server;
        Definition = definition;
        Client = new HttpClient { Timeout = TestTimeouts.Wait };
    }

    public McpHttpServer Server { get; }

    public TestServer Definition { get; }

    public HttpClient Client { get; }

    public Uri Url => Server.Url;

    /// <summary>The request line and headers of a raw JSON POST to the endpoint, for tests that write to a socket themselves.</summary>
    public byte[] PostHead(long contentLength, bool close = false) => System.Text.Encoding.ASCII.GetBytes(
        $"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:{Url.Port}\r\nContent-Type: application/json\r\nAccept: {Accept}\r\nContent-Length: {contentLength}\r\n{(close ? "Connection: close\r\n" : string.Empty)}\r\n");

    /// <summary>The server log so far (debug level).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<HttpHarness> StartAsync(HttpSettings? settings = null, TestServer? definition = null, HttpTransportTimeouts? timeouts = null)
    {
        definition ??= new TestServer();
        var log = new StringWriter();
        var server = await McpHttpServer.StartAsync(
            definition,
            settings ?? HttpSettings.Default with { Port = 0 },
            new ServerLog(new LockedWriter(log), ServerLogLevel.Debug),
            timeouts ?? HttpTransportTimeouts.Default,
            CancellationToken.None).WaitAsync(TestTimeouts.Wait);
        return new HttpHarness(server, definition, log);
    }

    /// <summary>A POST of <paramref name="body"/> as MCP clients send it; <paramref name="configure"/> may change anything.</summary>
    public HttpRequestMessage Post(string body, string? sessionId = null, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept", Accept);
        if (sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", sessionId);
            request.Headers.Add("MCP-Protocol-Version", Version);
        }

        configure?.Invoke(request);
        return request;
    }

    public async Task<Reply> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await Client.SendAsync(request).WaitAsync(TestTimeouts.Wait);
            return await Reply.ReadAsync(response);
        }
    }

    public Task<Reply> PostAsync(string body, string? sessionId = null, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(Post(body, sessionId, configure));

    /// <summary>initialize + notifications/initialized; returns the session id.</summary>
    public async Task<string> InitializeAsync()
    {
        var reply = await PostAsync(SessionHarness.InitializeRequest);
        Assert.AreEqual(200, reply.Status, reply.Body);
        Assert.AreEqual(InitializeResult, reply.Body);
        var id = reply.SessionId ?? throw new AssertFailedException("no Mcp-Session-Id on the initialize response");
        var initialized = await PostAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", id);
        Assert.AreEqual(202, initialized.Status);
        return id;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Wait);
    }
}

/// <summary>Writes under a lock on the inner writer, which <see cref="HttpHarness.Log"/> reads under the same lock.</summary>
internal sealed class LockedWriter(StringWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        lock (inner)
        {
            inner.Write(value);
        }
    }

    public override void Write(string? value)
    {
        lock (inner)
        {
            inner.Write(value);
        }
    }

    public override void WriteLine(string? value)
    {
        lock (inner)
        {
            inner.WriteLine(value);
        }
    }
}

/// <summary>What came back: status, content type (media type alone), session id header and body text.</summary>
internal sealed record Reply(int Status, string? ContentType, string? SessionId, string Body, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders)
{
    public static async Task<Reply> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync().WaitAsync(TestTimeouts.Wait);
        var sessionId = response.Headers.TryGetValues("Mcp-Session-Id", out var ids) ? ids.Single() : null;
        return new Reply((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, sessionId, body, response.Headers, response.Content.Headers);
    }

    /// <summary>The <c>data:</c> of each SSE event, in order (the body must be an event stream).</summary>
    public List<string> Events()
    {
        Assert.AreEqual("text/event-stream", ContentType, Body);
        var events = new List<string>();
        foreach (var block in Body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            Assert.AreEqual("event: message", lines[0], block);
            events.Add(string.Join("\n", lines.Skip(1).Select(static line =>
            {
                Assert.IsTrue(line.StartsWith("data: ", StringComparison.Ordinal), line);
                return line["data: ".Length..];
            })));
        }

        return events;
    }
}
