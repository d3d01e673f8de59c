using PForge.Runtime.Protocol;
using PForge.Runtime.Tests.Support;

namespace PForge.Runtime.Tests;

[TestClass]
public sealed class LifecycleTests
{
    private const string NotInitialized =
        """{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Invalid request: the session is not initialized; send \"initialize\" first"}}""";

    [TestMethod]
    public void AtDebugLevelTheManagedHeapAfterInitializeIsLogged()
    {
        var log = new StringWriter();
        SessionHarness.Initialized(log: log);
        StringAssert.Matches(log.ToString(), new System.Text.RegularExpressions.Regex(@"pforge debug: managed heap after initialize: [1-9][0-9]* bytes\n"));
    }

    [TestMethod]
    [DataRow("2024-11-05")]
    [DataRow("2025-03-26")]
    [DataRow("2025-06-18")]
    [DataRow("2025-11-25")]
    public void InitializeEchoesASupportedVersion(string version)
    {
        var harness = new SessionHarness();
        var answer = harness.Single(Initialize(1, version));
        Assert.AreEqual(InitializeResult(1, version), answer);
        Assert.AreEqual(version, harness.Session.ProtocolVersion);
    }

    [TestMethod]
    [DataRow("2026-07-28")]
    [DataRow("2099-01-01")]
    [DataRow("1.0")]
    [DataRow("")]
    public void InitializeAnswersAnUnknownVersionWithTheLatest(string version)
    {
        var harness = new SessionHarness();
        Assert.AreEqual(InitializeResult(1, "2025-11-25"), harness.Single(Initialize(1, version)));
        Assert.AreEqual(ProtocolVersions.Latest, harness.Session.ProtocolVersion);
    }

    [TestMethod]
    public void InitializeLeavesOutInstructionsWhenThereAreNone()
    {
        var harness = new SessionHarness(new TestServer(instructions: null));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-06-18","capabilities":{"tools":{}},"serverInfo":{"name":"test-server","version":"1.2.3"}}}""",
            harness.Single(Initialize(1, "2025-06-18")));
    }

    [TestMethod]
    public void InitializeEscapesInstructions()
    {
        var harness = new SessionHarness(new TestServer(instructions: "Say \"hi\"\n<b>& é\\"));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-11-25","capabilities":{"tools":{}},"serverInfo":{"name":"test-server","version":"1.2.3"},"instructions":"Say \"hi\"\n<b>& é\\"}}""",
            harness.Single(Initialize(1, "2025-11-25")));
    }

    [TestMethod]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{},"clientInfo":{"name":"c","version":"1"}}}""")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":20251125}}""")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":null}}""")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}""")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":"initialize"}""")]
    public void InitializeWithoutAProtocolVersionIsInvalidParams(string request)
    {
        var harness = new SessionHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: initialize needs \"protocolVersion\" (a string)"}}""",
            harness.Single(request));
        Assert.IsNull(harness.Session.ProtocolVersion);

        // The failed attempt does not initialize the session, and a correct one still can.
        Assert.AreEqual(NotInitialized, harness.Single("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}"""));
        Assert.AreEqual(InitializeResult(2, "2025-03-26"), harness.Single(Initialize(2, "2025-03-26")));
    }

    [TestMethod]
    public void InitializeReadsTheVersionWhereverItIsAmongOtherMembers()
    {
        var harness = new SessionHarness();
        var request = """{"params":{"capabilities":{"roots":{"listChanged":true},"x":[1,{"protocolVersion":"2024-11-05"}]},"clientInfo":{"name":"c","version":"1"},"protocolVersion":"2025-03-26"},"method":"initialize","id":"init","jsonrpc":"2.0"}""";
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":"init","result":{"protocolVersion":"2025-03-26","capabilities":{"tools":{}},"serverInfo":{"name":"test-server","version":"1.2.3"},"instructions":"Use the tools."}}""",
            harness.Single(request));
    }

    [TestMethod]
    public void ASecondInitializeIsAnInvalidRequest()
    {
        var harness = new SessionHarness();
        Assert.AreEqual(InitializeResult(1, "2025-06-18"), harness.Single(Initialize(1, "2025-06-18")));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"error":{"code":-32600,"message":"Invalid request: the session is already initialized"}}""",
            harness.Single(Initialize(2, "2025-11-25")));
        Assert.AreEqual("2025-06-18", harness.Session.ProtocolVersion);
    }

    [TestMethod]
    public void ToolsListBeforeInitializeIsAnInvalidRequest()
    {
        var harness = new SessionHarness();
        Assert.AreEqual(NotInitialized, harness.Single("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}"""));
    }

    [TestMethod]
    public void ToolsCallBeforeInitializeIsAnInvalidRequest()
    {
        var harness = new SessionHarness();
        Assert.AreEqual(NotInitialized, harness.Single("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"x"}}}"""));
    }

    [TestMethod]
    public void PingWorksBeforeInitialize()
    {
        var harness = new SessionHarness();
        Assert.AreEqual("""{"jsonrpc":"2.0","id":1,"result":{}}""", harness.Single("""{"jsonrpc":"2.0","id":1,"method":"ping"}"""));
        Assert.AreEqual("""{"jsonrpc":"2.0","id":"p","result":{}}""", harness.Single("""{"jsonrpc":"2.0","id":"p","method":"ping","params":{"_meta":{"x":1}}}"""));
    }

    [TestMethod]
    public void ServerDiscoverIsAnsweredAndInitializeStillWorksAfterIt()
    {
        // What the official C# client 2.4.0 sends first (revision 2026-07-28); a client of the handshake era goes on with initialize.
        var harness = new SessionHarness();
        StringAssert.StartsWith(
            harness.Single("""{"jsonrpc":"2.0","id":1,"method":"server/discover","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/clientInfo":{"name":"c","version":"2.4.0"}}}}"""),
            """{"jsonrpc":"2.0","id":1,"result":{"resultType":"complete",""");
        Assert.AreEqual(InitializeResult(2, "2025-11-25"), harness.Single(Initialize(2, "2025-11-25")));
    }

    [TestMethod]
    public void CancellingAnUnknownRequestBeforeInitializeIsIgnored()
    {
        var harness = new SessionHarness();
        harness.None("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1,"reason":"timed out"}}""");
        harness.None("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"abc"}}""");
        harness.None("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{}}""");
        harness.None("""{"jsonrpc":"2.0","method":"notifications/cancelled"}""");
        Assert.AreEqual(InitializeResult(1, "2025-11-25"), harness.Single(Initialize(1, "2025-11-25")));
    }

    [TestMethod]
    public void InitializedNotificationGetsNoAnswer()
    {
        var harness = new SessionHarness();
        harness.Single(Initialize(1, "2025-11-25"));
        harness.None("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        harness.None("""{"jsonrpc":"2.0","method":"notifications/initialized","params":{}}""");
    }

    [TestMethod]
    public void InitializeCanBeCancelledByNoOne()
    {
        // initialize is answered at once, so a later cancellation of its id finds nothing to stop.
        var harness = new SessionHarness();
        Assert.AreEqual(InitializeResult(7, "2025-11-25"), harness.Single(Initialize(7, "2025-11-25")));
        harness.None("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7}}""");
    }

    internal static string Initialize(int id, string version) =>
        $$$$"""{"jsonrpc":"2.0","id":{{{{id}}}},"method":"initialize","params":{"protocolVersion":"{{{{version}}}}","capabilities":{},"clientInfo":{"name":"tests","version":"1.0"}}}""";

    internal static string InitializeResult(int id, string version) =>
        $$$"""{"jsonrpc":"2.0","id":{{{id}}},"result":{"protocolVersion":"{{{version}}}","capabilities":{"tools":{}},"serverInfo":{"name":"test-server","version":"1.2.3"},"instructions":"Use the tools."}}""";
}
