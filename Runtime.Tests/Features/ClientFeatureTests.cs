using System.Text;
using PForge.Runtime.Tests.Support;

namespace PForge.Runtime.Tests.Features;

[TestClass]
public sealed class ClientFeatureTests
{
    private const string Logged = """{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"logged"}]}}""";

    [TestMethod]
    public void EveryLogMessageIsSentUntilTheClientSetsALevel()
    {
        var harness = new FeatureHarness();
        harness.Handle("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"log"}}""");
        CollectionAssert.AreEqual(
            new[]
            {
                """{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"debug","data":"first"}}""",
                """{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","logger":"tests","data":"second"}}""",
                """{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"error","data":"third"}}""",
                Logged,
            },
            harness.Sink.TakeAll());
    }

    [TestMethod]
    public void SetLevelFiltersLowerLevels()
    {
        var harness = new FeatureHarness();
        Assert.AreEqual("""{"jsonrpc":"2.0","id":0,"result":{}}""", harness.Single("""{"jsonrpc":"2.0","id":0,"method":"logging/setLevel","params":{"level":"warning"}}"""));
        harness.Handle("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"log"}}""");
        CollectionAssert.AreEqual(
            new[] { """{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"error","data":"third"}}""", Logged },
            harness.Sink.TakeAll());
    }

    [TestMethod]
    [DataRow("""{"level":"verbose"}""", "Invalid params: unknown log level 'verbose' (debug, info, notice, warning, error, critical, alert or emergency)")]
    [DataRow("{}", "Invalid params: logging/setLevel needs \\\"level\\\" (a string)")]
    public void AnUnknownLevelIsInvalidParams(string parameters, string message)
    {
        var harness = new FeatureHarness();
        Assert.AreEqual(
            $$$"""{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"{{{message}}}"}}""",
            harness.Single($$$"""{"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{{{parameters}}}}"""));
    }

    [TestMethod]
    public void ARequestsMessagesAndResponseGoToItsReplySinkOnly()
    {
        var harness = new FeatureHarness();
        var reply = new CapturingSink();
        harness.Session.HandleMessage("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"log"}}"""u8, reply);
        Assert.HasCount(4, reply.TakeAll());
        Assert.IsEmpty(harness.Sink.TakeAll());
    }

    [TestMethod]
    public void ContentBlocksAreWrittenInOrder()
    {
        var harness = new FeatureHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"mixed"},{"type":"image","data":"AQID","mimeType":"image/png"},{"type":"audio","data":"UklG","mimeType":"audio/wav"},"""
            + """{"type":"resource","resource":{"uri":"test://text","mimeType":"text/plain","text":"hello"}},{"type":"resource_link","uri":"test://bin","name":"bin","mimeType":"image/png"}]}}""",
            harness.Single("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"content"}}"""));
    }

    [TestMethod]
    public async Task SamplingAsksTheClientAndUsesItsAnswer()
    {
        var harness = new FeatureHarness("""{"sampling":{}}""");
        harness.Handle("""{"jsonrpc":"2.0","id":"call","method":"tools/call","params":{"name":"sample"}}""");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"method":"sampling/createMessage","params":{"messages":[{"role":"user","content":{"type":"text","text":"hi"}}],"maxTokens":100}}""",
            await harness.Sink.NextAsync());
        harness.Handle("""{"jsonrpc":"2.0","id":1,"result":{"role":"assistant","content":{"type":"text","text":"hello"},"model":"m1","stopReason":"endTurn"}}""");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":"call","result":{"content":[{"type":"text","text":"LLM said: hello (m1, endTurn)"}]}}""",
            await harness.Sink.NextAsync());
    }

    [TestMethod]
    public async Task AnErrorAnswerToSamplingIsAToolError()
    {
        var harness = new FeatureHarness("""{"sampling":{}}""");
        harness.Handle("""{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"sample"}}""");
        await harness.Sink.NextAsync();
        harness.Handle("""{"jsonrpc":"2.0","id":1,"error":{"code":-1,"message":"User rejected sampling request"}}""");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":5,"result":{"content":[{"type":"text","text":"The client answered with an error: User rejected sampling request (-1)"}],"isError":true}}""",
            await harness.Sink.NextAsync());
    }

    [TestMethod]
    public async Task AClientThatDoesNotAnswerInTimeIsToldToStop()
    {
        var server = new FeatureServer { SampleTimeout = TimeSpan.FromMilliseconds(50) };
        var harness = new FeatureHarness("""{"sampling":{}}""", server);
        harness.Handle("""{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"sample"}}""");
        StringAssert.StartsWith(await harness.Sink.NextAsync(), """{"jsonrpc":"2.0","id":1,"method":"sampling/createMessage""");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1,"reason":"timed out"}}""",
            await harness.Sink.NextAsync());
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":5,"result":{"content":[{"type":"text","text":"The client did not answer sampling/createMessage within 0.05 s"}],"isError":true}}""",
            await harness.Sink.NextAsync());

        // A late answer is to nothing of ours any more: dropped.
        harness.Handle("""{"jsonrpc":"2.0","id":1,"result":{"role":"assistant","content":{"type":"text","text":"late"}}}""");
        Assert.IsEmpty(harness.Sink.TakeAll());
    }

    [TestMethod]
    public void WithoutTheCapabilitySamplingAndElicitationAreToolErrors()
    {
        var harness = new FeatureHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"The client did not declare the sampling capability, so it cannot be asked to sample"}],"isError":true}}""",
            harness.Single("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"sample"}}"""));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"The client did not declare the elicitation capability, so it cannot be asked for input"}],"isError":true}}""",
            harness.Single("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"elicit"}}"""));
    }

    [TestMethod]
    public async Task RootsAreAskedWithRootsListAndAMalformedAnswerIsTheToolsError()
    {
        var harness = new FeatureHarness("""{"roots":{"listChanged":true}}""");
        harness.Handle("""{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"roots"}}""");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":1,"method":"roots/list","params":{}}""", await harness.Sink.NextAsync());
        harness.Handle("""{"jsonrpc":"2.0","id":1,"result":{"roots":[{"uri":"file:///work","name":"work"},{"uri":"file:///tmp"}]}}""");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":9,"result":{"content":[{"type":"text","text":"file:///work (work), file:///tmp (no name)"}]}}""",
            await harness.Sink.NextAsync());

        harness.Handle("""{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"roots"}}""");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":2,"method":"roots/list","params":{}}""", await harness.Sink.NextAsync());
        harness.Handle("""{"jsonrpc":"2.0","id":2,"result":{"roots":[{"name":"no uri"}]}}""");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":10,"result":{"content":[{"type":"text","text":"A root in the client's answer to roots/list has no string \"uri\""}],"isError":true}}""",
            await harness.Sink.NextAsync());

        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":11,"result":{"content":[{"type":"text","text":"The client did not declare the roots capability, so it cannot be asked for its roots"}],"isError":true}}""",
            new FeatureHarness().Single("""{"jsonrpc":"2.0","id":11,"method":"tools/call","params":{"name":"roots"}}"""));
    }

    [TestMethod]
    public async Task ElicitationSendsTheSchemaUnchangedAndReturnsTheContent()
    {
        var harness = new FeatureHarness("""{"elicitation":{"form":{}}}""");
        harness.Handle("""{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"elicit"}}""");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"method":"elicitation/create","params":{"message":"Your name?","requestedSchema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}}""",
            await harness.Sink.NextAsync());
        harness.Handle("""{"jsonrpc":"2.0","id":1,"result":{"action":"accept","content":{"name":"Ada"}}}""");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":9,"result":{"content":[{"type":"text","text":"action=accept, content={\"name\":\"Ada\"}"}]}}""",
            await harness.Sink.NextAsync());
    }

    [TestMethod]
    public async Task CancellingTheCallCancelsItsRequestToTheClient()
    {
        var harness = new FeatureHarness("""{"sampling":{}}""");
        harness.Handle("""{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"sample"}}""");
        await harness.Sink.NextAsync();
        harness.Handle("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":5}}""");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1,"reason":"the request that sent it was cancelled"}}""",
            await harness.Sink.NextAsync());
        Assert.IsTrue(await harness.Session.DrainAsync(TestTimeouts.Wait));
        Assert.IsEmpty(harness.Sink.TakeAll());
    }

    [TestMethod]
    public async Task TheEndOfTheSessionFailsAWaitingRequest()
    {
        var harness = new FeatureHarness("""{"sampling":{}}""");
        harness.Handle("""{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"sample"}}""");
        await harness.Sink.NextAsync();
        harness.Session.End();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":5,"result":{"content":[{"type":"text","text":"The session ended before the client answered"}],"isError":true}}""",
            await harness.Sink.NextAsync());
    }

    [TestMethod]
    public void AResponseToNothingOfOursIsDropped()
    {
        var harness = new FeatureHarness();
        harness.Handle("""{"jsonrpc":"2.0","id":77,"result":{}}""");
        harness.Handle("""{"jsonrpc":"2.0","id":"x","error":{"code":1,"message":"m"}}""");
        Assert.IsEmpty(harness.Sink.TakeAll());
        Assert.AreEqual("""{"jsonrpc":"2.0","id":1,"result":{}}""", harness.Single("""{"jsonrpc":"2.0","id":1,"method":"ping"}"""));
    }

    [TestMethod]
    public void ToolsArePagedLikeEveryList()
    {
        var harness = new FeatureHarness();
        var page = harness.Single("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""");
        StringAssert.EndsWith(page, """{"name":"sample","inputSchema":{"type":"object","properties":{}}}],"nextCursor":"b2Zmc2V0OjI="}}""");
        var last = harness.Single("""{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{"cursor":"b2Zmc2V0OjQ="}}""");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":2,"result":{"tools":[{"name":"notify","inputSchema":{"type":"object","properties":{}}}]}}""", last);
        _ = Encoding.UTF8;
    }
}
