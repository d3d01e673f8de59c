using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using PForge.Runtime.Settings;
using PForge.Runtime.Tests.Support;
using static PForge.Runtime.Tests.Http.StreamableHttpTests;

namespace PForge.Runtime.Tests.Http;

/// <summary>
/// Hostile input over Streamable HTTP: bad messages in a session are refused with 400 and the reader's exact JSON-RPC
/// error, bad session ids and content types with their exact status and text; the server keeps serving the session.
/// </summary>
[TestClass]
public sealed class HttpHostileInputTests
{
    private const string Ping = """{"jsonrpc":"2.0","id":1,"method":"ping"}""";
    private const string Pong = """{"jsonrpc":"2.0","id":1,"result":{}}""";
    private const string BadId = """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: \"id\" must be a string or an integer"}}""";

    public static IEnumerable<object[]> BadMessages =>
    [
        ["""{"jsonrpc":"2.0","id":null,"method":"ping"}""", BadId],
        ["""{"jsonrpc":"2.0","id":true,"method":"ping"}""", BadId],
        ["""{"jsonrpc":"2.0","id":1.5,"method":"ping"}""", BadId],
        ["""{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}""", BadId],
        ["""{"jsonrpc":"2.0","id":1e400,"method":"ping"}""", BadId],
        ["""{"jsonrpc":"2.0","id":1,"id":2,"method":"ping"}""", """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: a member is given more than once"}}"""],
        ["""{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":NaN}}""", """{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: 'N' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 54."}}"""],
        ["""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":[1,2]}""", """{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: \"params\" must be an object"}}"""],
        ["""{"jsonrpc":"2.0","id":1,"method":""}""", """{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Invalid request: \"method\" must be a non-empty string"}}"""],
        ["""{"jsonrpc":"1.0","id":1,"method":"ping"}""", """{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Invalid request: \"jsonrpc\" must be \"2.0\""}}"""],
        ["""42""", """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: a message must be a JSON object"}}"""],
    ];

    [TestMethod]
    [DynamicData(nameof(BadMessages))]
    public async Task ABadMessageInASessionIs400WithTheReadersErrorAndTheSessionGoesOn(string message, string error)
    {
        await using var http = await HttpHarness.StartAsync();
        var session = await http.InitializeAsync();
        var reply = await http.PostAsync(message, session);
        Assert.AreEqual(400, reply.Status, reply.Body);
        Assert.AreEqual("application/json", reply.ContentType);
        Assert.AreEqual(error, reply.Body);
        Assert.AreEqual(Pong, (await http.PostAsync(Ping, session)).Body);
    }

    [TestMethod]
    public async Task NestingAHundredThousandDeepIs400WithAParseErrorAtTheLimit()
    {
        await using var http = await HttpHarness.StartAsync();
        var session = await http.InitializeAsync();
        const string Start = """{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":""";
        var reply = await http.PostAsync(Start + new string('[', 100_000) + new string(']', 100_000) + "}}", session);
        Assert.AreEqual(400, reply.Status);
        Assert.AreEqual(
            $$$"""{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: The maximum configured depth of 64 has been exceeded. Cannot read next JSON array. LineNumber: 0 | BytePositionInLine: {{{Start.Length + 62}}}."}}""",
            reply.Body);
        Assert.AreEqual(Pong, (await http.PostAsync(Ping, session)).Body);
    }

    [TestMethod]
    public async Task InvalidUtf8IsAnsweredAsOverStdio()
    {
        await using var http = await HttpHarness.StartAsync();
        var session = await http.InitializeAsync();
        var escaped = await http.PostAsync(string.Empty, session, request => request.Content = Utf8WithInvalid("""{"jsonrpc":"2.0","id":1,"method":"\u0041#"}"""));
        Assert.AreEqual(400, escaped.Status);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: Cannot transcode invalid UTF-8 JSON text to UTF-16 string."}}""", escaped.Body);

        // A raw bad byte in the method passes the reader: the session answers, on 200, that no such method exists.
        var raw = await http.PostAsync(string.Empty, session, request => request.Content = Utf8WithInvalid("""{"jsonrpc":"2.0","id":1,"method":"A#"}"""));
        Assert.AreEqual(200, raw.Status);
        Assert.AreEqual("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"Method not found: A\uFFFD(\"}}", raw.Body);
        Assert.AreEqual(Pong, (await http.PostAsync(Ping, session)).Body);
    }

    [TestMethod]
    public async Task ARequestBeforeInitializeHasNoSessionAndIs400()
    {
        await using var http = await HttpHarness.StartAsync();
        foreach (var message in new[]
        {
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"x"}}}""",
            """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}""",
            """{"jsonrpc":"2.0","id":"s-1","result":{}}""",
        })
        {
            var reply = await http.PostAsync(message);
            Assert.AreEqual(400, reply.Status, message);
            Assert.AreEqual(TransportError("Bad Request: Mcp-Session-Id header is required (send initialize first to get one)"), reply.Body, message);
        }

        Assert.AreEqual(0, http.Server.SessionCount);
    }

    [TestMethod]
    [DataRow("nope")]
    [DataRow("0123456789ABCDEF0123456789ABCDEF")]
    [DataRow("../../etc/passwd")]
    [DataRow("' OR 1=1 --")]
    [DataRow("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    public async Task ABadSessionIdIs404OnEveryMethod(string id)
    {
        await using var http = await HttpHarness.StartAsync();
        await http.InitializeAsync();
        var notFound = TransportError("Not Found: no such session (it expired or was deleted); send initialize to start a new one");

        var post = await http.PostAsync(Ping, id);
        Assert.AreEqual(404, post.Status);
        Assert.AreEqual(notFound, post.Body);
        var get = await http.SendAsync(Request(HttpMethod.Get, http, id));
        Assert.AreEqual(404, get.Status);
        Assert.AreEqual(notFound, get.Body);
        var delete = await http.SendAsync(Request(HttpMethod.Delete, http, id));
        Assert.AreEqual(404, delete.Status);
        Assert.AreEqual(notFound, delete.Body);
        Assert.AreEqual(1, http.Server.SessionCount);
    }

    [TestMethod]
    public async Task ASessionIdSentTwiceIs404EvenWhenBothAreTheSame()
    {
        await using var http = await HttpHarness.StartAsync();
        var session = await http.InitializeAsync();
        var reply = await http.PostAsync(Ping, session, request => request.Headers.Add("Mcp-Session-Id", session));
        Assert.AreEqual(404, reply.Status);
        Assert.AreEqual(TransportError("Not Found: no such session (it expired or was deleted); send initialize to start a new one"), reply.Body);
        Assert.AreEqual(Pong, (await http.PostAsync(Ping, session)).Body);
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("text/plain")]
    [DataRow("text/json")]
    [DataRow("application/jsonx")]
    [DataRow("application/json-rpc")]
    [DataRow("application/x-www-form-urlencoded")]
    [DataRow("multipart/form-data; boundary=x")]
    public async Task AnyContentTypeButApplicationJsonIs415(string? contentType)
    {
        await using var http = await HttpHarness.StartAsync();
        var reply = await http.PostAsync(SessionHarness.InitializeRequest, configure: request =>
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(SessionHarness.InitializeRequest));
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        });
        Assert.AreEqual(415, reply.Status, contentType);
        Assert.AreEqual(TransportError("Unsupported Media Type: Content-Type must be application/json"), reply.Body);
        Assert.AreEqual(0, http.Server.SessionCount);
    }

    [TestMethod]
    [DataRow("application/json; charset=utf-8")]
    [DataRow("APPLICATION/JSON")]
    [DataRow(" application/json ; charset=UTF-8")]
    public async Task ApplicationJsonWithParametersOrInAnotherCaseIsServed(string contentType)
    {
        await using var http = await HttpHarness.StartAsync();
        var reply = await http.PostAsync(SessionHarness.InitializeRequest, configure: request =>
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(SessionHarness.InitializeRequest));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        });
        Assert.AreEqual(200, reply.Status, contentType);
        Assert.AreEqual(HttpHarness.InitializeResult, reply.Body);
    }

    [TestMethod]
    public async Task BeyondMaxSessionsABusySessionIsEvictedLastAndItsWaitingPostGetsAnExactError()
    {
        await using var http = await HttpHarness.StartAsync(HttpSettings.Default with { Port = 0, MaxSessions = 2 });
        var busy = await http.InitializeAsync();
        var pending = http.PostAsync("""{"jsonrpc":"2.0","id":"w","method":"tools/call","params":{"name":"slow"}}""", busy);
        await http.Definition.ExpectEventAsync("slow:started");
        var idle = await http.InitializeAsync();

        // The idle session goes first, though the busy one is older.
        var third = await http.InitializeAsync();
        Assert.AreEqual(404, (await http.PostAsync(Ping, idle)).Status);
        Assert.AreEqual(2, http.Server.SessionCount);

        // With every session busy, the longest idle goes even while a call runs: the call is cancelled and its POST
        // answered with why.
        var gated = http.PostAsync("""{"jsonrpc":"2.0","id":"g","method":"tools/call","params":{"name":"gate","arguments":{"key":"t"}}}""", third);
        await http.Definition.ExpectEventAsync("gate:t:started");
        var fourth = await http.InitializeAsync();
        Assert.AreEqual(2, http.Server.SessionCount);
        await http.Definition.ExpectEventAsync("slow:cancelled");
        var reply = await pending;
        Assert.AreEqual(200, reply.Status);
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":"w","error":{"code":-32603,"message":"Internal error: the session was evicted (2 sessions open at most) before the request was answered"}}""",
            reply.Body);
        Assert.AreEqual(404, (await http.PostAsync(Ping, busy)).Status);

        http.Definition.Open("t");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":"g","result":{"content":[{"type":"text","text":"opened t"}]}}""", (await gated).Body);
        Assert.AreEqual(Pong, (await http.PostAsync(Ping, third)).Body);
        Assert.AreEqual(Pong, (await http.PostAsync(Ping, fourth)).Body);
    }

    [TestMethod]
    public async Task AHugeDeclaredBodyIs413AtOnceWithoutWaitingForIt()
    {
        // 100 MB announced and never sent: the answer comes from the Content-Length alone.
        await using var http = await HttpHarness.StartAsync();
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(http.Url.Host, http.Url.Port).WaitAsync(TestTimeouts.Wait);
        var stream = client.GetStream();
        await stream.WriteAsync((byte[])[.. http.PostHead(104857600), .. "{\"jsonrpc\""u8]);
        var expected = TransportError("Payload Too Large: the request body is over the limit of 4194304 bytes");
        var text = await ReadResponseAsync(stream);
        StringAssert.StartsWith(text, "HTTP/1.1 413 Payload Too Large\r\n", text);
        StringAssert.EndsWith(text, "\r\n\r\n" + expected, text);
        Assert.AreEqual(0, http.Server.SessionCount);
        Assert.AreEqual(200, (await http.PostAsync(SessionHarness.InitializeRequest)).Status);
    }

    /// <summary>One response: its head, then as many body bytes as its Content-Length says.</summary>
    private static async Task<string> ReadResponseAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            var text = Encoding.UTF8.GetString([.. received]);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var length = text.Split("\r\n").Where(static h => h.StartsWith("Content-Length: ", StringComparison.OrdinalIgnoreCase))
                    .Select(static h => int.Parse(h["Content-Length: ".Length..], System.Globalization.CultureInfo.InvariantCulture)).Single();
                if (received.Count >= end + 4 + length)
                {
                    return text;
                }
            }

            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                return Encoding.UTF8.GetString([.. received]);
            }

            received.AddRange(buffer.AsSpan(0, read));
        }
    }

    /// <summary>The UTF-8 of <paramref name="template"/> with each '#' the invalid sequence C3 28, as application/json.</summary>
    private static ByteArrayContent Utf8WithInvalid(string template)
    {
        var content = new ByteArrayContent([.. Encoding.UTF8.GetBytes(template).SelectMany(static b => b == (byte)'#' ? new byte[] { 0xC3, 0x28 } : [b])]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
