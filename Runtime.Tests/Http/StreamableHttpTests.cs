using System.Net.Http.Headers;
using System.Text;
using PForge.Runtime.Settings;
using PForge.Runtime.Tests.Support;

namespace PForge.Runtime.Tests.Http;

/// <summary>Requests, responses and the status codes of Streamable HTTP, over real sockets.</summary>
[TestClass]
public sealed class StreamableHttpTests
{
    private const string ToolsList = """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""";

    internal static string TransportError(string message) => $$$"""{"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"{{{message}}}"}}""";

    [TestMethod]
    public async Task InitializeAnswersWithJsonAndIssuesASessionId()
    {
        await using var http = await HttpHarness.StartAsync();
        var reply = await http.PostAsync(SessionHarness.InitializeRequest);
        Assert.AreEqual(200, reply.Status);
        Assert.AreEqual("application/json", reply.ContentType);
        Assert.AreEqual(HttpHarness.InitializeResult, reply.Body);
        Assert.IsNotNull(reply.SessionId);
        Assert.MatchesRegex("^[0-9a-f]{32}$", reply.SessionId);
        Assert.AreEqual(1, http.Server.SessionCount);

        var other = await http.PostAsync(SessionHarness.InitializeRequest);
        Assert.AreNotEqual(reply.SessionId, other.SessionId);
        Assert.AreEqual(2, http.Server.SessionCount);
    }

    [TestMethod]
    public async Task ToolsListAndToolsCallAnswerWithExactJsonBodies()
    {
        await using var http = await HttpHarness.StartAsync();
        var session = await http.InitializeAsync();

        var list = await http.PostAsync(ToolsList, session);
        Assert.AreEqual(200, list.Status);
        Assert.AreEqual("application/json", list.ContentType);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":1,"result":""" + TestServer.ToolsList + "}", list.Body);
        Assert.IsNull(list.SessionId);

        var call = await http.PostAsync("""{"jsonrpc":"2.0","id":"c-2","method":"tools/call","params":{"name":"echo","arguments":{"text":"über HTTP"}}}""", session);
        Assert.AreEqual(200, call.Status);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":"c-2","result":{"content":[{"type":"text","text":"über HTTP"}]}}""", call.Body);
        Assert.AreEqual("utf-8", call.ContentHeaders.ContentType?.CharSet ?? "utf-8");

        var error = await http.PostAsync("""{"jsonrpc":"2.0","id":3,"method":"nope"}""", session);
        Assert.AreEqual(200, error.Status);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"Method not found: nope"}}""", error.Body);
    }

    [TestMethod]
    public async Task AnAsynchronousCallIsAnsweredOnItsOwnPost()
    {
        await using var http = await HttpHarness.StartAsync();
        var session = await http.InitializeAsync();
        var pending = http.PostAsync("""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"gate","arguments":{"key":"a"}}}""", session);
        await http.Definition.ExpectEventAsync("gate:a:started");
        Assert.IsFalse(pending.IsCompleted);

        // The session keeps serving other POSTs meanwhile.
        Assert.AreEqual("""{"jsonrpc":"2.0","id":8,"result":{}}""", (await http.PostAsync("""{"jsonrpc":"2.0","id":8,"method":"ping"}""", session)).Body);

        http.Definition.Open("a");
        var reply = await pending;
        Assert.AreEqual(200, reply.Status);
        Assert.AreEqual("application/json", reply.ContentType);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":7,"result":{"content":[{"type":"text","text":"opened a"}]}}""", reply.Body);
    }

    [TestMethod]
    public async Task ConcurrentPostsOfOneSessionEachGetTheirOwnResponse()
    {
        await using var http = await HttpHarness.StartAsync();
        var session = await http.InitializeAsync();
        var calls = Enumerable.Range(0, 3)
            .Select(i => http.PostAsync($$$$"""{"jsonrpc":"2.0","id":{{{{100 + i}}}},"method":"tools/call","params":{"name":"gate","arguments":{"key":"k{{{{i}}}}"}}}""", session))
            .ToArray();
        var started = new[] { await http.Definition.NextEventAsync(), await http.Definition.NextEventAsync(), await http.Definition.NextEventAsync() };
        CollectionAssert.AreEquivalent(new[] { "gate:k0:started", "gate:k1:started", "gate:k2:started" }, started);
        foreach (var key in new[] { "k2", "k0", "k1" })
        {
            http.Definition.Open(key);
        }

        for (var i = 0; i < 3; i++)
        {
            var reply = await calls[i];
            Assert.AreEqual($$$"""{"jsonrpc":"2.0","id":{{{100 + i}}},"result":{"content":[{"type":"text","text":"opened k{{{i}}}"}]}}""", reply.Body);
        }
    }

    [TestMethod]
    public async Task AnIdStillRunningInTheSessionIsRefused()
    {
        await using var http = await HttpHarness.StartAsync();
        var session = await http.InitializeAsync();
        var first = http.PostAsync("""{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"gate","arguments":{"key":"dup"}}}""", session);
        await http.Definition.ExpectEventAsync("gate:dup:started");

        var second = await http.PostAsync("""{"jsonrpc":"2.0","id":5,"method":"ping"}""", session);
        Assert.AreEqual(200, second.Status);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":5,"error":{"code":-32600,"message":"Invalid request: id 5 is already in use by a running request"}}""", second.Body);

        http.Definition.Open("dup");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":5,"result":{"content":[{"type":"text","text":"opened dup"}]}}""", (await first).Body);
    }

    [TestMethod]
    public async Task NotificationsAndResponsesAreAcceptedWith202AndNoBody()
    {
        await using var http = await HttpHarness.StartAsync();
        var session = await http.InitializeAsync();
        foreach (var message in new[]
        {
            """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":99}}""",
            """{"jsonrpc":"2.0","method":"notifications/whatever"}""",
            """{"jsonrpc":"2.0","id":"s-1","result":{}}""",
        })
        {
            var reply = await http.PostAsync(message, session);
            Assert.AreEqual(202, reply.Status, message);
            Assert.AreEqual(string.Empty, reply.Body, message);
            Assert.IsNull(reply.ContentType, message);
        }
    }

    [TestMethod]
    public async Task ARequestWithoutASessionIdIs400()
    {
        await using var http = await HttpHarness.StartAsync();
        await http.InitializeAsync();
        var reply = await http.PostAsync(ToolsList);
        Assert.AreEqual(400, reply.Status);
        Assert.AreEqual("application/json", reply.ContentType);
        Assert.AreEqual(TransportError("Bad Request: Mcp-Session-Id header is required (send initialize first to get one)"), reply.Body);

        var notification = await http.PostAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        Assert.AreEqual(400, notification.Status);
    }

    [TestMethod]
    public async Task AnUnknownSessionIdIs404()
    {
        await using var http = await HttpHarness.StartAsync();
        var reply = await http.PostAsync(ToolsList, "0123456789abcdef0123456789abcdef");
        Assert.AreEqual(404, reply.Status);
        Assert.AreEqual(TransportError("Not Found: no such session (it expired or was deleted); send initialize to start a new one"), reply.Body);
    }

    [TestMethod]
    public async Task DeleteEndsTheSessionThenItsIdIs404()
    {
        await using var http = await HttpHarness.StartAsync();
        var session = await http.InitializeAsync();
        var delete = await http.SendAsync(Request(HttpMethod.Delete, http, session));
        Assert.AreEqual(204, delete.Status);
        Assert.AreEqual(string.Empty, delete.Body);
        Assert.AreEqual(0, http.Server.SessionCount);

        var after = await http.PostAsync(ToolsList, session);
        Assert.AreEqual(404, after.Status);
        Assert.AreEqual(404, (await http.SendAsync(Request(HttpMethod.Delete, http, session))).Status);

        var missing = await http.SendAsync(Request(HttpMethod.Delete, http, null));
        Assert.AreEqual(400, missing.Status);
        Assert.AreEqual(TransportError("Bad Request: Mcp-Session-Id header is required"), missing.Body);
    }

    [TestMethod]
    public async Task DeletingASessionReleasesItsWaitingPostWithAnError()
    {
        await using var http = await HttpHarness.StartAsync();
        var session = await http.InitializeAsync();
        var pending = http.PostAsync("""{"jsonrpc":"2.0","id":"w","method":"tools/call","params":{"name":"slow"}}""", session);
        await http.Definition.ExpectEventAsync("slow:started");

        Assert.AreEqual(204, (await http.SendAsync(Request(HttpMethod.Delete, http, session))).Status);
        await http.Definition.ExpectEventAsync("slow:cancelled");
        var reply = await pending;
        Assert.AreEqual(200, reply.Status);
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":"w","error":{"code":-32603,"message":"Internal error: the client deleted the session before the request was answered"}}""",
            reply.Body);
    }

    [TestMethod]
    public async Task ABatchIs400WithAJsonRpcError()
    {
        await using var http = await HttpHarness.StartAsync();
        var session = await http.InitializeAsync();
        var reply = await http.PostAsync("""[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"ping"}]""", session);
        Assert.AreEqual(400, reply.Status);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: batches are not supported (removed in MCP 2025-06-18)"}}""", reply.Body);
    }

    [TestMethod]
    public async Task MalformedJsonIs400WithAParseError()
    {
        await using var http = await HttpHarness.StartAsync();
        var reply = await http.PostAsync("""{"jsonrpc":"2.0","id":1,"method":""");
        Assert.AreEqual(400, reply.Status);
        StringAssert.StartsWith(reply.Body, """{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: """);

        var empty = await http.PostAsync(string.Empty);
        Assert.AreEqual(400, empty.Status);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: empty message"}}""", empty.Body);
    }

    [TestMethod]
    public async Task APostThatDoesNotAcceptBothJsonAndEventStreamIs406()
    {
        await using var http = await HttpHarness.StartAsync();
        foreach (var accept in new[] { "application/json", "text/event-stream", "text/html", "application/json, text/event-stream;q=0" })
        {
            var reply = await http.PostAsync(SessionHarness.InitializeRequest, configure: request =>
            {
                request.Headers.Remove("Accept");
                request.Headers.TryAddWithoutValidation("Accept", accept);
            });
            Assert.AreEqual(406, reply.Status, accept);
            Assert.AreEqual(TransportError("Not Acceptable: a POST must accept both application/json and text/event-stream"), reply.Body, accept);
        }

        foreach (var accept in new[] { "*/*", "application/*, text/*", "text/event-stream, application/json; q=0.5" })
        {
            var reply = await http.PostAsync(SessionHarness.InitializeRequest, configure: request =>
            {
                request.Headers.Remove("Accept");
                request.Headers.TryAddWithoutValidation("Accept", accept);
            });
            Assert.AreEqual(200, reply.Status, accept);
        }
    }

    [TestMethod]
    public async Task ABodyThatIsNotJsonIs415()
    {
        await using var http = await HttpHarness.StartAsync();
        var reply = await http.PostAsync(SessionHarness.InitializeRequest, configure: request =>
            request.Content = new StringContent(SessionHarness.InitializeRequest, Encoding.UTF8, "text/plain"));
        Assert.AreEqual(415, reply.Status);
        Assert.AreEqual(TransportError("Unsupported Media Type: Content-Type must be application/json"), reply.Body);
    }

    [TestMethod]
    public async Task ABodyOverTheLimitIs413()
    {
        await using var http = await HttpHarness.StartAsync(HttpSettings.Default with { Port = 0, MaxRequestBodyBytes = 200 });
        var big = $$$"""{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"{{{new string('x', 300)}}}"}}""";
        var reply = await http.PostAsync(big);
        Assert.AreEqual(413, reply.Status);
        Assert.AreEqual(TransportError("Payload Too Large: the request body is over the limit of 200 bytes"), reply.Body);

        // Without a Content-Length (chunked), the limit holds while reading.
        var chunked = await http.PostAsync(big, configure: request =>
            request.Content = new StreamContent(new NoLengthStream(Encoding.UTF8.GetBytes(big)))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
            });
        Assert.AreEqual(413, chunked.Status);
        Assert.AreEqual(TransportError("Payload Too Large: the request body is over the limit of 200 bytes"), chunked.Body);

        // At the limit exactly, it is served (with and without a Content-Length); one byte more is refused.
        Assert.AreEqual(200, (await http.PostAsync(PaddedInitialize(200))).Status);
        var exact = await http.PostAsync(PaddedInitialize(200), configure: request =>
            request.Content = new StreamContent(new NoLengthStream(Encoding.UTF8.GetBytes(PaddedInitialize(200))))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
            });
        Assert.AreEqual(200, exact.Status, exact.Body + http.Log);
        Assert.AreEqual(413, (await http.PostAsync(PaddedInitialize(201))).Status);
        Assert.AreEqual(413, (await http.PostAsync(PaddedInitialize(201), configure: request =>
            request.Content = new StreamContent(new NoLengthStream(Encoding.UTF8.GetBytes(PaddedInitialize(201))))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
            })).Status);
    }

    /// <summary>An initialize request of exactly <paramref name="bytes"/> bytes.</summary>
    private static string PaddedInitialize(int bytes)
    {
        const string Start = """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","pad":""";
        const string End = "\"}}";
        var text = Start + "\"" + new string('x', bytes - Start.Length - End.Length - 1) + End;
        Assert.AreEqual(bytes, Encoding.UTF8.GetByteCount(text));
        return text;
    }

    [TestMethod]
    public async Task TheProtocolVersionHeaderMustBeSupportedAndMayBeMissing()
    {
        await using var http = await HttpHarness.StartAsync();
        var session = await http.InitializeAsync();

        var unsupported = await http.PostAsync(ToolsList, session, request =>
        {
            request.Headers.Remove("MCP-Protocol-Version");
            request.Headers.Add("MCP-Protocol-Version", "1999-01-01");
        });
        Assert.AreEqual(400, unsupported.Status);

        // The error revision 2026-07-28 names, which a client of either era can read.
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32022,"message":"Unsupported protocol version","data":{"supported":["2026-07-28","2025-11-25","2025-06-18","2025-03-26","2024-11-05"],"requested":"1999-01-01"}}}""",
            unsupported.Body);

        // Missing: 2025-03-26 is assumed. Any supported revision is accepted (the conformance suite sends 2025-03-26).
        var missing = await http.PostAsync(ToolsList, session, request => request.Headers.Remove("MCP-Protocol-Version"));
        Assert.AreEqual(200, missing.Status);
        var older = await http.PostAsync(ToolsList, session, request =>
        {
            request.Headers.Remove("MCP-Protocol-Version");
            request.Headers.Add("MCP-Protocol-Version", "2025-03-26");
        });
        Assert.AreEqual(200, older.Status);
    }

    [TestMethod]
    public async Task OtherPathsAre404AndOtherMethods405()
    {
        await using var http = await HttpHarness.StartAsync();
        var path = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(http.Url, "/other")));
        Assert.AreEqual(404, path.Status);
        Assert.AreEqual(TransportError("Not Found: the MCP endpoint is /mcp"), path.Body);

        var put = await http.SendAsync(new HttpRequestMessage(HttpMethod.Put, http.Url) { Content = new StringContent("{}") });
        Assert.AreEqual(405, put.Status);
        Assert.AreEqual(TransportError("Method Not Allowed: use GET or POST or DELETE"), put.Body);
        Assert.AreEqual("GET, POST, DELETE", string.Join(", ", put.ContentHeaders.Allow));
    }

    [TestMethod]
    public async Task AnotherPathCanBeConfigured()
    {
        await using var http = await HttpHarness.StartAsync(HttpSettings.Default with { Port = 0, Path = "/api/mcp" });
        Assert.AreEqual("/api/mcp", http.Url.AbsolutePath);
        Assert.AreEqual(200, (await http.PostAsync(SessionHarness.InitializeRequest)).Status);
    }

    [TestMethod]
    public async Task AFailedInitializeOpensNoSession()
    {
        await using var http = await HttpHarness.StartAsync();
        var reply = await http.PostAsync("""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{}}""");
        Assert.AreEqual(200, reply.Status);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":0,"error":{"code":-32602,"message":"Invalid params: initialize needs \"protocolVersion\" (a string)"}}""", reply.Body);
        Assert.IsNull(reply.SessionId);
        Assert.AreEqual(0, http.Server.SessionCount);
    }

    [TestMethod]
    public async Task AnInitializeInAnExistingSessionIsAnsweredByThatSession()
    {
        await using var http = await HttpHarness.StartAsync();
        var session = await http.InitializeAsync();
        var reply = await http.PostAsync(SessionHarness.InitializeRequest, session);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":0,"error":{"code":-32600,"message":"Invalid request: the session is already initialized"}}""", reply.Body);
        Assert.IsNull(reply.SessionId);
        Assert.AreEqual(1, http.Server.SessionCount);
    }

    internal static HttpRequestMessage Request(HttpMethod method, HttpHarness http, string? session, string accept = "text/event-stream")
    {
        var request = new HttpRequestMessage(method, http.Url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (session is not null)
        {
            request.Headers.Add("Mcp-Session-Id", session);
        }

        return request;
    }

    /// <summary>A body of unknown length, so HttpClient sends it chunked.</summary>
    private sealed class NoLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
