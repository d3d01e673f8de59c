using PForge.Runtime.State.Redis;
using PForge.Runtime.Tests.Support;
using PForge.Testing;

namespace PForge.Runtime.Tests.Http;

/// <summary>
/// Tasks over HTTP with two instances sharing a real redis-server: the instance that ran the tool is not the one that
/// answers the polls, nor the one that takes the cancellation.
/// </summary>
[TestClass]
public sealed class TaskHttpTests
{
    private const string Meta = """{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{"extensions":{"io.modelcontextprotocol/tasks":{}}}}""";

    [TestMethod]
    public async Task AnotherInstanceAnswersThePollsAndTakesTheCancellation()
    {
        using var redis = await RedisServer.StartAsync();
        var prefix = "tasks" + Guid.NewGuid().ToString("N")[..8] + ":";
        await using var storeA = await RedisStateStore.ConnectAsync(redis.Configuration, prefix);
        await using var storeB = await RedisStateStore.ConnectAsync(redis.Configuration, prefix);
        await using var a = await HttpHarness.StartAsync(definition: new TestServer { State = storeA });
        await using var b = await HttpHarness.StartAsync(definition: new TestServer { State = storeB });

        // Run on A, polled on B until A's handler ends.
        var created = await a.SendAsync(ModernHttpTests.Post(a, "1", "tools/call", """{"name":"gate","arguments":{"key":"k"}}""", name: "gate", meta: Meta));
        Assert.AreEqual(200, created.Status, created.Body);
        StringAssert.StartsWith(created.Body, """{"jsonrpc":"2.0","id":1,"result":{"resultType":"task",""");
        var id = TaskTests.TaskId(created.Body);
        await a.Definition.ExpectEventAsync("gate:k:started");
        StringAssert.Contains((await GetAsync(b, id)).Body, "\"status\":\"working\"");
        a.Definition.Open("k");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"result":{"resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"test-server","version":"1.2.3"}},"taskId":"ID","status":"completed","createdAt":"T","lastUpdatedAt":"T","ttlMs":3600000,"pollIntervalMs":500,"result":{"content":[{"type":"text","text":"opened k"}]}}}""",
            TaskTests.Normalize(await PollAsync(b, id, "completed")));

        // Run on A, cancelled through B: A sees the request in the store within a poll interval.
        var slow = TaskTests.TaskId((await a.SendAsync(ModernHttpTests.Post(a, "3", "tools/call", """{"name":"slow"}""", name: "slow", meta: Meta))).Body);
        await a.Definition.ExpectEventAsync("slow:started");
        var cancel = await b.SendAsync(ModernHttpTests.Post(b, "4", "tasks/cancel", $$"""{"taskId":"{{slow}}"}""", name: slow, meta: Meta));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":4,"result":{"resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"test-server","version":"1.2.3"}}}}""",
            cancel.Body);
        await a.Definition.ExpectEventAsync("slow:cancelled");
        StringAssert.Contains(await PollAsync(b, slow, "cancelled"), "\"statusMessage\":\"Cancelled by the client\"");
        Assert.AreEqual(0, a.Definition.Tasks.RunningCount);

        // Run on A, asking the user; answered through B: B's polls show the question gone at once, A takes the answer.
        const string asking = """{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{"elicitation":{},"extensions":{"io.modelcontextprotocol/tasks":{}}}}""";
        var ask = TaskTests.TaskId((await a.SendAsync(ModernHttpTests.Post(a, "5", "tools/call", """{"name":"ask-task"}""", name: "ask-task", meta: asking))).Body);
        StringAssert.Contains(await PollAsync(b, ask, "input_required"), "\"inputRequests\":{\"name\":");
        var update = await b.SendAsync(ModernHttpTests.Post(b, "6", "tasks/update", "{\"taskId\":\"" + ask + "\",\"inputResponses\":" + """{"name":{"action":"accept","content":{"name":"Cy"}},"input-1":{"action":"accept","content":{}}}""" + "}", name: ask, meta: asking));
        Assert.AreEqual(200, update.Status, update.Body);
        StringAssert.Contains((await GetAsync(b, ask)).Body, "\"status\":\"working\"");
        StringAssert.Contains(await PollAsync(b, ask, "completed"), "name={\\\"name\\\":\\\"Cy\\\"} sure=accept");
    }

    [TestMethod]
    public async Task TheTaskIdIsTheMcpNameOfATaskRequest()
    {
        await using var http = await HttpHarness.StartAsync();
        var reply = await http.SendAsync(ModernHttpTests.Post(http, "1", "tasks/get", """{"taskId":"0123456789abcdef0123456789abcdef"}""", name: "other", meta: Meta));
        Assert.AreEqual(400, reply.Status);
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32020,"message":"Header mismatch: Mcp-Name header value 'other' does not match body value '0123456789abcdef0123456789abcdef'"}}""",
            reply.Body);
    }

    private static Task<Reply> GetAsync(HttpHarness http, string id) =>
        http.SendAsync(ModernHttpTests.Post(http, "2", "tasks/get", $$"""{"taskId":"{{id}}"}""", name: id, meta: Meta));

    private static async Task<string> PollAsync(HttpHarness http, string id, string status)
    {
        for (var i = 0; i < 250; i++)
        {
            var reply = await GetAsync(http, id);
            if (reply.Body.Contains($"\"status\":\"{status}\"", StringComparison.Ordinal))
            {
                return reply.Body;
            }

            await Task.Delay(20);
        }

        throw new AssertFailedException($"task {id} never reached {status}");
    }
}
