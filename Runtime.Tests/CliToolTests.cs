using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using PForge.Runtime.Tests.Support;

namespace PForge.Runtime.Tests;

/// <summary>
/// A <c>cli</c> tool through a session, as generated code runs it: streamed lines as progress, the client's
/// cancellation killing the process tree, and lines logged when the client asked for no progress.
/// </summary>
[TestClass]
[SupportedOSPlatform("linux")]
public sealed class CliToolTests
{
    [TestMethod]
    public async Task ACliToolAnswersWithStdoutAndStructuredContent()
    {
        var harness = SessionHarness.Initialized();
        harness.Post(Call(1, new JsonObject { ["command"] = "/bin/echo", ["args"] = new JsonArray("-n", "$(id)", "`id`") }));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"$(id) `id`"}],"structuredContent":{"stdout":"$(id) `id`","stderr":"","exit_code":0}}}""",
            await harness.Sink.NextAsync());
    }

    [TestMethod]
    public async Task StreamedLinesBecomeProgressBeforeTheResponse()
    {
        var harness = SessionHarness.Initialized();
        harness.Post(Call(
            1,
            new JsonObject { ["command"] = "/usr/bin/printf", ["args"] = new JsonArray("%s\\n", "one", "two words", "three"), ["stream"] = true },
            """{"progressToken":"t1"}"""));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"t1","progress":1,"message":"one"}}""",
            await harness.Sink.NextAsync());
        Assert.AreEqual(
            """{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"t1","progress":2,"message":"two words"}}""",
            await harness.Sink.NextAsync());
        Assert.AreEqual(
            """{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"t1","progress":3,"message":"three"}}""",
            await harness.Sink.NextAsync());
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"one\ntwo words\nthree\n"}],"structuredContent":{"stdout":"one\ntwo words\nthree\n","stderr":"","exit_code":0}}}""",
            await harness.Sink.NextAsync());
        Assert.IsTrue(await harness.Session.DrainAsync(TestTimeouts.Wait));
        Assert.IsEmpty(harness.Sink.TakeAll());
    }

    [TestMethod]
    public async Task EachLineIsReportedWhileTheProcessRuns()
    {
        // The second line only comes once the test has seen the first: the first was sent while the process ran.
        var gate = Path.Combine(Path.GetTempPath(), "pforge-stream-gate-" + Guid.NewGuid().ToString("N"));
        var harness = SessionHarness.Initialized();
        harness.Post(Call(
            7,
            new JsonObject
            {
                ["command"] = "/bin/sh",
                ["args"] = new JsonArray("-c", "printf 'first\\r\\n'; while [ ! -e \"$GATE\" ]; do sleep 0.02; done; printf 'second (no newline)'"),
                ["env"] = new JsonObject { ["GATE"] = gate },
                ["stream"] = true,
            },
            """{"progressToken":42}"""));
        try
        {
            Assert.AreEqual(
                """{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":42,"progress":1,"message":"first"}}""",
                await harness.Sink.NextAsync());
            await File.WriteAllTextAsync(gate, "open");
            Assert.AreEqual(
                """{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":42,"progress":2,"message":"second (no newline)"}}""",
                await harness.Sink.NextAsync());
            Assert.AreEqual(
                """{"jsonrpc":"2.0","id":7,"result":{"content":[{"type":"text","text":"first\r\nsecond (no newline)"}],"structuredContent":{"stdout":"first\r\nsecond (no newline)","stderr":"","exit_code":0}}}""",
                await harness.Sink.NextAsync());
        }
        finally
        {
            File.Delete(gate);
        }
    }

    [TestMethod]
    public async Task WithoutAProgressTokenStreamedLinesAreLogMessagesToTheClient()
    {
        var harness = SessionHarness.Initialized();
        harness.Post(Call(1, new JsonObject { ["command"] = "/usr/bin/printf", ["args"] = new JsonArray("%s\\n", "alpha", "beta"), ["stream"] = true }));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","logger":"/usr/bin/printf","data":"alpha"}}""",
            await harness.Sink.NextAsync());
        Assert.AreEqual(
            """{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","logger":"/usr/bin/printf","data":"beta"}}""",
            await harness.Sink.NextAsync());
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"alpha\nbeta\n"}],"structuredContent":{"stdout":"alpha\nbeta\n","stderr":"","exit_code":0}}}""",
            await harness.Sink.NextAsync());
        Assert.IsEmpty(harness.Sink.TakeAll());
    }

    [TestMethod]
    public async Task StreamedLinesBelowTheClientsLogLevelAreNotSent()
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual("""{"jsonrpc":"2.0","id":0,"result":{}}""", harness.Single("""{"jsonrpc":"2.0","id":0,"method":"logging/setLevel","params":{"level":"warning"}}"""));
        harness.Post(Call(1, new JsonObject { ["command"] = "/usr/bin/printf", ["args"] = new JsonArray("%s\\n", "alpha"), ["stream"] = true }));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"alpha\n"}],"structuredContent":{"stdout":"alpha\n","stderr":"","exit_code":0}}}""",
            await harness.Sink.NextAsync());
        Assert.IsEmpty(harness.Sink.TakeAll());
    }

    [TestMethod]
    public async Task WithoutStreamNoProgressIsSentEvenWithAToken()
    {
        var harness = SessionHarness.Initialized();
        harness.Post(Call(1, new JsonObject { ["command"] = "/usr/bin/printf", ["args"] = new JsonArray("%s\\n", "a", "b") }, """{"progressToken":"t1"}"""));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"a\nb\n"}],"structuredContent":{"stdout":"a\nb\n","stderr":"","exit_code":0}}}""",
            await harness.Sink.NextAsync());
    }

    [TestMethod]
    public async Task TheClientsCancellationKillsTheProcessTreeAndSendsNothing()
    {
        var marker = CliRunnerTests.NewMarker();
        var harness = SessionHarness.Initialized();
        harness.None(Call(
            3,
            new JsonObject { ["command"] = "/bin/sh", ["args"] = new JsonArray("-c", $"sleep {marker} & sleep {marker}; wait"), ["timeout_ms"] = 300_000 }));
        await CliRunnerTests.WaitUntilAsync(() => CliRunnerTests.ProcessesWith(marker).Count == 3, $"three processes with {marker}");
        harness.None("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":3,"reason":"stop"}}""");
        Assert.IsTrue(await harness.Session.DrainAsync(TestTimeouts.Wait));
        Assert.IsEmpty(harness.Sink.TakeAll());
        await CliRunnerTests.WaitUntilAsync(() => CliRunnerTests.ProcessesWith(marker).Count == 0, $"no process with {marker} left");
    }

    [TestMethod]
    public async Task TheEndOfTheSessionKillsARunningProcessTree()
    {
        var marker = CliRunnerTests.NewMarker();
        var harness = SessionHarness.Initialized();
        harness.None(Call(
            3,
            new JsonObject { ["command"] = "/bin/sh", ["args"] = new JsonArray("-c", $"sleep {marker} & sleep {marker}; wait"), ["timeout_ms"] = 300_000 }));
        await CliRunnerTests.WaitUntilAsync(() => CliRunnerTests.ProcessesWith(marker).Count == 3, $"three processes with {marker}");
        Assert.IsTrue(await harness.Session.DrainAsync(TestTimeouts.Wait));
        Assert.IsEmpty(harness.Sink.TakeAll());
        await CliRunnerTests.WaitUntilAsync(() => CliRunnerTests.ProcessesWith(marker).Count == 0, $"no process with {marker} left");
    }

    [TestMethod]
    public async Task ATimeoutIsAnErrorResult()
    {
        var harness = SessionHarness.Initialized();
        harness.Post(Call(5, new JsonObject { ["command"] = "/bin/sleep", ["args"] = new JsonArray("5"), ["timeout_ms"] = 200 }));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":5,"result":{"content":[{"type":"text","text":"Command '/bin/sleep' timed out after 200 ms; its process tree was killed"}],"isError":true}}""",
            await harness.Sink.NextAsync());
    }

    private static string Call(int id, JsonObject arguments, string? meta = null)
    {
        var parameters = new JsonObject { ["name"] = "cli", ["arguments"] = arguments };
        if (meta is not null)
        {
            parameters["_meta"] = JsonNode.Parse(meta);
        }

        return new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = "tools/call", ["params"] = parameters }.ToJsonString();
    }
}
