using PForge.Runtime.Tests.Support;

namespace PForge.Runtime.Tests;

/// <summary>Calls that outlive the message that started them: answered later, cancelled, or drained at shutdown.</summary>
[TestClass]
public sealed class CancellationTests
{
    private const string SlowCall = """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"slow","arguments":{}}}""";

    [TestMethod]
    public async Task CancellingARunningCallCancelsItsTokenAndSendsNoResponse()
    {
        var harness = SessionHarness.Initialized();
        harness.None(SlowCall);
        await harness.Server.ExpectEventAsync("slow:started");

        // Other requests are answered while the call runs.
        Assert.AreEqual("""{"jsonrpc":"2.0","id":2,"result":{}}""", harness.Single("""{"jsonrpc":"2.0","id":2,"method":"ping"}"""));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":3,"result":{"content":[{"type":"text","text":"meanwhile"}]}}""",
            harness.Single("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"text":"meanwhile"}}}"""));

        harness.None("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1,"reason":"user pressed stop"}}""");
        await harness.Server.ExpectEventAsync("slow:cancelled");

        Assert.IsTrue(await harness.Session.DrainAsync(TestTimeouts.Wait));
        Assert.AreEqual("""{"jsonrpc":"2.0","id":4,"result":{}}""", harness.Single("""{"jsonrpc":"2.0","id":4,"method":"ping"}"""));
        Assert.IsEmpty(harness.Sink.TakeAll());
    }

    [TestMethod]
    public async Task AStringIdIsMatchedByItsUnescapedText()
    {
        var harness = SessionHarness.Initialized();
        harness.None("""{"jsonrpc":"2.0","id":"call-é","method":"tools/call","params":{"name":"slow"}}""");
        await harness.Server.ExpectEventAsync("slow:started");
        harness.None("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"c\u0061ll-\u00e9"}}""");
        await harness.Server.ExpectEventAsync("slow:cancelled");
        Assert.IsTrue(await harness.Session.DrainAsync(TestTimeouts.Wait));
        Assert.IsEmpty(harness.Sink.TakeAll());
    }

    [TestMethod]
    [DataRow("2")]
    [DataRow("\"1\"")]
    [DataRow("null")]
    [DataRow("1.5")]
    [DataRow("{\"id\":1}")]
    public async Task CancellingAnotherIdLeavesTheCallRunning(string requestId)
    {
        var harness = SessionHarness.Initialized();
        harness.None("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"gate","arguments":{"key":"k"}}}""");
        await harness.Server.ExpectEventAsync("gate:k:started");
        harness.None($$$"""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":{{{requestId}}}}}""");
        harness.Server.Open("k");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"opened k"}]}}""",
            await harness.Sink.NextAsync());
    }

    [TestMethod]
    public async Task ACallThatFinishesAfterItsCancellationSendsNothing()
    {
        // The gate tool ignores its token: the response is dropped all the same, as the client no longer expects one.
        var harness = SessionHarness.Initialized();
        harness.None("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"gate","arguments":{"key":"k"}}}""");
        await harness.Server.ExpectEventAsync("gate:k:started");
        harness.None("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}""");
        harness.Server.Open("k");
        Assert.IsTrue(await harness.Session.DrainAsync(TestTimeouts.Wait));
        Assert.IsEmpty(harness.Sink.TakeAll());
    }

    [TestMethod]
    public async Task CancellingAFinishedCallIsIgnored()
    {
        var harness = SessionHarness.Initialized();
        harness.None("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"gate","arguments":{"key":"k"}}}""");
        harness.Server.Open("k");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"opened k"}]}}""",
            await harness.Sink.NextAsync());
        harness.None("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}""");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"x"}]}}""",
            harness.Single("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"text":"x"}}}"""));
    }

    [TestMethod]
    public async Task PipelinedCallsAreAnsweredAsEachFinishes()
    {
        var harness = SessionHarness.Initialized();
        harness.None("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"gate","arguments":{"key":"a"}}}""");
        harness.None("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"gate","arguments":{"key":"b"}}}""");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":3,"result":{"content":[{"type":"text","text":"sync"}]}}""",
            harness.Single("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"text":"sync"}}}"""));

        harness.Server.Open("b");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"opened b"}]}}""", await harness.Sink.NextAsync());
        harness.Server.Open("a");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"opened a"}]}}""", await harness.Sink.NextAsync());
        Assert.IsTrue(await harness.Session.DrainAsync(TestTimeouts.Wait));
        Assert.IsEmpty(harness.Sink.TakeAll());
    }

    [TestMethod]
    public async Task DrainCancelsRunningCallsAndWaitsForThem()
    {
        var harness = SessionHarness.Initialized();
        harness.None(SlowCall);
        harness.None("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"slow"}}""");
        Assert.IsTrue(await harness.Session.DrainAsync(TestTimeouts.Wait));
        await harness.Server.ExpectEventAsync("slow:started");
        await harness.Server.ExpectEventAsync("slow:started");
        await harness.Server.ExpectEventAsync("slow:cancelled");
        await harness.Server.ExpectEventAsync("slow:cancelled");
        Assert.IsEmpty(harness.Sink.TakeAll());
    }

    [TestMethod]
    public async Task DrainGivesUpOnACallThatIgnoresCancellation()
    {
        var harness = SessionHarness.Initialized();
        harness.None("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"gate","arguments":{"key":"stuck"}}}""");
        Assert.IsFalse(await harness.Session.DrainAsync(TimeSpan.FromMilliseconds(50)));
        harness.Server.Open("stuck");
        Assert.IsTrue(await harness.Session.DrainAsync(TestTimeouts.Wait));
        Assert.IsEmpty(harness.Sink.TakeAll());
    }

    [TestMethod]
    public async Task DrainWithNothingRunningReturnsAtOnce()
    {
        var harness = SessionHarness.Initialized();
        Assert.IsTrue(await harness.Session.DrainAsync(TimeSpan.Zero));
    }

    [TestMethod]
    public async Task ACancellationCallbackThatThrowsDoesNotEndTheSession()
    {
        var log = new StringWriter();
        var harness = SessionHarness.Initialized(log: log);
        harness.None("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"trap"}}""");
        await harness.Server.ExpectEventAsync("trap:started");
        harness.None("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}""");
        await harness.Server.ExpectEventAsync("trap:cancelled");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":2,"result":{}}""", harness.Single("""{"jsonrpc":"2.0","id":2,"method":"ping"}"""));
        Assert.IsTrue(await harness.Session.DrainAsync(TestTimeouts.Wait));
        Assert.IsEmpty(harness.Sink.TakeAll());
        StringAssert.Contains(log.ToString(), "pforge error: a cancellation callback of a tool call failed: System.AggregateException");
        StringAssert.Contains(log.ToString(), "the callback threw");
    }

    [TestMethod]
    public async Task DrainCancelsEveryCallEvenWhenACallbackThrows()
    {
        var harness = SessionHarness.Initialized();
        harness.None("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"trap"}}""");
        await harness.Server.ExpectEventAsync("trap:started");
        harness.None("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"trap"}}""");
        await harness.Server.ExpectEventAsync("trap:started");
        Assert.IsTrue(await harness.Session.DrainAsync(TestTimeouts.Wait));
        await harness.Server.ExpectEventAsync("trap:cancelled");
        await harness.Server.ExpectEventAsync("trap:cancelled");
        Assert.IsEmpty(harness.Sink.TakeAll());
    }

    [TestMethod]
    [DataRow("1", "1")]
    [DataRow("\"k-1\"", "\\\"k-1\\\"")]
    public async Task AnIdInUseByARunningCallIsRefused(string id, string idInMessage)
    {
        var harness = SessionHarness.Initialized();
        harness.None($$$$"""{"jsonrpc":"2.0","id":{{{{id}}}},"method":"tools/call","params":{"name":"gate","arguments":{"key":"a"}}}""");
        await harness.Server.ExpectEventAsync("gate:a:started");

        var inUse = $$$"""{"jsonrpc":"2.0","id":{{{id}}},"error":{"code":-32600,"message":"Invalid request: id {{{idInMessage}}} is already in use by a running request"}}""";
        Assert.AreEqual(inUse, harness.Single($$$$"""{"jsonrpc":"2.0","id":{{{{id}}}},"method":"tools/call","params":{"name":"gate","arguments":{"key":"b"}}}"""));
        Assert.AreEqual(inUse, harness.Single($$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":"ping"}"""));

        // The refused call never started: the next call's start is the next event.
        harness.None("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"gate","arguments":{"key":"c"}}}""");
        await harness.Server.ExpectEventAsync("gate:c:started");

        // The id still names the first call, and is free again once that call ends.
        harness.None($$$"""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":{{{id}}}}}""");
        harness.Server.Open("a");
        harness.Server.Open("c");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"opened c"}]}}""", await harness.Sink.NextAsync());
        Assert.IsTrue(await harness.Session.DrainAsync(TestTimeouts.Wait));
        Assert.IsEmpty(harness.Sink.TakeAll());
        Assert.AreEqual($$$"""{"jsonrpc":"2.0","id":{{{id}}},"result":{}}""", harness.Single($$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":"ping"}"""));
    }

    [TestMethod]
    public async Task TheLogSaysWhetherTheClientOrTheShutdownCancelledACall()
    {
        var log = new StringWriter();
        var harness = SessionHarness.Initialized(log: log);
        harness.None("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"slow"}}""");
        harness.None("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"slow"}}""");
        harness.None("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}""");
        Assert.IsTrue(await harness.Session.DrainAsync(TestTimeouts.Wait));
        Assert.IsEmpty(harness.Sink.TakeAll());
        var text = log.ToString();
        StringAssert.Contains(text, "pforge debug: call 1 cancelled by the client; response dropped");
        StringAssert.Contains(text, "pforge debug: call 2 cancelled at shutdown; response dropped");
        Assert.IsFalse(text.Contains("call 2 cancelled by the client", StringComparison.Ordinal), text);
    }
}
