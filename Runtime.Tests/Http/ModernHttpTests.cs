using PForge.Runtime.Settings;
using PForge.Runtime.Tests.Support;

namespace PForge.Runtime.Tests.Http;

/// <summary>Streamable HTTP of revision 2026-07-28: sessionless POSTs, the request headers, the statuses it names.</summary>
[TestClass]
public sealed class ModernHttpTests
{
    private const string Echo = """{"name":"echo","arguments":{"text":"hi"}}""";

    private const string EchoResult =
        """{"jsonrpc":"2.0","id":1,"result":{"resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"test-server","version":"1.2.3"}},"content":[{"type":"text","text":"hi"}]}}""";

    [TestMethod]
    public async Task ARequestIsServedWithoutASessionAndNoSessionIdIsIssued()
    {
        await using var http = await HttpHarness.StartAsync();
        var reply = await http.SendAsync(Post(http, "1", "tools/call", Echo, name: "echo"));
        Assert.AreEqual(200, reply.Status, reply.Body);
        Assert.AreEqual("application/json", reply.ContentType);
        Assert.AreEqual(EchoResult, reply.Body);
        Assert.IsNull(reply.SessionId);
        Assert.AreEqual(0, http.Server.SessionCount);
    }

    [TestMethod]
    public async Task RequestsOneAfterAnotherAreEachAnsweredAsTheFirst()
    {
        // The sessions of sessionless requests are reused: nothing of one request may show in the next.
        await using var http = await HttpHarness.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.AreEqual(EchoResult, (await http.SendAsync(Post(http, "1", "tools/call", Echo, name: "echo"))).Body);
            var unknown = await http.SendAsync(Post(http, "\"u\"", "ping"));
            Assert.AreEqual(404, unknown.Status);
            Assert.AreEqual("""{"jsonrpc":"2.0","id":"u","error":{"code":-32601,"message":"Method not found: ping"}}""", unknown.Body);
            Assert.AreEqual(EchoResult.Replace("\"id\":1", "\"id\":\"e\"", StringComparison.Ordinal),
                (await http.SendAsync(Post(http, "\"e\"", "tools/call", Echo, name: "echo"))).Body);
        }

        Assert.AreEqual(0, http.Server.SessionCount);
    }

    [TestMethod]
    public async Task AStatelessServerServesTheRevisionToo()
    {
        await using var http = await HttpHarness.StartAsync(HttpSettings.Default with { Port = 0, Stateless = true });
        var reply = await http.SendAsync(Post(http, "1", "tools/call", Echo, name: "echo"));
        Assert.AreEqual(EchoResult, reply.Body);
    }

    [TestMethod]
    public async Task ASessionIdOfAnOlderClientIsIgnored()
    {
        await using var http = await HttpHarness.StartAsync();
        var reply = await http.SendAsync(Post(http, "1", "tools/call", Echo, name: "echo", configure: r => r.Headers.Add("Mcp-Session-Id", "nope")));
        Assert.AreEqual(EchoResult, reply.Body);
    }

    [TestMethod]
    public async Task DiscoverAnswersWithTheRevisionsAndCachingHints()
    {
        await using var http = await HttpHarness.StartAsync();
        var reply = await http.SendAsync(Post(http, "\"d\"", "server/discover"));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":"d","result":{"resultType":"complete","ttlMs":60000,"cacheScope":"public","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"test-server","version":"1.2.3"}},"supportedVersions":["2026-07-28","2025-11-25","2025-06-18","2025-03-26","2024-11-05"],"capabilities":{"tools":{}},"instructions":"Use the tools."}}""",
            reply.Body);
    }

    [TestMethod]
    public async Task AnUnknownMethodIs404WithMethodNotFound()
    {
        await using var http = await HttpHarness.StartAsync();
        var reply = await http.SendAsync(Post(http, "1", "ping"));
        Assert.AreEqual(404, reply.Status);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found: ping"}}""", reply.Body);
    }

    [TestMethod]
    [DataRow("GET")]
    [DataRow("DELETE")]
    public async Task GetAndDeleteAreNotAllowed(string method)
    {
        await using var http = await HttpHarness.StartAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), http.Url);
        request.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        var reply = await http.SendAsync(request);
        Assert.AreEqual(405, reply.Status);
        Assert.AreEqual("POST", string.Join(",", reply.ContentHeaders.Allow));
    }

    [TestMethod]
    [DataRow(null, "echo", "Header mismatch: the Mcp-Method header is required")]
    [DataRow("tools/list", "echo", "Header mismatch: Mcp-Method header value 'tools/list' does not match body value 'tools/call'")]
    [DataRow("tools/call", null, "Header mismatch: the Mcp-Name header is required")]
    [DataRow("tools/call", "other", "Header mismatch: Mcp-Name header value 'other' does not match body value 'echo'")]
    [DataRow("tools/call", "=?base64?!!?=", "Header mismatch: Mcp-Name header value is not valid base64 between '=?base64?' and '?='")]
    public async Task HeadersUnlikeTheBodyAre400HeaderMismatch(string? method, string? name, string message)
    {
        await using var http = await HttpHarness.StartAsync();
        var reply = await http.SendAsync(Post(http, "1", "tools/call", Echo, name: name, methodHeader: method ?? string.Empty));
        Assert.AreEqual(400, reply.Status);
        Assert.AreEqual($$$"""{"jsonrpc":"2.0","id":1,"error":{"code":-32020,"message":"{{{message}}}"}}""", reply.Body);
    }

    [TestMethod]
    public async Task TheVersionHeaderMustMatchTheMeta()
    {
        await using var http = await HttpHarness.StartAsync();
        var reply = await http.SendAsync(Post(http, "1", "tools/call", Echo, name: "echo", meta: """{"io.modelcontextprotocol/protocolVersion":"2025-11-25","io.modelcontextprotocol/clientCapabilities":{}}"""));
        Assert.AreEqual(400, reply.Status);
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32020,"message":"Header mismatch: MCP-Protocol-Version header value '2026-07-28' does not match body value '2025-11-25'"}}""",
            reply.Body);
    }

    [TestMethod]
    public async Task ABodyWithoutMetaIs400InvalidParams()
    {
        await using var http = await HttpHarness.StartAsync();
        var reply = await http.SendAsync(Post(http, "1", "tools/list", meta: null));
        Assert.AreEqual(400, reply.Status);
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: \"_meta\" needs \"io.modelcontextprotocol/protocolVersion\" (a string)"}}""",
            reply.Body);
    }

    [TestMethod]
    public async Task ABase64NameIsDecodedBeforeItIsCompared()
    {
        await using var http = await HttpHarness.StartAsync();
        var reply = await http.SendAsync(Post(http, "1", "tools/call", Echo, name: "=?base64?" + Convert.ToBase64String("echo"u8) + "?="));
        Assert.AreEqual(EchoResult, reply.Body);
    }

    [TestMethod]
    public async Task AClientThatRanksSseFirstGetsTheResponseAsAnEvent()
    {
        await using var http = await HttpHarness.StartAsync();
        var reply = await http.SendAsync(Post(http, "1", "tools/call", Echo, name: "echo", configure: request =>
        {
            request.Headers.Remove("Accept");
            request.Headers.TryAddWithoutValidation("Accept", "text/event-stream, application/json;q=0.5");
        }));
        Assert.AreEqual(200, reply.Status);
        CollectionAssert.AreEqual(new[] { EchoResult }, reply.Events());
    }

    [TestMethod]
    public async Task AListenStreamCarriesItsNotificationsUntilTheClientClosesIt()
    {
        await using var http = await HttpHarness.StartAsync();
        using var request = Post(http, "\"l\"", "subscriptions/listen", """{"notifications":{"toolsListChanged":true}}""");
        using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestTimeouts.Wait);
        Assert.AreEqual("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.AreEqual(
            """data: {"jsonrpc":"2.0","method":"notifications/subscriptions/acknowledged","params":{"_meta":{"io.modelcontextprotocol/subscriptionId":"l"},"notifications":{"toolsListChanged":true}}}""",
            await NextDataAsync(reader));
        Assert.AreEqual(1, http.Definition.Notifications.SessionCount);

        http.Definition.Notifications.ToolsListChanged();
        Assert.AreEqual(
            """data: {"jsonrpc":"2.0","method":"notifications/tools/list_changed","params":{"_meta":{"io.modelcontextprotocol/subscriptionId":"l"}}}""",
            await NextDataAsync(reader));

        // Closing the stream is the client's cancellation: the subscription goes.
        response.Dispose();
        for (var i = 0; i < 100 && http.Definition.Notifications.SessionCount > 0; i++)
        {
            await Task.Delay(20);
        }

        Assert.AreEqual(0, http.Definition.Notifications.SessionCount);
    }

    private static async Task<string> NextDataAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync().WaitAsync(TestTimeouts.Wait) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new AssertFailedException("the stream ended");
    }

    /// <summary>
    /// A POST as a client of the revision sends it: the headers mirror the body unless a test says otherwise (an empty
    /// <paramref name="methodHeader"/> leaves out Mcp-Method; a null <paramref name="meta"/> leaves out _meta).
    /// </summary>
    internal static HttpRequestMessage Post(HttpHarness http, string id, string method, string parameters = "{}", string? name = null,
        string? meta = "", Action<HttpRequestMessage>? configure = null, string? methodHeader = null)
    {
        meta = meta == "" ? """{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}""" : meta;
        var members = parameters == "{}" ? "" : parameters[1..^1];
        var body = meta is null
            ? $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"{method}\",\"params\":{parameters}}}"
            : $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"{method}\",\"params\":{{{members}{(members.Length == 0 ? "" : ",")}\"_meta\":{meta}}}}}";
        return http.Post(body, configure: request =>
        {
            request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
            if (methodHeader != string.Empty)
            {
                request.Headers.Add("Mcp-Method", methodHeader ?? method);
            }
            if (name is not null)
            {
                request.Headers.Add("Mcp-Name", name);
            }

            configure?.Invoke(request);
        });
    }
}
