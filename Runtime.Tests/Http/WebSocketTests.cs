using System.Net.WebSockets;
using System.Text;
using PForge.Runtime.Settings;
using PForge.Runtime.Tests.Support;
using static PForge.Runtime.Tests.Http.StreamableHttpTests;

namespace PForge.Runtime.Tests.Http;

/// <summary>MCP over a WebSocket at the MCP endpoint: subprotocol mcp, a message per text frame, and each close code.</summary>
[TestClass]
public sealed class WebSocketTests
{
    private const string Initialize =
        """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"ws","version":"1.0"}}}""";

    private static Uri SocketUrl(HttpHarness http) => new UriBuilder(http.Url) { Scheme = "ws" }.Uri;

    private static async Task<ClientWebSocket> ConnectAsync(HttpHarness http, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("mcp");
        configure?.Invoke(socket.Options);
        await socket.ConnectAsync(SocketUrl(http), CancellationToken.None).WaitAsync(TestTimeouts.Wait);
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, string message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).WaitAsync(TestTimeouts.Wait);

    /// <summary>The next whole message, or the close (its status and description) when the server closed.</summary>
    private static async Task<string> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        var text = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(TestTimeouts.Wait);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return $"close {(int)received.CloseStatus!}: {received.CloseStatusDescription}";
            }

            Assert.AreEqual(WebSocketMessageType.Text, received.MessageType);
            text.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                return Encoding.UTF8.GetString(text.ToArray());
            }
        }
    }

    [TestMethod]
    public async Task AMessagePerTextFrameBothWays()
    {
        await using var http = await HttpHarness.StartAsync();
        using var socket = await ConnectAsync(http);
        Assert.AreEqual("mcp", socket.SubProtocol);

        await SendAsync(socket, Initialize);
        Assert.AreEqual(HttpHarness.InitializeResult, await ReceiveAsync(socket));
        await SendAsync(socket, """{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        await SendAsync(socket, """{"jsonrpc":"2.0","id":"c-2","method":"tools/call","params":{"name":"echo","arguments":{"text":"über WebSocket"}}}""");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":"c-2","result":{"content":[{"type":"text","text":"über WebSocket"}]}}""", await ReceiveAsync(socket));
        await SendAsync(socket, """{"jsonrpc":"2.0","id":3,""");
        StringAssert.StartsWith(await ReceiveAsync(socket), """{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: """);

        // Many requests at once, answered in full (the reader pauses while the answers wait, then goes on).
        for (var i = 0; i < 600; i++)
        {
            await SendAsync(socket, $$"""{"jsonrpc":"2.0","id":{{i + 100}},"method":"ping"}""");
        }

        for (var i = 0; i < 600; i++)
        {
            Assert.AreEqual($$$"""{"jsonrpc":"2.0","id":{{{i + 100}}},"result":{}}""", await ReceiveAsync(socket));
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WaitAsync(TestTimeouts.Wait);
        Assert.AreEqual(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [TestMethod]
    public async Task ABinaryFrameOrAnOversizedMessageClosesWithItsCode()
    {
        await using var http = await HttpHarness.StartAsync(HttpSettings.Default with { Port = 0, MaxRequestBodyBytes = 1024 });
        using (var socket = await ConnectAsync(http))
        {
            await socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
            Assert.AreEqual("close 1003: MCP messages are text frames (UTF-8 JSON)", await ReceiveAsync(socket));
        }

        using (var socket = await ConnectAsync(http))
        {
            await SendAsync(socket, $$$$"""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"{{{{new string('x', 2000)}}}}"}}}""");
            Assert.AreEqual("close 1009: a message is over the limit of 1024 bytes", await ReceiveAsync(socket));
        }
    }

    [TestMethod]
    public async Task AnotherSubprotocolIsRefusedAndNoneIsServed()
    {
        await using var http = await HttpHarness.StartAsync();
        using (var other = new ClientWebSocket())
        {
            other.Options.AddSubProtocol("graphql-ws");
            var refused = await Assert.ThrowsAsync<WebSocketException>(() => other.ConnectAsync(SocketUrl(http), CancellationToken.None).WaitAsync(TestTimeouts.Wait));
            StringAssert.Contains(refused.Message, "400");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, http.Url);
        request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
        request.Headers.TryAddWithoutValidation("Upgrade", "websocket");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Version", "13");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Protocol", "graphql-ws");
        var reply = await Reply.ReadAsync(await http.Client.SendAsync(request));
        Assert.AreEqual(400, reply.Status);
        Assert.AreEqual(TransportError("Bad Request: the WebSocket subprotocol of MCP is 'mcp' (asked: graphql-ws)"), reply.Body);

        // No subprotocol asked: served (clients that predate it).
        using var plain = new ClientWebSocket();
        await plain.ConnectAsync(SocketUrl(http), CancellationToken.None).WaitAsync(TestTimeouts.Wait);
        Assert.IsNull(plain.SubProtocol);
        await SendAsync(plain, Initialize);
        Assert.AreEqual(HttpHarness.InitializeResult, await ReceiveAsync(plain));
    }

    [TestMethod]
    public async Task StoppingTheServerLetsARunningCallEndThenClosesWith1001()
    {
        var http = await HttpHarness.StartAsync();
        using var socket = await ConnectAsync(http);
        await SendAsync(socket, Initialize);
        await ReceiveAsync(socket);
        await SendAsync(socket, """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"slow","arguments":{}}}""");
        await http.Definition.ExpectEventAsync("slow:started");

        var stopping = http.DisposeAsync().AsTask();
        await http.Definition.ExpectEventAsync("slow:cancelled");
        var received = new List<string>();
        do
        {
            received.Add(await ReceiveAsync(socket));
        }
        while (!received[^1].StartsWith("close", StringComparison.Ordinal));
        CollectionAssert.AreEqual(new[] { "close 1001: the server is shutting down" }, received, string.Join("\n", received));
        await stopping.WaitAsync(TestTimeouts.Wait);
    }

    [TestMethod]
    public async Task UnderAuthTheUpgradeNeedsCredentialsAndItsCallerIsEveryMessagesCaller()
    {
        var variable = "PFORGE_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "socket-key-1");
        await using var http = await HttpHarness.StartAsync(HttpSettings.Default with
        {
            Port = 0,
            Auth = new AuthSettings { ApiKeys = [new ApiKeySettings { Name = "ci-bot", Variable = variable, Scopes = ["mcp:use"] }] },
        });

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync(http));
        StringAssert.Contains(refused.Message, "401");

        using var socket = await ConnectAsync(http, options => options.SetRequestHeader("X-API-Key", "socket-key-1"));
        await SendAsync(socket, Initialize);
        await ReceiveAsync(socket);
        await SendAsync(socket, """{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"whoami","arguments":{}}}""");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":5,"result":{"content":[{"type":"text","text":"ci-bot"}]}}""", await ReceiveAsync(socket));
        await SendAsync(socket, """{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"whoami_scoped","arguments":{}}}""");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":6,"error":{"code":-32000,"message":"Forbidden: tool 'whoami_scoped' needs scope 'admin'"}}""", await ReceiveAsync(socket));
    }
}
