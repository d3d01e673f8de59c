using PForge.Runtime.Settings;
using PForge.Runtime.Tests.Support;

namespace PForge.Runtime.Tests.Http;

/// <summary><c>GET /metrics</c> (forge.http.metrics): Prometheus text, the MCP endpoint's Host rules, precise 404 and 405.</summary>
[TestClass]
public sealed class MetricsEndpointTests
{
    [TestMethod]
    public async Task MetricsAreServedAsPrometheusTextAfterCalls()
    {
        await using var http = await HttpHarness.StartAsync(new HttpSettings { Port = 0, Metrics = true });
        var session = await http.InitializeAsync();
        await http.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}}""", session);

        var reply = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(http.Url, "/metrics")));
        Assert.AreEqual((200, "text/plain"), (reply.Status, reply.ContentType));
        StringAssert.Contains(reply.Body, "# TYPE pforge_tool_calls_total counter\n");
        StringAssert.Contains(reply.Body, "# TYPE pforge_tool_duration_seconds histogram\n");
        StringAssert.Contains(reply.Body, "pforge_tool_duration_seconds_bucket{tool=\"echo\",le=\"+Inf\"} ");
    }

    [TestMethod]
    public async Task OnlyGetIsAllowedAndOtherPathsAreNamed()
    {
        await using var http = await HttpHarness.StartAsync(new HttpSettings { Port = 0, Metrics = true });

        var post = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(http.Url, "/metrics")));
        Assert.AreEqual((405, "GET"), (post.Status, string.Join(",", post.ContentHeaders.Allow)));
        StringAssert.Contains(post.Body, "Method Not Allowed: use GET");

        var other = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(http.Url, "/stats")));
        Assert.AreEqual(404, other.Status);
        StringAssert.Contains(other.Body, "Not Found: the MCP endpoint is /mcp and the metrics are at /metrics");
    }

    [TestMethod]
    public async Task WithoutMetricsThePathIsNotServed()
    {
        await using var http = await HttpHarness.StartAsync(new HttpSettings { Port = 0 });
        var reply = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(http.Url, "/metrics")));
        Assert.AreEqual(404, reply.Status);
        StringAssert.Contains(reply.Body, "Not Found: the MCP endpoint is /mcp\"");
    }

    [TestMethod]
    public async Task AForeignHostIsRefusedAsOnTheMcpEndpoint()
    {
        await using var http = await HttpHarness.StartAsync(new HttpSettings { Port = 0, Metrics = true });
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(http.Url, "/metrics"));
        request.Headers.Host = "evil.example.com";
        Assert.AreEqual(403, (await http.SendAsync(request)).Status);
    }
}
