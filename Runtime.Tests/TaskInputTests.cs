using System.Text.Json;
using PForge.Runtime.Tests.Support;

namespace PForge.Runtime.Tests;

/// <summary>
/// The Tasks extension beyond a plain run: a task that asks the client (input_required on tasks/get, answered by
/// tasks/update, one key at a time, here or through another instance), a tool that runs only as a task, a protocol
/// error that fails a task, and a handler that asks in the call and then continues as a task.
/// </summary>
[TestClass]
public sealed class TaskInputTests
{
    // The extension and elicitation declared: a task may then ask the user.
    private const string Meta =
        "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{\"elicitation\":{},\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}}";

    private const string ServerInfo = "\"_meta\":{\"io.modelcontextprotocol/serverInfo\":{\"name\":\"test-server\",\"version\":\"1.2.3\"}}";

    private const string NameQuestion =
        """{"method":"elicitation/create","params":{"message":"Name?","requestedSchema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}}""";

    private const string SureQuestion =
        """{"method":"elicitation/create","params":{"message":"Sure?","requestedSchema":{"type":"object","properties":{}}}}""";

    [TestMethod]
    public async Task ATaskAsksThroughTasksGetAndTakesItsAnswersOneKeyAtATime()
    {
        var harness = new SessionHarness();
        var id = TaskTests.TaskId(harness.Single(Call(1, "ask-task")));
        var asking = await PollAsync(harness, id, "input_required", keys: 2);
        Assert.AreEqual(
            "{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{\"resultType\":\"complete\"," + ServerInfo + ",\"taskId\":\"ID\",\"status\":\"input_required\",\"createdAt\":\"T\",\"lastUpdatedAt\":\"T\",\"ttlMs\":3600000,\"pollIntervalMs\":500,"
            + "\"inputRequests\":{\"name\":" + NameQuestion + ",\"input-1\":" + SureQuestion + "}}}",
            TaskTests.Normalize(asking));

        // One answer, and one to no question (ignored): the ack is empty, and the next poll shows only the other question.
        Assert.AreEqual(
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"resultType\":\"complete\"," + ServerInfo + "}}",
            harness.Single(Update(3, id, """{"name":{"action":"accept","content":{"name":"Ada"}},"unknown-key":{"ignored":true}}""")));
        var left = harness.Single(TaskTests.Get(4, id));
        StringAssert.Contains(left, "\"status\":\"input_required\"");
        StringAssert.Contains(left, "\"inputRequests\":{\"input-1\":" + SureQuestion + "}}}");

        harness.Single(Update(5, id, """{"input-1":{"action":"decline"}}"""));
        StringAssert.Contains(
            await PollAsync(harness, id, "completed"),
            "\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"name={\\\"name\\\":\\\"Ada\\\"} sure=decline\"}]}}}");
    }

    [TestMethod]
    public async Task AnAnswerGivenToAnotherInstanceReachesTheTaskThroughTheStore()
    {
        var a = new SessionHarness();
        a.Server.Tasks.PollInterval = TimeSpan.FromMilliseconds(20);
        var b = new SessionHarness(new TestServer { State = a.Server.State });
        var id = TaskTests.TaskId(a.Single(Call(1, "ask-task")));
        await PollAsync(b, id, "input_required", keys: 2);

        // B does not run the task: it leaves both answers in the store, and its polls no longer show the questions.
        b.Single(Update(2, id, """{"name":{"action":"accept","content":{"name":"Bo"}},"input-1":{"action":"accept","content":{}}}"""));
        var answered = b.Single(TaskTests.Get(3, id));
        StringAssert.Contains(answered, "\"status\":\"working\"");
        Assert.DoesNotContain("inputRequests", answered);

        // A finds them at its next look into the store.
        StringAssert.Contains(await PollAsync(b, id, "completed"), "name={\\\"name\\\":\\\"Bo\\\"} sure=accept");
    }

    [TestMethod]
    public async Task ATaskWaitingForAnAnswerIsCancelled()
    {
        var harness = new SessionHarness();
        var id = TaskTests.TaskId(harness.Single(Call(1, "ask-task")));
        await PollAsync(harness, id, "input_required", keys: 2);
        harness.Single($$$"""{"jsonrpc":"2.0","id":2,"method":"tasks/cancel","params":{"taskId":"{{{id}}}",{{{Meta}}}}}""");
        var cancelled = await PollAsync(harness, id, "cancelled");
        StringAssert.Contains(cancelled, "\"statusMessage\":\"Cancelled by the client\"");
        Assert.DoesNotContain("inputRequests", cancelled);
        Assert.AreEqual(0, harness.Server.Tasks.RunningCount);
    }

    [TestMethod]
    [DataRow("\"inputResponses\":[]", "Invalid params: \\\"inputResponses\\\" must be an object")]
    [DataRow("\"inputResponses\":{\"a\":1}", "Invalid params: each member of \\\"inputResponses\\\" must be a result object")]
    public void MalformedInputResponsesAreInvalidParams(string members, string message)
    {
        var harness = new SessionHarness();
        var id = TaskTests.TaskId(harness.Single(Call(1, "ask-task")));
        Assert.AreEqual(
            $$$"""{"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"{{{message}}}"}}""",
            harness.Single($$$"""{"jsonrpc":"2.0","id":2,"method":"tasks/update","params":{"taskId":"{{{id}}}",{{{members}}},{{{Meta}}}}}"""));
        harness.Single($$$"""{"jsonrpc":"2.0","id":3,"method":"tasks/cancel","params":{"taskId":"{{{id}}}",{{{Meta}}}}}""");
    }

    [TestMethod]
    public void AToolThatRunsOnlyAsATaskRefusesARequestWithoutTheExtension()
    {
        var harness = new SessionHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32021,"message":"Missing required client capability: tool 'required-task' runs only as a task, so the request needs the io.modelcontextprotocol/tasks extension in its clientCapabilities.extensions","data":{"requiredCapabilities":{"extensions":{"io.modelcontextprotocol/tasks":{}}}}}}""",
            harness.Single("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"required-task","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}"""));
        Assert.AreEqual(0, harness.Server.Contexts.Count, "the handler did not run");

        // With the extension it is a task; the handshake era, which has no such extension, gets the result inline.
        StringAssert.StartsWith(harness.Single(Call(2, "required-task")), """{"jsonrpc":"2.0","id":2,"result":{"resultType":"task",""");
        var legacy = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":3,"result":{"content":[{"type":"text","text":"ran"}]}}""",
            legacy.Single("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"required-task"}}"""));
    }

    [TestMethod]
    public async Task AProtocolErrorOfTheHandlerEndsTheTaskFailedWithItsCode()
    {
        var harness = new SessionHarness();
        var id = TaskTests.TaskId(harness.Single(Call(1, "protocol-fail")));
        Assert.AreEqual(
            "{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{\"resultType\":\"complete\"," + ServerInfo + ",\"taskId\":\"ID\",\"status\":\"failed\",\"statusMessage\":\"Internal error: the worker crashed\",\"createdAt\":\"T\",\"lastUpdatedAt\":\"T\",\"ttlMs\":3600000,\"pollIntervalMs\":500,"
            + "\"error\":{\"code\":-32603,\"message\":\"Internal error: the worker crashed\"}}}",
            TaskTests.Normalize(await PollAsync(harness, id, "failed")));
    }

    [TestMethod]
    public async Task AHandlerAsksInTheCallThenContinuesAsATaskWithTheAnswer()
    {
        var harness = new SessionHarness();
        var first = harness.Single(Call(1, "handoff"));
        StringAssert.StartsWith(first, """{"jsonrpc":"2.0","id":1,"result":{"resultType":"input_required","inputRequests":{"who":{"method":"elicitation/create","params":{"message":"Who?",""");
        Assert.DoesNotContain("taskId", first);
        string state;
        using (var document = JsonDocument.Parse(first))
        {
            state = document.RootElement.GetProperty("result").GetProperty("requestState").GetString()!;
        }

        var retry = harness.Single(
            $$$$"""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"handoff","inputResponses":{"who":{"action":"accept","content":{"name":"Alice"}}},"requestState":"{{{{state}}}}",{{{{Meta}}}}}}""");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"result":{"resultType":"task","taskId":"ID","status":"working","createdAt":"T","lastUpdatedAt":"T","ttlMs":3600000,"pollIntervalMs":500}}""",
            TaskTests.Normalize(retry));
        StringAssert.Contains(
            await PollAsync(harness, TaskTests.TaskId(retry), "completed"),
            "\"text\":\"hello {\\\"name\\\":\\\"Alice\\\"} (can elicit)\"");
    }

    [TestMethod]
    public void WithoutTheExtensionAHandlerThatWouldContinueAsATaskRunsInTheCall()
    {
        var harness = new SessionHarness();
        var first = harness.Single("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"handoff","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{"elicitation":{}}}}}""");
        string state;
        using (var document = JsonDocument.Parse(first))
        {
            state = document.RootElement.GetProperty("result").GetProperty("requestState").GetString()!;
        }

        Assert.AreEqual(
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"resultType\":\"complete\"," + ServerInfo + ",\"content\":[{\"type\":\"text\",\"text\":\"hello {\\\"name\\\":\\\"Bo\\\"} (can elicit)\"}]}}",
            harness.Single($$$$$$"""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"handoff","inputResponses":{"who":{"action":"accept","content":{"name":"Bo"}}},"requestState":"{{{{{{state}}}}}}","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{"elicitation":{}}}}}"""));
    }

    private static string Call(int id, string tool) =>
        $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"tools/call\",\"params\":{{\"name\":\"{tool}\",{Meta}}}}}";

    private static string Update(int id, string taskId, string responses) =>
        $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"tasks/update\",\"params\":{{\"taskId\":\"{taskId}\",\"inputResponses\":{responses},{Meta}}}}}";

    /// <summary>Polls tasks/get (as id 9) until the task has <paramref name="status"/> (and that many questions); returns that answer.</summary>
    private static async Task<string> PollAsync(SessionHarness harness, string id, string status, int keys = 0)
    {
        for (var i = 0; i < 500; i++)
        {
            var answer = harness.Single($"{{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tasks/get\",\"params\":{{\"taskId\":\"{id}\",{Meta}}}}}");
            if (answer.Contains($"\"status\":\"{status}\"", StringComparison.Ordinal)
                && (keys == 0 || answer.Split("\"method\":\"elicitation/create\"").Length - 1 == keys))
            {
                return answer;
            }

            await Task.Delay(10);
        }

        throw new AssertFailedException($"task {id} never reached {status}");
    }
}
