using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace PForge.IntegrationTests;

/// <summary>pipeline tools built from YAML (samples/pipeline): native and cli steps chained, driven by the official C# client.</summary>
[TestClass]
public sealed class PipelineToolsTests
{
    private const string PipelineOutputSchema = """{"type":"object","properties":{"results":{"type":"array"},"variables":{"type":"object"}},"required":["results","variables"]}""";

    private static string? s_dir;

    private static string Server => Path.Combine(DotNet.Sample("pipeline"), "bin", "Debug", "net10.0", "Pipeline");

    private static string Dir => s_dir ?? throw new InvalidOperationException("not set up");

    [ClassInitialize]
    public static async Task BuildAsync(TestContext context)
    {
        _ = context;
        await DotNet.BuildAsync(Path.Combine(DotNet.Sample("pipeline"), "Pipeline.csproj"));
        s_dir = Path.Combine(Path.GetTempPath(), "pforge-it", "pipeline-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(s_dir);
        await File.WriteAllTextAsync(Path.Combine(s_dir, "a.txt"), "a");
        await File.WriteAllTextAsync(Path.Combine(s_dir, "b.txt"), "b");
    }

    [ClassCleanup]
    public static void CleanUp()
    {
        if (s_dir is not null && Directory.Exists(s_dir))
        {
            Directory.Delete(s_dir, recursive: true);
        }
    }

    [TestMethod]
    public async Task ToolsListDeclaresThePipelineResultSchema()
    {
        await using var client = await McpClients.ConnectAsync(Server);
        var tools = await client.ListToolsAsync(cancellationToken: Timeout());
        var report = tools.Single(t => t.Name == "user_report");
        Assert.AreEqual(PipelineOutputSchema, JsonSerializer.Serialize(report.ProtocolTool.OutputSchema));
    }

    [TestMethod]
    public async Task AnAdultAdminRunsEveryStepAndContinuesAfterAFailedStep()
    {
        await using var client = await McpClients.ConnectAsync(Server);
        var result = await client.CallToolAsync("user_report", new Dictionary<string, object?> { ["username"] = "ada", ["dir"] = Dir }, cancellationToken: Timeout());
        Assert.AreNotEqual(true, result.IsError, McpClients.Text(result));
        var user = """{"name":"Ada Lovelace","age":36,"admin":true,"tags":["math","engines"]}""";
        var files = """{"stdout":"a.txt\nb.txt\n","stderr":"","exit_code":0}""";
        var summary = """{"stdout":"Ada Lovelace has no friend here\n","stderr":"","exit_code":0}""";
        var expected =
            "{\"results\":["
            + $$"""{"tool":"lookup_user","success":true,"output":{{user}}},"""
            + """{"tool":"badge","success":true,"output":"*** Ada Lovelace (36) ***"},"""
            + """{"tool":"say","success":true,"output":{"stdout":"Ada Lovelace is an administrator\n","stderr":"","exit_code":0}},"""
            + """{"tool":"lookup_user","success":false,"error":"No user named 'nobody'"},"""
            + $$"""{"tool":"list_dir","success":true,"output":{{files}}},"""
            + $$"""{"tool":"say","success":true,"output":{{summary}}}],"""
            + $$"""
                "variables":{"username":"ada","friend":"nobody","dir":{{JsonSerializer.Serialize(Dir)}},"user":{{user}},"badge":"*** Ada Lovelace (36) ***","files":{{files}},"summary":{{summary}}
                """
            + "}}";
        Assert.AreEqual(Normalize(expected), Normalize(result.StructuredContent!.Value.GetRawText()));
        Assert.AreEqual(Normalize(expected), Normalize(McpClients.Text(result)), "the text block is the same JSON");
    }

    [TestMethod]
    public async Task ConditionsSkipStepsAndObjectsPassThrough()
    {
        await using var client = await McpClients.ConnectAsync(Server);
        var result = await client.CallToolAsync("user_report", new Dictionary<string, object?> { ["username"] = "tim", ["friend"] = "ada", ["dir"] = Dir }, cancellationToken: Timeout());
        Assert.AreNotEqual(true, result.IsError, McpClients.Text(result));
        var tim = """{"name":"Tim","age":12,"admin":false,"tags":[]}""";
        var ada = """{"name":"Ada Lovelace","age":36,"admin":true,"tags":["math","engines"]}""";
        var files = """{"stdout":"a.txt\nb.txt\n","stderr":"","exit_code":0}""";
        var expected =
            "{\"results\":["
            + $$"""{"tool":"lookup_user","success":true,"output":{{tim}}},"""
            + """{"tool":"badge","skipped":true},"""
            + """{"tool":"say","skipped":true},"""
            + $$"""{"tool":"lookup_user","success":true,"output":{{ada}}},"""
            + $$"""{"tool":"list_dir","success":true,"output":{{files}}},"""
            + """{"tool":"say","skipped":true}],"""
            + $$"""
                "variables":{"username":"tim","friend":"ada","dir":{{JsonSerializer.Serialize(Dir)}},"user":{{tim}},"buddy":{{ada}},"files":{{files}}
                """
            + "}}";
        Assert.AreEqual(Normalize(expected), Normalize(result.StructuredContent!.Value.GetRawText()));
    }

    [TestMethod]
    public async Task AFailedStepStopsAFailFastPipeline()
    {
        await using var client = await McpClients.ConnectAsync(Server);
        var result = await client.CallToolAsync("greet_user", new Dictionary<string, object?> { ["username"] = "zed" }, cancellationToken: Timeout());
        Assert.IsTrue(result.IsError);
        var expected = """{"results":[{"tool":"lookup_user","success":false,"error":"No user named 'zed'"}],"variables":{"username":"zed"}}""";
        Assert.AreEqual(Normalize(expected), Normalize(result.StructuredContent!.Value.GetRawText()));
    }

    [TestMethod]
    public async Task StepToolsCheckTheirOwnArguments()
    {
        await using var client = await McpClients.ConnectAsync(Server);
        var result = await client.CallToolAsync("greet_user", new Dictionary<string, object?> { ["username"] = "ada" }, cancellationToken: Timeout());
        Assert.AreNotEqual(true, result.IsError, McpClients.Text(result));
        var results = result.StructuredContent!.Value.GetProperty("results");
        Assert.AreEqual("hello Ada Lovelace\n", results[1].GetProperty("output").GetProperty("stdout").GetString());
    }

    [TestMethod]
    public async Task EachStepReportsProgress()
    {
        await using var client = await McpClients.ConnectAsync(Server);

        // A session-wide handler sees every notification, even one handled after the call's response.
        var seen = new List<(double Progress, double? Total, string? Message)>();
        await using var registration = client.RegisterNotificationHandler(NotificationMethods.ProgressNotification, (notification, _) =>
        {
            var p = notification.Params!;
            lock (seen)
            {
                seen.Add(((double)p["progress"]!, (double?)p["total"], (string?)p["message"]));
            }

            return ValueTask.CompletedTask;
        });
        var result = await client.CallToolAsync("user_report", new Dictionary<string, object?> { ["username"] = "tim", ["dir"] = Dir }, new Progress<ProgressNotificationValue>(), cancellationToken: Timeout());
        Assert.AreNotEqual(true, result.IsError, McpClients.Text(result));
        for (var i = 0; i < 50 && Count() < 6; i++)
        {
            await Task.Delay(100);
        }

        List<(double Progress, double? Total, string? Message)> values;
        lock (seen)
        {
            // Notifications are handled concurrently: order them by value (the server sends them in order).
            values = [.. seen.OrderBy(v => v.Progress)];
        }

        Assert.AreEqual("1/6 2/6 3/6 4/6 5/6 6/6", string.Join(' ', values.Select(v => $"{v.Progress}/{v.Total}")));
        Assert.AreEqual(
            "Step 1 (lookup_user) done|Step 2 (badge) skipped|Step 3 (say) skipped|Step 4 (lookup_user) failed|Step 5 (list_dir) done|Step 6 (say) done",
            string.Join('|', values.Select(v => v.Message)));

        int Count()
        {
            lock (seen)
            {
                return seen.Count;
            }
        }
    }

    private static string Normalize(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement);
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
}
