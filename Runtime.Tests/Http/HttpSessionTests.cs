using System.Net;
using PForge.Runtime.Settings;
using PForge.Runtime.Tests.Support;
using static PForge.Runtime.Tests.Http.StreamableHttpTests;

namespace PForge.Runtime.Tests.Http;

/// <summary>Session lifetime (idle expiry, the bound on their number), the GET stream, and the stateless mode.</summary>
[TestClass]
public sealed class HttpSessionTests
{
    private const string Ping = """{"jsonrpc":"2.0","id":1,"method":"ping"}""";

    [TestMethod]
    public async Task AnIdleSessionExpiresAndItsIdThenAnswers404()
    {
        await using var http = await HttpHarness.StartAsync(HttpSettings.Default with { Port = 0, SessionIdleTimeout = TimeSpan.FromMilliseconds(200) });
        var session = await http.InitializeAsync();
        // Watched without requests, which would keep it alive.
        Assert.AreEqual(0, await EventuallyAsync(() => Task.FromResult(http.Server.SessionCount), 0));
        Assert.AreEqual(404, (await http.PostAsync(Ping, session)).Status);
        StringAssert.Contains(http.Log, $"session {session} expired after 0.2 s idle");
    }

    [TestMethod]
    public async Task ASessionWithACallInProgressDoesNotExpire()
    {
        await using var http = await HttpHarness.StartAsync(HttpSettings.Default with { Port = 0, SessionIdleTimeout = TimeSpan.FromMilliseconds(100) });
        var session = await http.InitializeAsync();
        var pending = http.PostAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"gate","arguments":{"key":"busy"}}}""", session);
        await http.Definition.ExpectEventAsync("gate:busy:started");

        // Several sweeps pass while the call runs; the session stays.
        await Task.Delay(500);
        Assert.AreEqual(1, http.Server.SessionCount);
        http.Definition.Open("busy");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"opened busy"}]}}""", (await pending).Body);
    }

    [TestMethod]
    public async Task BeyondMaxSessionsTheLongestIdleSessionIsEvicted()
    {
        await using var http = await HttpHarness.StartAsync(HttpSettings.Default with { Port = 0, MaxSessions = 2 });
        var first = await http.InitializeAsync();
        var second = await http.InitializeAsync();

        // The first is used again: the second is now the longest idle.
        Assert.AreEqual(200, (await http.PostAsync(Ping, first)).Status);
        var third = await http.InitializeAsync();

        Assert.AreEqual(2, http.Server.SessionCount);
        Assert.AreEqual(404, (await http.PostAsync(Ping, second)).Status);
        Assert.AreEqual(200, (await http.PostAsync(Ping, first)).Status);
        Assert.AreEqual(200, (await http.PostAsync(Ping, third)).Status);
        StringAssert.Contains(http.Log, $"session {second} evicted: 2 sessions open (MaxSessions)");
    }

    [TestMethod]
    public async Task GetOpensTheSessionStreamOncePerSession()
    {
        await using var http = await HttpHarness.StartAsync();
        var session = await http.InitializeAsync();
        using var request = Request(HttpMethod.Get, http, session);
        using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestTimeouts.Wait);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.IsTrue(response.Headers.CacheControl?.NoCache);
        Assert.IsTrue(response.Headers.CacheControl?.NoTransform);

        var second = await http.SendAsync(Request(HttpMethod.Get, http, session));
        Assert.AreEqual(409, second.Status);
        Assert.AreEqual(TransportError("Conflict: this session already has an open GET stream"), second.Body);

        // Deleting the session ends its stream.
        Assert.AreEqual(204, (await http.SendAsync(Request(HttpMethod.Delete, http, session))).Status);
        var rest = await response.Content.ReadAsStringAsync().WaitAsync(TestTimeouts.Wait);
        Assert.AreEqual(string.Empty, rest);
    }

    [TestMethod]
    public async Task GetNeedsASessionAndAnEventStreamAccept()
    {
        await using var http = await HttpHarness.StartAsync();
        var session = await http.InitializeAsync();

        var missing = await http.SendAsync(Request(HttpMethod.Get, http, null));
        Assert.AreEqual(400, missing.Status);
        Assert.AreEqual(TransportError("Bad Request: Mcp-Session-Id header is required"), missing.Body);

        var unknown = await http.SendAsync(Request(HttpMethod.Get, http, "nope"));
        Assert.AreEqual(404, unknown.Status);

        var json = await http.SendAsync(Request(HttpMethod.Get, http, session, accept: "application/json"));
        Assert.AreEqual(406, json.Status);
        Assert.AreEqual(TransportError("Not Acceptable: a GET must accept text/event-stream"), json.Body);
    }

    [TestMethod]
    public async Task StatelessServesEachPostInAFreshInitializedSession()
    {
        await using var http = await HttpHarness.StartAsync(HttpSettings.Default with { Port = 0, Stateless = true });

        var initialize = await http.PostAsync(SessionHarness.InitializeRequest);
        Assert.AreEqual(200, initialize.Status);
        Assert.AreEqual(HttpHarness.InitializeResult, initialize.Body);
        Assert.IsNull(initialize.SessionId);

        // No initialize needed, no session id sent or issued.
        var call = await http.PostAsync("""{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"echo","arguments":{"text":"stateless"}}}""");
        Assert.AreEqual(200, call.Status);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":4,"result":{"content":[{"type":"text","text":"stateless"}]}}""", call.Body);
        Assert.IsNull(call.SessionId);
        Assert.AreEqual(0, http.Server.SessionCount);

        Assert.AreEqual(202, (await http.PostAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""")).Status);

        var get = await http.SendAsync(Request(HttpMethod.Get, http, null));
        Assert.AreEqual(405, get.Status);
        Assert.AreEqual(TransportError("Method Not Allowed: this server is stateless and offers no GET stream"), get.Body);
        Assert.AreEqual("POST", string.Join(", ", get.ContentHeaders.Allow));

        var delete = await http.SendAsync(Request(HttpMethod.Delete, http, "x"));
        Assert.AreEqual(405, delete.Status);
        Assert.AreEqual(TransportError("Method Not Allowed: this server is stateless and has no session to delete"), delete.Body);
    }

    [TestMethod]
    public async Task StatelessStreamsProgressAsServerSentEventsThenTheResponse()
    {
        await using var http = await HttpHarness.StartAsync(HttpSettings.Default with { Port = 0, Stateless = true });
        var reply = await http.PostAsync("""{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"progress","arguments":{"values":[1,2],"total":2},"_meta":{"progressToken":"p"}}}""");
        Assert.AreEqual(200, reply.Status);
        Assert.AreEqual("text/event-stream", reply.ContentType);
        Assert.AreEqual(
            "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":\"p\",\"progress\":1,\"total\":2}}\n\n"
            + "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":\"p\",\"progress\":2,\"total\":2}}\n\n"
            + "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"can report: yes\"}]}}\n\n",
            reply.Body);
    }

    /// <summary>Runs <paramref name="probe"/> until it returns <paramref name="expected"/>, for at most the test timeout.</summary>
    internal static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, T expected)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Wait;
        while (true)
        {
            var value = await probe();
            if (EqualityComparer<T>.Default.Equals(value, expected) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(50);
        }
    }
}
