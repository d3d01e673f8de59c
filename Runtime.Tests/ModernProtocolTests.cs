using PForge.Runtime.Tests.Support;

namespace PForge.Runtime.Tests;

/// <summary>Revision 2026-07-28 on a session: requests with their own <c>_meta</c>, no handshake, the results' members.</summary>
[TestClass]
public sealed class ModernProtocolTests
{
    internal const string Meta =
        "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{},\"io.modelcontextprotocol/clientInfo\":{\"name\":\"tests\",\"version\":\"1.0\"}}";

    private const string ServerInfo = "\"_meta\":{\"io.modelcontextprotocol/serverInfo\":{\"name\":\"test-server\",\"version\":\"1.2.3\"}}";

    private const string Complete = "\"resultType\":\"complete\"," + ServerInfo;

    private const string Listed = "\"resultType\":\"complete\",\"ttlMs\":60000,\"cacheScope\":\"public\"," + ServerInfo;

    /// <summary>A request of the revision: <paramref name="parameters"/> (an object) with <see cref="Meta"/> added.</summary>
    internal static string Request(string id, string method, string parameters = "{}") =>
        $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"{method}\",\"params\":{{{Meta}{(parameters == "{}" ? "" : "," + parameters[1..^1])}}}}}";

    /// <summary>A result of the revision: its <paramref name="members"/>, then the result's own members.</summary>
    private static string Result(string id, string members, string own) =>
        $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":{{{members}{(own.Length == 0 ? "" : "," + own)}}}}}";

    [TestMethod]
    public void ServerDiscoverListsEveryRevisionTheCapabilitiesAndTheInstructions()
    {
        var harness = new SessionHarness();
        Assert.AreEqual(
            Result("\"d\"", Listed, "\"supportedVersions\":[\"2026-07-28\",\"2025-11-25\",\"2025-06-18\",\"2025-03-26\",\"2024-11-05\"],\"capabilities\":{\"tools\":{}},\"instructions\":\"Use the tools.\""),
            harness.Single(Request("\"d\"", "server/discover")));

        // Nothing of it initialized the session: the handshake era still starts with initialize.
        Assert.IsNull(harness.Session.ProtocolVersion);
        Assert.AreEqual(LifecycleTests.InitializeResult(2, "2025-11-25"), harness.Single(LifecycleTests.Initialize(2, "2025-11-25")));
    }

    [TestMethod]
    public void ARequestWithItsMetaIsServedWithoutAHandshake()
    {
        var harness = new SessionHarness();
        Assert.AreEqual(
            Result("1", Complete, "\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]"),
            harness.Single(Request("1", "tools/call", """{"name":"echo","arguments":{"text":"hi"}}""")));
        Assert.AreEqual(
            Result("2", Listed, TestServer.ToolsList[1..^1]),
            harness.Single(Request("2", "tools/list")));
        Assert.IsNull(harness.Session.ProtocolVersion);
    }

    [TestMethod]
    public void AnInitializedSessionServesBothEras()
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"old"}]}}""",
            harness.Single("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"old"}}}"""));
        Assert.AreEqual(
            Result("2", Complete, "\"content\":[{\"type\":\"text\",\"text\":\"new\"}]"),
            harness.Single(Request("2", "tools/call", """{"name":"echo","arguments":{"text":"new"}}""")));
    }

    [TestMethod]
    public void AnErrorOfTheRevisionIsTheSameErrorAsBefore()
    {
        var harness = new SessionHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Unknown tool: 'nope'"}}""",
            harness.Single(Request("1", "tools/call", """{"name":"nope"}""")));
    }

    [TestMethod]
    [DataRow("ping")]
    [DataRow("initialize")]
    [DataRow("logging/setLevel")]
    [DataRow("resources/subscribe")]
    [DataRow("resources/unsubscribe")]
    [DataRow("no/such")]
    public void AMethodTheRevisionDroppedIsNotFound(string method)
    {
        var harness = new SessionHarness();
        Assert.AreEqual(
            $$$$"""{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found: {{{{method}}}}"}}""",
            harness.Single(Request("1", method)));
    }

    [TestMethod]
    [DataRow("2099-01-01")]
    [DataRow("")]
    [DataRow("2026-07-28 ")]
    public void AnUnknownRevisionGetsTheRevisionsThisServerSpeaks(string version)
    {
        var harness = new SessionHarness();
        Assert.AreEqual(
            $$$$"""{"jsonrpc":"2.0","id":1,"error":{"code":-32022,"message":"Unsupported protocol version","data":{"supported":["2026-07-28","2025-11-25","2025-06-18","2025-03-26","2024-11-05"],"requested":"{{{{version}}}}"}}}""",
            harness.Single("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"V","io.modelcontextprotocol/clientCapabilities":{}}}}""".Replace("\"V\"", "\"" + version + "\"", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void AHandshakeRevisionInMetaIsServedAsThatEra()
    {
        var harness = new SessionHarness();
        const string Params = """{"name":"echo","arguments":{"text":"x"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2025-11-25","io.modelcontextprotocol/clientCapabilities":{}}}""";
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Invalid request: the session is not initialized; send \"initialize\" first"}}""",
            harness.Single($$$$"""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{{{{Params}}}}}"""));
        harness.Single(LifecycleTests.Initialize(2, "2025-11-25"));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":3,"result":{"content":[{"type":"text","text":"x"}]}}""",
            harness.Single($$$$"""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{{{{Params}}}}}"""));
    }

    [TestMethod]
    [DataRow("""{"io.modelcontextprotocol/protocolVersion":7,"io.modelcontextprotocol/clientCapabilities":{}}""", "Invalid params: \\\"_meta.io.modelcontextprotocol/protocolVersion\\\" must be a string")]
    [DataRow("""{"io.modelcontextprotocol/protocolVersion":null,"io.modelcontextprotocol/clientCapabilities":{}}""", "Invalid params: \\\"_meta.io.modelcontextprotocol/protocolVersion\\\" must be a string")]
    [DataRow("""{"io.modelcontextprotocol/clientCapabilities":{}}""", "Invalid params: \\\"_meta\\\" needs \\\"io.modelcontextprotocol/protocolVersion\\\" (a string)")]
    [DataRow("""{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}""", "Invalid params: \\\"_meta\\\" needs \\\"io.modelcontextprotocol/clientCapabilities\\\" (an object)")]
    [DataRow("""{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":[]}""", "Invalid params: \\\"_meta.io.modelcontextprotocol/clientCapabilities\\\" must be an object")]
    [DataRow("""{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}""", "Invalid params: \\\"_meta.io.modelcontextprotocol/protocolVersion\\\" is given more than once")]
    [DataRow("""{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/clientInfo":"me"}""", "Invalid params: \\\"_meta.io.modelcontextprotocol/clientInfo\\\" must be an object")]
    [DataRow("""{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/logLevel":3}""", "Invalid params: \\\"_meta.io.modelcontextprotocol/logLevel\\\" must be a log level name")]
    [DataRow("""{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/logLevel":"loud"}""", "Invalid params: unknown \\\"_meta.io.modelcontextprotocol/logLevel\\\" 'loud' (debug, info, notice, warning, error, critical, alert or emergency)")]
    public void HostileMetaGetsAPreciseError(string meta, string message)
    {
        var harness = new SessionHarness();
        Assert.AreEqual(
            $$$$"""{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"{{{{message}}}}"}}""",
            harness.Single($$$$"""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"x"},"_meta":{{{{meta}}}}}}"""));
    }

    [TestMethod]
    public void AHugeVersionIsNeitherKeptNorEchoed()
    {
        var harness = new SessionHarness();
        var huge = new string('9', 100_000);
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: \"_meta.io.modelcontextprotocol/protocolVersion\" is not a protocol revision"}}""",
            harness.Single("""{"jsonrpc":"2.0","id":1,"method":"server/discover","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"V","io.modelcontextprotocol/clientCapabilities":{}}}}""".Replace("\"V\"", "\"" + huge + "\"", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void DiscoverWithoutMetaIsInvalidParams()
    {
        var harness = new SessionHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: \"_meta\" needs \"io.modelcontextprotocol/protocolVersion\" (a string)"}}""",
            harness.Single("""{"jsonrpc":"2.0","id":1,"method":"server/discover"}"""));
    }

    [TestMethod]
    public void LogsReachTheClientOnlyAtTheLevelTheRequestNames()
    {
        // "log" logs at debug, info and error; a request without a level gets none of them.
        var harness = new Features.FeatureHarness();
        const string Call = """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"log","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}LEVEL}}}""";
        harness.Handle(Call.Replace("LEVEL", "", StringComparison.Ordinal));
        var answers = harness.Sink.TakeAll();
        Assert.HasCount(1, answers, string.Join(" | ", answers));
        StringAssert.StartsWith(answers[0], """{"jsonrpc":"2.0","id":1,"result":{"resultType":"complete",""");

        harness.Handle(Call.Replace("LEVEL", ",\"io.modelcontextprotocol/logLevel\":\"info\"", StringComparison.Ordinal));
        answers = harness.Sink.TakeAll();
        Assert.HasCount(3, answers, string.Join(" | ", answers));
        Assert.AreEqual("""{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","logger":"tests","data":"second"}}""", answers[0]);
        Assert.AreEqual("""{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"error","data":"third"}}""", answers[1]);
    }

    [TestMethod]
    public async Task AResourceIsReadWithPrivateNeverFreshHintsAndAMissingOneIsInvalidParams()
    {
        var harness = new Features.FeatureHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"resultType":"complete","ttlMs":0,"cacheScope":"private","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"features","version":"1.0.0"}},"contents":[{"uri":"test://text","mimeType":"text/plain","text":"hello"}]}}""",
            harness.Single(Request("1", "resources/read", """{"uri":"test://text"}""")));

        // Answered later (the template's handler is asynchronous), with the code of the revision.
        harness.Handle(Request("2", "resources/read", """{"uri":"notes://missing"}"""));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"Resource not found: notes://missing","data":{"uri":"notes://missing"}}}""",
            await harness.Sink.NextAsync());
    }
}
