using System.Text;
using PForge.Runtime.Tests.Support;

namespace PForge.Runtime.Tests;

/// <summary>
/// Strings that pass the JSON syntax check but are not valid Unicode (invalid UTF-8, lone surrogate escapes) throw
/// only when decoded: each must be answered like any other bad input and never end the session.
/// </summary>
[TestClass]
public sealed class HostileInputTests
{
    private const string Ping = """{"jsonrpc":"2.0","id":2,"method":"ping"}""";
    private const string Pong = """{"jsonrpc":"2.0","id":2,"result":{}}""";
    private const string NeedsName = """{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: tools/call needs \"name\" (a string)"}}""";
    private const string NeedsVersion = """{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: initialize needs \"protocolVersion\" (a string)"}}""";

    [TestMethod]
    public void AnEscapedMethodWithALoneSurrogateIsAParseError()
    {
        var harness = new SessionHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: Cannot read incomplete UTF-16 JSON text as string with missing low surrogate."}}""",
            harness.Single("""{"jsonrpc":"2.0","id":1,"method":"\ud800"}"""));
        Assert.AreEqual(Pong, harness.Single(Ping));
    }

    [TestMethod]
    public void AnEscapedMethodWithInvalidUtf8IsAParseError()
    {
        var harness = new SessionHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: Cannot transcode invalid UTF-8 JSON text to UTF-16 string."}}""",
            Single(harness, """{"jsonrpc":"2.0","id":1,"method":"\u0041#"}"""));
        Assert.AreEqual(Pong, harness.Single(Ping));
    }

    [TestMethod]
    public void ARawMethodWithInvalidUtf8IsNotFound()
    {
        // The method is compared as bytes, so nothing fails; the message shows the bad byte as U+FFFD.
        var harness = new SessionHarness();
        Assert.AreEqual(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"Method not found: A\uFFFD(\"}}",
            Single(harness, """{"jsonrpc":"2.0","id":1,"method":"A#"}"""));
        Assert.AreEqual(Pong, harness.Single(Ping));
    }

    [TestMethod]
    public void AProtocolVersionThatIsNotUnicodeIsInvalidParams()
    {
        var harness = new SessionHarness();
        Assert.AreEqual(NeedsVersion, harness.Single("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"\udc00"}}"""));
        Assert.AreEqual(NeedsVersion, Single(harness, """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"#"}}"""));
        Assert.IsNull(harness.Session.ProtocolVersion);
        Assert.AreEqual(Pong, harness.Single(Ping));
    }

    [TestMethod]
    public void AToolNameThatIsNotUnicodeIsInvalidParams()
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(NeedsName, harness.Single("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"\ud800"}}"""));
        Assert.AreEqual(NeedsName, Single(harness, """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"#"}}"""));
        Assert.AreEqual(NeedsName, harness.Single($$$"""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"{{{new string('x', 200)}}}\ud800"}}"""));
        Assert.AreEqual(Pong, harness.Single(Ping));
    }

    [TestMethod]
    [DataRow("\"\\ud800\"")]
    [DataRow("\"#\"")]
    public async Task AnIdThatIsNotUnicodeStillIdentifiesItsRequest(string id)
    {
        var harness = SessionHarness.Initialized();
        Assert.IsEmpty(Handle(harness, $$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":"tools/call","params":{"name":"slow"}}"""));
        await harness.Server.ExpectEventAsync("slow:started");
        Assert.IsEmpty(Handle(harness, $$$"""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":{{{id}}}}}"""));
        await harness.Server.ExpectEventAsync("slow:cancelled");
        Assert.AreEqual(Pong, harness.Single(Ping));
        Assert.IsTrue(await harness.Session.DrainAsync(TestTimeouts.Wait));
        Assert.IsEmpty(harness.Sink.TakeAll());
    }

    [TestMethod]
    public async Task AnIdThatIsNotUnicodeIsEchoedAsSent()
    {
        var harness = SessionHarness.Initialized();
        Assert.IsEmpty(harness.Handle("""{"jsonrpc":"2.0","id":"\udfff","method":"tools/call","params":{"name":"gate","arguments":{"key":"k"}}}"""));
        harness.Server.Open("k");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":"\udfff","result":{"content":[{"type":"text","text":"opened k"}]}}""", await harness.Sink.NextAsync());
    }

    [TestMethod]
    [DataRow("\"\\ud800\"")]
    [DataRow("\"#\"")]
    public void CancellingAnUnknownIdThatIsNotUnicodeIsIgnored(string id)
    {
        var harness = new SessionHarness();
        Assert.IsEmpty(Handle(harness, $$$"""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":{{{id}}}}}"""));
        Assert.AreEqual(Pong, harness.Single(Ping));
    }

    [TestMethod]
    public void AnArgumentThatIsNotUnicodeBecomesAnErrorResult()
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"Parameter 'text' must be valid Unicode text"}],"isError":true}}""",
            Single(harness, """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"#"}}}"""));
        Assert.AreEqual(Pong, harness.Single(Ping));
    }

    [TestMethod]
    public async Task TheStdioTransportKeepsServingAfterInvalidText()
    {
        await using var stdio = new StdioHarness();
        var bytes = Utf8WithInvalid(
            """{"jsonrpc":"2.0","id":1,"method":"\ud800"}""" + "\n"
            + """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"#"}}""" + "\n"
            + """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"#"}}""" + "\n"
            + Ping + "\n");
        await stdio.WriteAsync(bytes);
        var lines = await stdio.ReadLinesAsync(3);
        StringAssert.StartsWith(lines[0], """{"jsonrpc":"2.0","id":null,"error":{"code":-32700,""");
        Assert.AreEqual(NeedsVersion, lines[1]);
        Assert.AreEqual(Pong, lines[2]);
        Assert.AreEqual(string.Empty, await stdio.FinishAsync());
    }

    /// <summary>UTF-8 of <paramref name="template"/> with each '#' replaced by the invalid sequence C3 28.</summary>
    private static byte[] Utf8WithInvalid(string template) =>
        [.. Encoding.UTF8.GetBytes(template).SelectMany(static b => b == (byte)'#' ? new byte[] { 0xC3, 0x28 } : [b])];

    private static List<string> Handle(SessionHarness harness, string template)
    {
        harness.Session.HandleMessage(Utf8WithInvalid(template));
        return harness.Sink.TakeAll();
    }

    private static string Single(SessionHarness harness, string template)
    {
        var answers = Handle(harness, template);
        Assert.HasCount(1, answers, string.Join(" | ", answers));
        return answers[0];
    }
}
