using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ModelContextProtocol.Client;

namespace PForge.IntegrationTests;

/// <summary>
/// Policies against real faults: an HTTP server of the test's own that answers 503, resets connections and counts what it
/// receives; a cli tool whose child outlives its timeout; a rate limit; then the server's /metrics after those calls.
/// The server is built through the SDK, run over Streamable HTTP and driven by the official C# client.
/// </summary>
[TestClass]
public sealed class PoliciesTests
{
    private static readonly Dictionary<string, int> s_hits = new(StringComparer.Ordinal);
    private static HttpListener? s_listener;

    // Accepts connections and resets them at once (RST), before any response.
    private static TcpListener? s_resetter;
    private static TempProject? s_project;
    private static string s_base = string.Empty;

    [ClassInitialize]
    public static async Task SetUpAsync(TestContext context)
    {
        _ = context;
        (s_listener, s_base) = LocalListener.Start();
        _ = Task.Run(ServeAsync);
        s_resetter = new TcpListener(IPAddress.Loopback, 0);
        s_resetter.Start();
        _ = Task.Run(ResetAsync);

        s_project = new TempProject("PolicyTools", $$$"""
            forge:
              name: policy-tools
              version: 1.0.0
              transport: http
              http: { metrics: true }
            policies:
              retry: { max_attempts: 3, initial_backoff_ms: 20, max_backoff_ms: 50 }
            tools:
              - type: http
                name: flaky
                description: 503 twice, then 200
                endpoint: "{{{s_base}}}/flaky"
              - type: http
                name: reset
                description: Resets every connection
                endpoint: "http://127.0.0.1:{{{((IPEndPoint)s_resetter.LocalEndpoint).Port}}}/reset"
              - type: http
                name: down
                description: Always 503
                endpoint: "{{{s_base}}}/down"
                policies:
                  retry: false
                  circuit_breaker: { failure_threshold: 2, open_ms: 1500 }
              - type: http
                name: missing
                description: Always 404, which is never retried
                endpoint: "{{{s_base}}}/missing"
              - type: cli
                name: sleepy
                description: Starts a child that would sleep a minute
                command: sh
                args: ["-c", "sleep 60 & echo $! > \"$0\"; wait", "{{pidfile}}"]
                timeout_ms: 500
                params: { pidfile: string }
                policies: { retry: false }
              - type: cli
                name: limited
                description: One call a second
                command: echo
                args: [ok]
                policies: { rate_limit: { permits_per_second: 1 } }
            """);
        await s_project.BuildAsync();
    }

    [ClassCleanup]
    public static void CleanUp()
    {
        s_listener?.Close();
        s_resetter?.Stop();
        s_project?.Dispose();
    }

    [TestMethod]
    public async Task RetriesOf503sAndResetsAreCountedByTheServerAndNotOf404s()
    {
        await using var server = await StartAsync();
        await using var client = await McpClients.ConnectHttpAsync(server.Url);

        var flaky = await client.CallToolAsync("flaky", new Dictionary<string, object?>(), cancellationToken: Timeout());
        Assert.AreEqual((false, "made it"), (flaky.IsError == true, McpClients.Text(flaky)));
        Assert.AreEqual(3, Hits("flaky"), "two 503s, then the answer");

        var reset = await client.CallToolAsync("reset", new Dictionary<string, object?>(), cancellationToken: Timeout());
        Assert.IsTrue(reset.IsError, McpClients.Text(reset));
        StringAssert.StartsWith(McpClients.Text(reset), "Request GET http://127.0.0.1:");
        StringAssert.EndsWith(McpClients.Text(reset), "(after 3 attempts)");
        Assert.AreEqual(3, Hits("reset"));

        var missing = await client.CallToolAsync("missing", new Dictionary<string, object?>(), cancellationToken: Timeout());
        Assert.AreEqual($"HTTP 404 Not Found from GET {s_base}/missing: no such thing", McpClients.Text(missing));
        Assert.AreEqual(1, Hits("missing"));
        StringAssert.Contains(server.Log, "policy event=retry tool=flaky attempt=2");
    }

    [TestMethod]
    public async Task TheBreakerOpensAfterTwoFailuresAndHalfOpensOnSchedule()
    {
        await using var server = await StartAsync();
        await using var client = await McpClients.ConnectHttpAsync(server.Url);
        for (var i = 0; i < 2; i++)
        {
            Assert.AreEqual($"HTTP 503 Service Unavailable from GET {s_base}/down: down", McpClients.Text(await CallAsync(client, "down")));
        }

        var before = Hits("down");
        var opened = Stopwatch.StartNew();
        var refused = McpClients.Text(await CallAsync(client, "down"));
        StringAssert.Matches(refused, new System.Text.RegularExpressions.Regex(@"^Tool 'down' was not called: its circuit breaker is open after 2 failures in a row; it lets a trial call through in 1\.[0-5] s$"));
        Assert.AreEqual(before, Hits("down"), "an open breaker does not call the server");

        await Task.Delay(TimeSpan.FromMilliseconds(1600) - opened.Elapsed);
        Assert.AreEqual($"HTTP 503 Service Unavailable from GET {s_base}/down: down", McpClients.Text(await CallAsync(client, "down")), "the trial call reaches the server");
        Assert.AreEqual(before + 1, Hits("down"));
        StringAssert.StartsWith(McpClients.Text(await CallAsync(client, "down")), "Tool 'down' was not called: its circuit breaker is open", "the failed trial opened it again");
        StringAssert.Contains(server.Log, "policy event=breaker tool=down state=half_open");
    }

    [TestMethod]
    public async Task ACliTimeoutKillsTheChildProcess()
    {
        await using var server = await StartAsync();
        await using var client = await McpClients.ConnectHttpAsync(server.Url);
        var pidFile = Path.Combine(s_project!.Directory, $"child-{Guid.NewGuid():N}.pid");

        var result = await client.CallToolAsync("sleepy", new Dictionary<string, object?> { ["pidfile"] = pidFile }, cancellationToken: Timeout());
        Assert.AreEqual((true, "Command 'sh' timed out after 500 ms; its process tree was killed"), (result.IsError == true, McpClients.Text(result)));
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.IsTrue(await GoneAsync(pid), $"the sleeping child {pid} is gone");
    }

    [TestMethod]
    public async Task ARateLimitRefusalSaysWhy()
    {
        await using var server = await StartAsync();
        await using var client = await McpClients.ConnectHttpAsync(server.Url);
        Assert.AreEqual("ok\n", McpClients.Text(await CallAsync(client, "limited")));
        var refused = await CallAsync(client, "limited");
        Assert.AreEqual((true, "Tool 'limited' was not called: its rate limit of 1 calls per second is used up; try again within a second"), (refused.IsError == true, McpClients.Text(refused)));
    }

    [TestMethod]
    public async Task MetricsCountTheCallsAndTimeThem()
    {
        await using var server = await StartAsync();
        await using var client = await McpClients.ConnectHttpAsync(server.Url);
        await CallAsync(client, "missing");
        await CallAsync(client, "missing");
        await CallAsync(client, "flaky");

        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri(server.Url, "/metrics"), Timeout());
        var lines = text.Split('\n');
        CollectionAssert.Contains(lines, "# TYPE pforge_tool_calls_total counter");
        CollectionAssert.Contains(lines, "pforge_tool_calls_total{tool=\"missing\"} 2");
        CollectionAssert.Contains(lines, "pforge_tool_errors_total{tool=\"missing\"} 2");
        CollectionAssert.Contains(lines, "pforge_tool_calls_total{tool=\"flaky\"} 1");
        CollectionAssert.Contains(lines, "# TYPE pforge_tool_duration_seconds histogram");
        CollectionAssert.Contains(lines, "pforge_tool_duration_seconds_bucket{tool=\"missing\",le=\"+Inf\"} 2");
        CollectionAssert.Contains(lines, "pforge_tool_duration_seconds_count{tool=\"missing\"} 2");
        Assert.IsTrue(lines.Any(l => l.StartsWith("pforge_policy_retries_total{tool=\"flaky\"} ", StringComparison.Ordinal)), text);
    }

    private static Task<ServerProcess> StartAsync() =>
        ServerProcess.StartHttpAsync(Path.Combine(s_project!.Directory, "bin", "Debug", "net10.0", s_project.Name));

    private static Task<ModelContextProtocol.Protocol.CallToolResult> CallAsync(McpClient client, string tool) =>
        client.CallToolAsync(tool, new Dictionary<string, object?>(), cancellationToken: Timeout()).AsTask();

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    /// <summary>True once process <paramref name="pid"/> has ended (a zombie waiting for its reaper has ended too).</summary>
    private static async Task<bool> GoneAsync(int pid)
    {
        for (var i = 0; i < 50; i++)
        {
            var stat = $"/proc/{pid}/stat";
            try
            {
                if (!File.Exists(stat) || File.ReadAllText(stat).Split(") ")[1].StartsWith('Z'))
                {
                    return true;
                }
            }
            catch (IOException)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    private static int Hits(string path)
    {
        lock (s_hits)
        {
            return s_hits.GetValueOrDefault(path);
        }
    }

    private static async Task ResetAsync()
    {
        while (s_resetter is { } listener)
        {
            try
            {
                using var connection = await listener.AcceptSocketAsync();
                lock (s_hits)
                {
                    s_hits["reset"] = s_hits.GetValueOrDefault("reset") + 1;
                }

                connection.LingerState = new LingerOption(true, 0);
                connection.Close();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
        }
    }

    /// <summary>Fails on purpose: /flaky answers 503 twice (per test run of it) then 200, /down is 503, anything else 404.</summary>
    private static async Task ServeAsync()
    {
        while (await LocalListener.NextAsync(s_listener) is { } context)
        {
            var path = context.Request.Url!.AbsolutePath.Trim('/');
            int hits;
            lock (s_hits)
            {
                hits = s_hits[path] = s_hits.GetValueOrDefault(path) + 1;
            }

            var response = context.Response;
            (response.StatusCode, var body) = path switch
            {
                "flaky" => hits % 3 == 0 ? (200, "made it") : (503, "try later"),
                "down" => (503, "down"),
                _ => (404, "no such thing"),
            };
            response.ContentType = "text/plain";
            var bytes = System.Text.Encoding.UTF8.GetBytes(body);
            await response.OutputStream.WriteAsync(bytes);
            response.Close();
        }
    }
}
