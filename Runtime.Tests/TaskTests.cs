using System.Text.Json;
using System.Text.RegularExpressions;
using PForge.Runtime.Tests.Support;

namespace PForge.Runtime.Tests;

/// <summary>
/// The Tasks extension on a session: a tool declared <c>task: true</c> (test-server.yaml's <c>gate</c> and <c>slow</c>)
/// answers a client that declares the extension with a task handle; <c>tasks/get</c> polls it, <c>tasks/cancel</c> stops it.
/// </summary>
[TestClass]
public sealed partial class TaskTests
{
    internal const string Meta =
        "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}}";

    [TestMethod]
    public async Task ATaskIsCreatedPolledAndCompleted()
    {
        var harness = new SessionHarness();
        var created = harness.Single(Call(1, "gate", """{"key":"t1"}"""));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"resultType":"task","taskId":"ID","status":"working","createdAt":"T","lastUpdatedAt":"T","ttlMs":3600000,"pollIntervalMs":500}}""",
            Normalize(created));
        var id = TaskId(created);
        await harness.Server.ExpectEventAsync("gate:t1:started");

        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"result":{"resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"test-server","version":"1.2.3"}},"taskId":"ID","status":"working","createdAt":"T","lastUpdatedAt":"T","ttlMs":3600000,"pollIntervalMs":500}}""",
            Normalize(harness.Single(Get(2, id))));

        harness.Server.Open("t1");
        var done = await PollAsync(harness, id, "completed");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":9,"result":{"resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"test-server","version":"1.2.3"}},"taskId":"ID","status":"completed","createdAt":"T","lastUpdatedAt":"T","ttlMs":3600000,"pollIntervalMs":500,"result":{"content":[{"type":"text","text":"opened t1"}]}}}""",
            Normalize(done));
    }

    [TestMethod]
    public async Task ATaskIsCancelledAndSaysSo()
    {
        var harness = new SessionHarness();
        var id = TaskId(harness.Single(Call(1, "slow", "{}")));
        await harness.Server.ExpectEventAsync("slow:started");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"result":{"resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"test-server","version":"1.2.3"}}}}""",
            harness.Single($$$"""{"jsonrpc":"2.0","id":2,"method":"tasks/cancel","params":{"taskId":"{{{id}}}",{{{Meta}}}}}"""));
        await harness.Server.ExpectEventAsync("slow:cancelled");
        StringAssert.Contains(await PollAsync(harness, id, "cancelled"), "\"status\":\"cancelled\",\"statusMessage\":\"Cancelled by the client\"");

        // Cancelling a task that has ended is acknowledged, and changes nothing.
        StringAssert.StartsWith(harness.Single($$$"""{"jsonrpc":"2.0","id":3,"method":"tasks/cancel","params":{"taskId":"{{{id}}}",{{{Meta}}}}}"""), """{"jsonrpc":"2.0","id":3,"result":{"resultType":"complete",""");
        StringAssert.Contains(await PollAsync(harness, id, "cancelled"), "\"status\":\"cancelled\"");
    }

    [TestMethod]
    public async Task AClientWithoutTheExtensionGetsTheResultInline()
    {
        var harness = new SessionHarness();
        harness.None("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"gate","arguments":{"key":"t3"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""");
        await harness.Server.ExpectEventAsync("gate:t3:started");
        harness.Server.Open("t3");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"test-server","version":"1.2.3"}},"content":[{"type":"text","text":"opened t3"}]}}""",
            await harness.Sink.NextAsync());
        Assert.AreEqual(0, harness.Server.Tasks.RunningCount);
    }

    [TestMethod]
    public void AToolThatIsNoTaskAnswersInlineEvenToAClientWithTheExtension()
    {
        var harness = new SessionHarness();
        StringAssert.StartsWith(harness.Single(Call(1, "echo", """{"text":"x"}""")), """{"jsonrpc":"2.0","id":1,"result":{"resultType":"complete",""");
    }

    [TestMethod]
    [DataRow("tasks/get", "\"taskId\":\"0123456789abcdef0123456789abcdef\",", "Invalid params: no task '0123456789abcdef0123456789abcdef' (unknown, or its record expired)")]
    [DataRow("tasks/get", "\"taskId\":\"../etc\",", "Invalid params: no task '../etc' (unknown, or its record expired)")]
    [DataRow("tasks/cancel", "\"taskId\":\"nope\",", "Invalid params: no task 'nope' (unknown, or its record expired)")]
    [DataRow("tasks/update", "\"taskId\":\"nope\",\"inputResponses\":{},", "Invalid params: no task 'nope' (unknown, or its record expired)")]
    [DataRow("tasks/get", "\"taskId\":7,", "Invalid params: tasks/get needs \\\"taskId\\\" (a string)")]
    [DataRow("tasks/cancel", "", "Invalid params: tasks/cancel needs \\\"taskId\\\" (a string)")]
    public void AnUnknownOrMissingTaskIsInvalidParams(string method, string members, string message)
    {
        var harness = new SessionHarness();
        Assert.AreEqual(
            $$$"""{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"{{{message}}}"}}""",
            harness.Single($"{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"{method}\",\"params\":{{{members}{Meta}}}}}"));
    }

    [TestMethod]
    [DataRow("tasks/get")]
    [DataRow("tasks/cancel")]
    [DataRow("tasks/update")]
    public void TaskMethodsNeedTheExtensionDeclared(string method)
    {
        var harness = new SessionHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32021,"message":"Missing required client capability: METHOD needs the io.modelcontextprotocol/tasks extension in the request's clientCapabilities.extensions","data":{"requiredCapabilities":{"extensions":{"io.modelcontextprotocol/tasks":{}}}}}}""".Replace("METHOD", method, StringComparison.Ordinal),
            harness.Single("""{"jsonrpc":"2.0","id":1,"method":"METHOD","params":{"taskId":"0123456789abcdef0123456789abcdef","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""".Replace("METHOD", method, StringComparison.Ordinal)));
    }

    internal static string Call(int id, string tool, string arguments) =>
        $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"tools/call\",\"params\":{{\"name\":\"{tool}\",\"arguments\":{arguments},{Meta}}}}}";

    internal static string Get(int id, string taskId) =>
        $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"tasks/get\",\"params\":{{\"taskId\":\"{taskId}\",{Meta}}}}}";

    internal static string TaskId(string created)
    {
        using var document = JsonDocument.Parse(created);
        return document.RootElement.GetProperty("result").GetProperty("taskId").GetString()!;
    }

    /// <summary>The task id and timestamps replaced, so that the rest is compared exactly.</summary>
    internal static string Normalize(string message) =>
        Timestamp().Replace(Id().Replace(message, "\"taskId\":\"ID\""), "\"T\"");

    /// <summary>Polls tasks/get (as id 9) until the task has <paramref name="status"/>; returns that answer.</summary>
    private static async Task<string> PollAsync(SessionHarness harness, string id, string status)
    {
        for (var i = 0; i < 500; i++)
        {
            var answer = harness.Single(Get(9, id));
            if (answer.Contains($"\"status\":\"{status}\"", StringComparison.Ordinal))
            {
                return answer;
            }

            await Task.Delay(10);
        }

        throw new AssertFailedException($"task {id} never reached {status}");
    }

    [GeneratedRegex("\"taskId\":\"[0-9a-f]{32}\"")]
    private static partial Regex Id();

    [GeneratedRegex("\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\"")]
    private static partial Regex Timestamp();
}
