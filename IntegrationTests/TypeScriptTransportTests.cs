using System.Text.Json;

namespace PForge.IntegrationTests;

/// <summary>
/// The official TypeScript SDK (1.32.2, Node 22, installed by scripts/install-node-tools) drives the conformance fixture
/// over the legacy HTTP+SSE transport (<c>SSEClientTransport</c>) and over WebSocket (<c>WebSocketClientTransport</c>,
/// subprotocol <c>mcp</c>), both served on the port of Streamable HTTP: tools, a sampling request back to the client,
/// resources and prompts, with the exact texts.
/// </summary>
[TestClass]
public sealed class TypeScriptTransportTests
{
    private static ServerProcess? s_server;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        NodeTools.AssertInstalled();
        await DotNet.BuildAsync(FixtureTests.Project);
        s_server = await ServerProcess.StartHttpAsync(FixtureTests.AppHost);
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        if (s_server is not null)
        {
            await s_server.DisposeAsync();
        }
    }

    [TestMethod]
    public async Task TheSseClientTransportIsServedAtSse() =>
        AssertTheFixtureAnswered(await RunAsync("sse", new Uri(s_server!.Url, "/sse")));

    [TestMethod]
    public async Task TheWebSocketClientTransportIsServedAtTheMcpEndpoint() =>
        AssertTheFixtureAnswered(await RunAsync("websocket", new UriBuilder(s_server!.Url) { Scheme = "ws" }.Uri));

    private static void AssertTheFixtureAnswered(JsonElement answer)
    {
        Assert.AreEqual("pforge-conformance", answer.GetProperty("server").GetString());
        Assert.AreEqual(32, answer.GetProperty("tools").GetInt32());
        Assert.AreEqual("This is a simple text response for testing.", answer.GetProperty("simpleText").GetString());
        Assert.AreEqual("Hello, Ada!", answer.GetProperty("greet").GetString());
        Assert.AreEqual("true: This tool intentionally returns an error for testing", answer.GetProperty("error").GetString());
        Assert.AreEqual("LLM response: You asked: Test prompt for sampling", answer.GetProperty("sampling").GetString());
        Assert.AreEqual("test://static-text text/plain This is the content of the static text resource.", answer.GetProperty("resource").GetString());
        Assert.AreEqual("""{"id":"a b","templateTest":true,"data":"Data for ID: a b"}""", answer.GetProperty("template").GetString());
        Assert.AreEqual("Prompt with arguments: arg1='testValue1', arg2='testValue2'", answer.GetProperty("prompt").GetString());
        StringAssert.StartsWith(answer.GetProperty("missingArgument").GetString(), "-32602: MCP error -32602: ");
        StringAssert.Contains(answer.GetProperty("missingArgument").GetString(), "arg2");
        Assert.AreEqual("no error", answer.GetProperty("ping").GetString());
    }

    /// <summary>Runs IntegrationTests/Clients/typescript-client.mjs over <paramref name="transport"/> and parses what it printed.</summary>
    private static async Task<JsonElement> RunAsync(string transport, Uri url)
    {
        var stdout = await NodeTools.RunAsync(
            "the TypeScript client",
            [Path.Combine(DotNet.RepoRoot, "IntegrationTests", "Clients", "typescript-client.mjs"), Path.Combine(NodeTools.Modules, "@modelcontextprotocol", "sdk"), transport, url.ToString()],
            context: () => "server: " + s_server!.Log);
        using var json = JsonDocument.Parse(stdout);
        return json.RootElement.Clone();
    }
}
