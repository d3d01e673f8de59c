using PForge.Runtime.Tests.Support;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Tests;

/// <summary><c>notifications/progress</c> for a call whose client sent <c>params._meta.progressToken</c>.</summary>
[TestClass]
public sealed class ProgressTests
{
    [TestMethod]
    public void ProgressIsSentWithTheTokenBeforeTheResponseAndOnlyWhenItIncreases()
    {
        var harness = SessionHarness.Initialized();
        var messages = harness.Handle(
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"progress","arguments":{"values":[1,1,0.5,2,3],"total":3,"messages":true},"_meta":{"progressToken":"t1"}}}""");
        CollectionAssert.AreEqual(
            new[]
            {
                """{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"t1","progress":1,"total":3,"message":"at 1"}}""",
                """{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"t1","progress":2,"total":3,"message":"at 2"}}""",
                """{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"t1","progress":3,"total":3,"message":"at 3"}}""",
                """{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"can report: yes"}]}}""",
            },
            messages,
            string.Join("\n", messages));
    }

    [TestMethod]
    public void TotalAndMessageAreLeftOutWhenNotGiven()
    {
        var harness = SessionHarness.Initialized();
        var messages = harness.Handle(
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"_meta":{"other":[1,{"a":2}],"progressToken":"t1"},"name":"progress","arguments":{"values":[0.25,"NaN","Infinity",0.5]}}}""");
        CollectionAssert.AreEqual(
            new[]
            {
                """{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"t1","progress":0.25}}""",
                """{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"t1","progress":0.5}}""",
                """{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"can report: yes"}]}}""",
            },
            messages,
            string.Join("\n", messages));
    }

    [TestMethod]
    public async Task ANonFiniteTotalIsLeftOut()
    {
        var harness = SessionHarness.Initialized();
        harness.None("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"progress","arguments":{"values":[],"key":"k"},"_meta":{"progressToken":5}}}""");
        await harness.Server.ExpectEventAsync("progress:k:started");
        var context = harness.Server.LastContext!;
        context.ReportProgress(1, double.PositiveInfinity);
        context.ReportProgress(2, double.NaN, "two");
        CollectionAssert.AreEqual(
            new[]
            {
                """{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":5,"progress":1}}""",
                """{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":5,"progress":2,"message":"two"}}""",
            },
            harness.Sink.TakeAll());
        harness.Server.Open("k");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"can report: yes"}]}}""",
            await harness.Sink.NextAsync());
    }

    [TestMethod]
    [DataRow("7", "7")]
    [DataRow("-3", "-3")]
    [DataRow("0", "0")]
    [DataRow("\"\"", "\"\"")]
    [DataRow("\"t\\u0031 é\"", "\"t\\u0031 é\"")]
    public void TheTokenIsSentBackAsSent(string token, string sent)
    {
        var harness = SessionHarness.Initialized();
        var messages = harness.Handle(
            $$$$"""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"progress","arguments":{"values":[1]},"_meta":{"progressToken":{{{{token}}}}}}}""");
        Assert.AreEqual(
            $$$$"""{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":{{{{sent}}}},"progress":1}}""",
            messages[0]);
        Assert.HasCount(2, messages);
    }

    [TestMethod]
    [DataRow("""{"progressToken":null}""")]
    [DataRow("""{"progressToken":1.5}""")]
    [DataRow("""{"progressToken":1e3}""")]
    [DataRow("""{"progressToken":99999999999999999999}""")]
    [DataRow("""{"progressToken":true}""")]
    [DataRow("""{"progressToken":{"id":1}}""")]
    [DataRow("""{"progressToken":["t"]}""")]
    [DataRow("""{"progressToken":"\ud800"}""")]
    [DataRow("""{"progressToken":"t1","progressToken":"t2"}""")]
    [DataRow("""{"progresstoken":"t1"}""")]
    [DataRow("""{}""")]
    [DataRow("""null""")]
    [DataRow("""["t1"]""")]
    [DataRow("\"t1\"")]
    public void AnythingButAStringOrIntegerTokenIsIgnored(string meta)
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"can report: no"}]}}""",
            harness.Single(
                $$$$"""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"progress","arguments":{"values":[1,2]},"_meta":{{{{meta}}}}}}"""));
    }

    [TestMethod]
    public void ATokenInTwoMetaObjectsIsIgnored()
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"can report: no"}]}}""",
            harness.Single(
                """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"_meta":{"progressToken":"a"},"name":"progress","arguments":{"values":[1]},"_meta":{"progressToken":"b"}}}"""));
    }

    [TestMethod]
    public void ACallWithoutATokenSendsNoProgress()
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"can report: no"}]}}""",
            harness.Single("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"progress","arguments":{"values":[1,2]}}}"""));
    }

    [TestMethod]
    public void NothingIsSentAfterTheCallHasEnded()
    {
        var harness = SessionHarness.Initialized();
        Assert.HasCount(2, harness.Handle(
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"progress","arguments":{"values":[1]},"_meta":{"progressToken":"t1"}}}"""));
        var context = harness.Server.LastContext!;
        Assert.IsTrue(context.CanReportProgress);
        context.ReportProgress(10, 10, "late");
        Assert.IsEmpty(harness.Sink.TakeAll());
    }

    [TestMethod]
    public async Task AnAsynchronousCallReportsWhileItRunsAndNothingAfterItsResponse()
    {
        var harness = SessionHarness.Initialized();
        harness.Post(
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"progress","arguments":{"values":[1],"key":"k"},"_meta":{"progressToken":"t1"}}}""");
        await harness.Server.ExpectEventAsync("progress:k:started");
        var context = harness.Server.LastContext!;
        context.ReportProgress(2, message: "from another thread");
        harness.Server.Open("k");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"t1","progress":1}}""",
            await harness.Sink.NextAsync());
        Assert.AreEqual(
            """{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"t1","progress":2,"message":"from another thread"}}""",
            await harness.Sink.NextAsync());
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"can report: yes"}]}}""",
            await harness.Sink.NextAsync());
        context.ReportProgress(3);
        Assert.IsTrue(await harness.Session.DrainAsync(TestTimeouts.Wait));
        Assert.IsEmpty(harness.Sink.TakeAll());
    }

    [TestMethod]
    public async Task NothingIsSentAfterTheCallWasCancelled()
    {
        var harness = SessionHarness.Initialized();
        harness.None(
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"progress","arguments":{"values":[],"key":"k"},"_meta":{"progressToken":"t1"}}}""");
        await harness.Server.ExpectEventAsync("progress:k:started");
        var context = harness.Server.LastContext!;
        harness.None("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}""");
        context.ReportProgress(1, message: "after the cancellation");
        harness.Server.Open("k");
        Assert.IsTrue(await harness.Session.DrainAsync(TestTimeouts.Wait));
        Assert.IsEmpty(harness.Sink.TakeAll());
    }

    [TestMethod]
    public void AContextOutsideASessionReportsNowhere()
    {
        var context = new ToolContext();
        Assert.IsFalse(context.CanReportProgress);
        context.ReportProgress(1, 2, "nowhere");
        _ = context.CancellationToken;
        context.ReportProgress(2);
        Assert.IsFalse(context.CanReportProgress);
    }

    [TestMethod]
    public async Task TheCancellationTokenKeepsProgressWorking()
    {
        // The context's one field moves from the channel to the cancellation source; progress must still reach it.
        var harness = SessionHarness.Initialized();
        harness.None(
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"progress","arguments":{"values":[],"key":"k"},"_meta":{"progressToken":"t1"}}}""");
        await harness.Server.ExpectEventAsync("progress:k:started");
        var context = harness.Server.LastContext!;
        var token = context.CancellationToken;
        Assert.IsTrue(context.CanReportProgress);
        context.ReportProgress(1);
        Assert.AreEqual(
            """{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"t1","progress":1}}""",
            await harness.Sink.NextAsync());
        harness.None("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}""");
        Assert.IsTrue(token.IsCancellationRequested);
        context.ReportProgress(2);
        harness.Server.Open("k");
        Assert.IsTrue(await harness.Session.DrainAsync(TestTimeouts.Wait));
        Assert.IsEmpty(harness.Sink.TakeAll());
    }
}
