using System.Collections.Concurrent;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using PForge.Testing;

namespace PForge.IntegrationTests;

/// <summary>
/// samples/counter over Streamable HTTP (stateless) with the official C# client, on real stores: two instances sharing
/// one redis-server, and a sqlite file across a SIGKILL.
/// </summary>
[TestClass]
public sealed class CounterTests
{
    private static string AppHost => Path.Combine(DotNet.Sample("counter"), "bin", "Debug", "net10.0", "Counter");

    [ClassInitialize]
    public static async Task BuildAsync(TestContext context)
    {
        _ = context;
        await DotNet.BuildAsync(Path.Combine(DotNet.Sample("counter"), "Counter.csproj"));
    }

    [TestMethod]
    public async Task TwoInstancesOnOneRedisCountEveryIncrementEvenWhenOneStops()
    {
        using var redis = await RedisServer.StartAsync();
        string[] state = ["--state-backend", "redis", "--state-path", redis.Configuration];
        await using var first = await ServerProcess.StartHttpAsync(AppHost, state);
        var second = await ServerProcess.StartHttpAsync(AppHost, state);
        try
        {
            // Connected at start ("..., key prefix 'counter:'") or still connecting ("... is not reachable yet"): both name the server.
            StringAssert.Contains(first.Log, $"state: redis at {redis.Configuration}");
            await using var toFirst = await ConnectAsync(first);
            await using var toSecond = await ConnectAsync(second);
            const int Total = 1000;
            var acknowledged = new ConcurrentBag<long>();
            var tickets = 0;
            var secondStopping = 0;
            Task? stopSecond = null;
            var servedBySecond = 0;

            async Task WorkAsync()
            {
                while (Interlocked.Increment(ref tickets) <= Total)
                {
                    // Alternate instances until the second is stopped; a call it refused was not counted: retry on the first.
                    var useSecond = (tickets & 1) == 0 && Volatile.Read(ref secondStopping) == 0;
                    long? value = null;
                    if (useSecond)
                    {
                        try
                        {
                            value = await IncrementAsync(toSecond, "visits");
                            Interlocked.Increment(ref servedBySecond);
                        }
                        catch (Exception ex) when (ex is HttpRequestException or ModelContextProtocol.McpException or IOException or OperationCanceledException && Volatile.Read(ref secondStopping) == 1)
                        {
                        }
                    }

                    value ??= await IncrementAsync(toFirst, "visits");
                    acknowledged.Add(value.Value);
                    if (acknowledged.Count >= Total / 2 && Interlocked.Exchange(ref secondStopping, 1) == 0)
                    {
                        // SIGTERM mid-run: the second instance answers what it runs, refuses the rest, and exits.
                        stopSecond = second.DisposeAsync().AsTask();
                    }
                }
            }

            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(WorkAsync))).WaitAsync(TimeSpan.FromMinutes(3));
            await stopSecond!.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.IsGreaterThan(100, servedBySecond, "both instances served");
            Assert.AreEqual(Total, await GetAsync(toFirst, "visits"));
            CollectionAssert.AreEquivalent(Enumerable.Range(1, Total).Select(i => (long)i).ToArray(), acknowledged.ToArray(), "every acknowledged increment has its own value");
            Assert.AreEqual("$4\r\n1000", await redis.CommandAsync("GET counter:visits"));
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [TestMethod]
    public async Task EveryAcknowledgedIncrementSurvivesSigkillOfTheSqliteServer()
    {
        var directory = Directory.CreateTempSubdirectory("pforge-counter-");
        try
        {
            var database = Path.Combine(directory.FullName, "counter.db");
            var acknowledged = new ConcurrentBag<long>();
            const int Workers = 4;
            await using (var server = await ServerProcess.StartHttpAsync(AppHost, "--state-path", database))
            {
                StringAssert.Contains(server.Log, $"pforge info: state: sqlite at {database}");
                await using var client = await ConnectAsync(server);
                using var killed = new CancellationTokenSource();

                async Task WorkAsync()
                {
                    while (!killed.IsCancellationRequested)
                    {
                        try
                        {
                            acknowledged.Add(await IncrementAsync(client, "jobs"));
                        }
                        catch (Exception) when (killed.IsCancellationRequested)
                        {
                            return;
                        }
                    }
                }

                var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(WorkAsync)).ToArray();
                using (var enough = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
                {
                    while (acknowledged.Count < 300)
                    {
                        await Task.Delay(10, enough.Token);
                    }
                }

                // Killed while the workers still call: no grace, nothing flushed by the server on the way out.
                killed.Cancel();
                await server.KillAsync();
                await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));
            }

            await using var restarted = await ServerProcess.StartHttpAsync(AppHost, "--state-path", database);
            await using var again = await ConnectAsync(restarted);
            var value = await GetAsync(again, "jobs");
            var seen = acknowledged.ToArray();
            Assert.AreEqual(seen.Length, seen.Distinct().Count(), "each acknowledged increment has its own value");
            Assert.IsGreaterThanOrEqualTo(seen.Max(), value, $"the largest acknowledged value {seen.Max()} is kept");

            // Only calls in flight at the kill may have been written without an answer: at most one per worker.
            Assert.IsTrue(value - seen.Length is >= 0 and <= Workers, $"{value} stored, {seen.Length} acknowledged");
            Assert.AreEqual(value + 1, await IncrementAsync(again, "jobs"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [TestMethod]
    public async Task EachStoreIsCompiledInOnlyWhenTheYamlNamesIt()
    {
        var counter = Path.GetDirectoryName(AppHost)!;
        foreach (var file in new[] { "PForge.Runtime.State.Sqlite.dll", "Microsoft.Data.Sqlite.dll", "PForge.Runtime.State.Redis.dll", "StackExchange.Redis.dll" })
        {
            Assert.IsTrue(File.Exists(Path.Combine(counter, file)), file);
        }

        const string Yaml = """
            forge: { name: tally, version: 1.0.0 }
            tools: []
            state: { backend: memory }
            """;
        using var project = new TempProject("Tally", Yaml);
        await project.BuildAsync();
        var output = Path.GetDirectoryName(project.OutputAssembly)!;
        Assert.IsFalse(File.Exists(Path.Combine(output, "PForge.Runtime.State.Sqlite.dll")));
        Assert.IsFalse(File.Exists(Path.Combine(output, "PForge.Runtime.State.Redis.dll")));
        var (code, text) = await DotNet.RunAsync(project.Directory, TimeSpan.FromMinutes(1), project.OutputAssembly, "--state-backend", "sqlite");
        Assert.AreEqual(3, code, text);
        Assert.AreEqual(
            "tally: the sqlite state store is not compiled into this server; set state.backend: sqlite in pforge.yaml or <PForgeStateSqlite>true</PForgeStateSqlite> in the project file",
            text.Trim());

        project.WriteYaml(Yaml.Replace("backend: memory", "backend: redis, path: \"127.0.0.1:6379\"", StringComparison.Ordinal));
        await project.BuildAsync();
        Assert.IsFalse(File.Exists(Path.Combine(output, "PForge.Runtime.State.Sqlite.dll")));
        Assert.IsTrue(File.Exists(Path.Combine(output, "PForge.Runtime.State.Redis.dll")));

        var (forcedOff, log) = await DotNet.RunAsync(project.Directory, TimeSpan.FromMinutes(5), "build", project.ProjectFile, "-nologo", "-p:PForgeStateRedis=false");
        Assert.AreNotEqual(0, forcedOff);
        StringAssert.Contains(log, "pforge.yaml(3,19): error PF1106: state.backend is redis but the redis state store is not compiled in: set <PForgeStateRedis>true</PForgeStateRedis>");
    }

    [TestMethod]
    public async Task ATaskRunsOnOneInstanceAndIsPolledAndCancelledThroughTheOther()
    {
        // Client 2.4.0 has no Tasks extension: the requests are written as the extension defines them.
        using var redis = await RedisServer.StartAsync();
        string[] state = ["--state-backend", "redis", "--state-path", redis.Configuration];
        await using var first = await ServerProcess.StartHttpAsync(AppHost, state);
        await using var second = await ServerProcess.StartHttpAsync(AppHost, state);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        var done = await TaskRequestAsync(http, first.Url, "tools/call", "count_slowly", """{"name":"count_slowly","arguments":{"key":"slow","steps":5,"delay_ms":50}}""");
        Assert.AreEqual("task", done.GetProperty("resultType").GetString());
        Assert.AreEqual("working", done.GetProperty("status").GetString());
        var finished = await PollAsync(http, second.Url, done.GetProperty("taskId").GetString()!, "completed");
        Assert.AreEqual("""{"value":5}""", finished.GetProperty("result").GetProperty("structuredContent").GetRawText());

        var slow = await TaskRequestAsync(http, first.Url, "tools/call", "count_slowly", """{"name":"count_slowly","arguments":{"key":"long","steps":100000,"delay_ms":20}}""");
        var id = slow.GetProperty("taskId").GetString()!;
        await PollAsync(http, second.Url, id, "working");
        var ack = await TaskRequestAsync(http, second.Url, "tasks/cancel", id, $$"""{"taskId":"{{id}}"}""");
        Assert.AreEqual("complete", ack.GetProperty("resultType").GetString());
        var cancelled = await PollAsync(http, second.Url, id, "cancelled");
        Assert.AreEqual("Cancelled by the client", cancelled.GetProperty("statusMessage").GetString());

        // The counting stopped with the task: the counter no longer moves.
        var at = await redis.CommandAsync("GET counter:long");
        await Task.Delay(300);
        Assert.AreEqual(at, await redis.CommandAsync("GET counter:long"));
    }

    /// <summary>One POST of revision 2026-07-28 declaring the Tasks extension; the result object.</summary>
    private static async Task<System.Text.Json.JsonElement> TaskRequestAsync(HttpClient http, Uri url, string method, string name, string parameters)
    {
        const string Meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}}";
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent($"{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"{method}\",\"params\":{{{parameters[1..^1]},{Meta}}}}}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        request.Headers.Add("Mcp-Method", method);
        request.Headers.Add("Mcp-Name", name);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(200, (int)response.StatusCode, body);
        using var document = System.Text.Json.JsonDocument.Parse(body);
        return document.RootElement.GetProperty("result").Clone();
    }

    private static async Task<System.Text.Json.JsonElement> PollAsync(HttpClient http, Uri url, string id, string status)
    {
        for (var i = 0; i < 300; i++)
        {
            var task = await TaskRequestAsync(http, url, "tasks/get", id, $$"""{"taskId":"{{id}}"}""");
            if (task.GetProperty("status").GetString() == status)
            {
                return task;
            }

            await Task.Delay(50);
        }

        throw new AssertFailedException($"task {id} never reached {status}");
    }

    private static Task<McpClient> ConnectAsync(ServerProcess server) => McpClients.ConnectHttpAsync(server.Url);

    private static async Task<long> IncrementAsync(McpClient client, string key) =>
        Value(await CallAsync(client, "increment", key));

    private static async Task<long> GetAsync(McpClient client, string key) =>
        Value(await CallAsync(client, "get", key));

    private static async Task<CallToolResult> CallAsync(McpClient client, string tool, string key)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await client.CallToolAsync(tool, new Dictionary<string, object?> { ["key"] = key }, cancellationToken: timeout.Token);
        Assert.IsFalse(result.IsError ?? false, McpClients.Text(result));
        return result;
    }

    private static long Value(CallToolResult result) =>
        result.StructuredContent!.Value.GetProperty("value").GetInt64();
}
