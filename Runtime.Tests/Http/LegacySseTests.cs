using System.Text;
using PForge.Runtime.Settings;
using PForge.Runtime.Tests.Support;
using static PForge.Runtime.Tests.Http.StreamableHttpTests;

namespace PForge.Runtime.Tests.Http;

/// <summary>
/// The HTTP+SSE transport of revision 2024-11-05 beside Streamable HTTP: GET /sse, the endpoint event, POSTs to it
/// answered 202 with every response on the stream, and each refusal with its exact text.
/// </summary>
[TestClass]
public sealed class LegacySseTests
{
    private const string Initialize =
        """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"legacy","version":"1.0"}}}""";

    /// <summary>An open GET /sse: its reader, and the endpoint its first event named.</summary>
    internal sealed class LegacyStream : IAsyncDisposable
    {
        private readonly HttpResponseMessage _response;

        private LegacyStream(HttpResponseMessage response, StreamReader reader, string endpoint)
        {
            _response = response;
            Reader = reader;
            Endpoint = endpoint;
        }

        public StreamReader Reader { get; }

        public string Endpoint { get; }

        public string SessionId => Endpoint["/message?sessionId=".Length..];

        public static async Task<LegacyStream> OpenAsync(HttpHarness http, Action<HttpRequestMessage>? configure = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(http.Url, "/sse"));
            request.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
            configure?.Invoke(request);
            var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestTimeouts.Wait);
            Assert.AreEqual(200, (int)response.StatusCode);
            Assert.AreEqual("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.AreEqual("event: endpoint", await reader.ReadLineAsync().WaitAsync(TestTimeouts.Wait));
            var data = await reader.ReadLineAsync().WaitAsync(TestTimeouts.Wait);
            Assert.AreEqual(string.Empty, await reader.ReadLineAsync().WaitAsync(TestTimeouts.Wait));
            StringAssert.Matches(data, new System.Text.RegularExpressions.Regex("^data: /message\\?sessionId=[0-9a-f]{32}$"));
            return new LegacyStream(response, reader, data!["data: ".Length..]);
        }

        /// <summary>The next message event's JSON.</summary>
        public async Task<string> NextAsync()
        {
            Assert.AreEqual("event: message", await Reader.ReadLineAsync().WaitAsync(TestTimeouts.Wait));
            var data = await Reader.ReadLineAsync().WaitAsync(TestTimeouts.Wait);
            Assert.AreEqual(string.Empty, await Reader.ReadLineAsync().WaitAsync(TestTimeouts.Wait));
            Assert.IsTrue(data!.StartsWith("data: ", StringComparison.Ordinal), data);
            return data["data: ".Length..];
        }

        public ValueTask DisposeAsync()
        {
            Reader.Dispose();
            _response.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private static async Task<Reply> PostAsync(HttpHarness http, string endpoint, string body, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(http.Url, endpoint))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        configure?.Invoke(request);
        using var response = await http.Client.SendAsync(request).WaitAsync(TestTimeouts.Wait);
        return await Reply.ReadAsync(response);
    }

    [TestMethod]
    public async Task ASessionPostsToItsEndpointAndEveryAnswerComesOnTheStream()
    {
        await using var http = await HttpHarness.StartAsync();
        await using var stream = await LegacyStream.OpenAsync(http);

        var accepted = await PostAsync(http, stream.Endpoint, Initialize);
        Assert.AreEqual(202, accepted.Status);
        Assert.AreEqual("Accepted", accepted.Body);
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2024-11-05","capabilities":{"tools":{}},"serverInfo":{"name":"test-server","version":"1.2.3"},"instructions":"Use the tools."}}""",
            await stream.NextAsync());
        Assert.AreEqual(202, (await PostAsync(http, stream.Endpoint, """{"jsonrpc":"2.0","method":"notifications/initialized"}""")).Status);

        Assert.AreEqual(202, (await PostAsync(http, stream.Endpoint, """{"jsonrpc":"2.0","id":"c-2","method":"tools/call","params":{"name":"echo","arguments":{"text":"über SSE"}}}""")).Status);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":"c-2","result":{"content":[{"type":"text","text":"über SSE"}]}}""", await stream.NextAsync());
        Assert.AreEqual(202, (await PostAsync(http, stream.Endpoint, """{"jsonrpc":"2.0","id":3,"method":"nope"}""")).Status);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"Method not found: nope"}}""", await stream.NextAsync());
        Assert.AreEqual(1, http.Server.SessionCount);

        // Broken JSON is refused on the POST itself, as on /mcp: the stream gets nothing.
        var broken = await PostAsync(http, stream.Endpoint, """{"jsonrpc":"2.0","id":4,""");
        Assert.AreEqual(400, broken.Status);
        StringAssert.StartsWith(broken.Body, """{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: """);
    }

    [TestMethod]
    public async Task ClosingTheStreamEndsTheSession()
    {
        await using var http = await HttpHarness.StartAsync();
        var stream = await LegacyStream.OpenAsync(http);
        var endpoint = stream.Endpoint;
        Assert.AreEqual(1, http.Server.SessionCount);
        await stream.DisposeAsync();

        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        while (http.Server.SessionCount > 0)
        {
            await Task.Delay(20, timeout.Token);
        }

        var gone = await PostAsync(http, endpoint, Initialize);
        Assert.AreEqual(404, gone.Status);
        Assert.AreEqual(TransportError("Not Found: no such session (its SSE stream closed, or it expired); open a new one with GET /sse"), gone.Body);
    }

    [TestMethod]
    public async Task EachRefusalSaysWhatIsWrong()
    {
        await using var http = await HttpHarness.StartAsync();
        await using var stream = await LegacyStream.OpenAsync(http);

        var missing = await PostAsync(http, "/message", Initialize);
        Assert.AreEqual(400, missing.Status);
        Assert.AreEqual(TransportError("Bad Request: the sessionId query parameter is required (the endpoint event of GET /sse names it)"), missing.Body);

        var unknown = await PostAsync(http, "/message?sessionId=0123456789abcdef0123456789abcdef", Initialize);
        Assert.AreEqual(404, unknown.Status);

        // A Streamable HTTP session id is not an HTTP+SSE one, nor the other way round.
        var modern = await http.PostAsync(SessionHarness.InitializeRequest);
        Assert.AreEqual(404, (await PostAsync(http, "/message?sessionId=" + modern.SessionId, Initialize)).Status);
        Assert.AreEqual(404, (await http.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"ping"}""", stream.SessionId)).Status);

        var media = await PostAsync(http, stream.Endpoint, Initialize, request => request.Content!.Headers.ContentType = new("text/plain"));
        Assert.AreEqual(415, media.Status);
        Assert.AreEqual(TransportError("Unsupported Media Type: Content-Type must be application/json"), media.Body);

        using var get = new HttpRequestMessage(HttpMethod.Get, new Uri(http.Url, "/message?sessionId=" + stream.SessionId));
        using var wrongMethod = await http.Client.SendAsync(get);
        Assert.AreEqual(405, (int)wrongMethod.StatusCode);
        Assert.AreEqual("POST", wrongMethod.Content.Headers.Allow.Single());

        using var html = new HttpRequestMessage(HttpMethod.Get, new Uri(http.Url, "/sse"));
        html.Headers.TryAddWithoutValidation("Accept", "text/html");
        var notAcceptable = await Reply.ReadAsync(await http.Client.SendAsync(html));
        Assert.AreEqual(406, notAcceptable.Status);
        Assert.AreEqual(TransportError("Not Acceptable: GET /sse must accept text/event-stream"), notAcceptable.Body);

        using var foreign = new HttpRequestMessage(HttpMethod.Get, new Uri(http.Url, "/sse"));
        foreign.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
        foreign.Headers.TryAddWithoutValidation("Origin", "https://evil.example");
        Assert.AreEqual(403, (int)(await http.Client.SendAsync(foreign)).StatusCode);
    }

    [TestMethod]
    public async Task AStatelessServerHasNoLegacySessions()
    {
        await using var http = await HttpHarness.StartAsync(HttpSettings.Default with { Port = 0, Stateless = true });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(http.Url, "/sse"));
        request.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
        var reply = await Reply.ReadAsync(await http.Client.SendAsync(request));
        Assert.AreEqual(405, reply.Status);
        Assert.AreEqual(TransportError("Method Not Allowed: this server is stateless and has no HTTP+SSE sessions; use Streamable HTTP at /mcp"), reply.Body);
    }

    [TestMethod]
    public async Task UnderAuthTheSessionServesOnlyItsCallerAndCarriesTheCallerToTools()
    {
        var variable = "PFORGE_TEST_KEY_" + Guid.NewGuid().ToString("N");
        var other = "PFORGE_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "legacy-key-1");
        Environment.SetEnvironmentVariable(other, "legacy-key-2");
        await using var http = await HttpHarness.StartAsync(HttpSettings.Default with
        {
            Port = 0,
            Auth = new AuthSettings
            {
                ApiKeys =
                [
                    new ApiKeySettings { Name = "ci-bot", Variable = variable, Scopes = ["mcp:use"] },
                    new ApiKeySettings { Name = "other-bot", Variable = other, Scopes = ["mcp:use"] },
                ],
            },
        });

        using var anonymous = new HttpRequestMessage(HttpMethod.Get, new Uri(http.Url, "/sse"));
        anonymous.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
        Assert.AreEqual(401, (int)(await http.Client.SendAsync(anonymous)).StatusCode);

        await using var stream = await LegacyStream.OpenAsync(http, request => request.Headers.Add("X-API-Key", "legacy-key-1"));
        var stolen = await PostAsync(http, stream.Endpoint, Initialize, request => request.Headers.Add("X-API-Key", "legacy-key-2"));
        Assert.AreEqual(404, stolen.Status);

        Assert.AreEqual(202, (await PostAsync(http, stream.Endpoint, Initialize, request => request.Headers.Add("X-API-Key", "legacy-key-1"))).Status);
        await stream.NextAsync();
        Assert.AreEqual(202, (await PostAsync(http, stream.Endpoint, """{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"whoami","arguments":{}}}""",
            request => request.Headers.Add("X-API-Key", "legacy-key-1"))).Status);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":5,"result":{"content":[{"type":"text","text":"ci-bot"}]}}""", await stream.NextAsync());
    }
}
