using System.Text;
using PForge.Runtime.Http;
using PForge.Runtime.Settings;
using PForge.Runtime.Tests.Support;
using static PForge.Runtime.Tests.Http.StreamableHttpTests;

namespace PForge.Runtime.Tests.Http;

/// <summary>forge.http.auth with API keys, and the safe defaults of a server bound off the loopback.</summary>
[TestClass]
public sealed class HttpApiKeyTests
{
    private const string Ping = """{"jsonrpc":"2.0","id":1,"method":"ping"}""";

    private static HttpSettings KeyedSettings(string variable, params string[] requiredScopes) => HttpSettings.Default with
    {
        Port = 0,
        Stateless = true,
        Auth = new AuthSettings
        {
            ApiKeys = [new ApiKeySettings { Name = "ci-bot", Variable = variable, Scopes = ["mcp:use"] }],
            Scopes = requiredScopes,
        },
    };

    private static string Variable(string key)
    {
        var name = "PFORGE_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, key);
        return name;
    }

    [TestMethod]
    public async Task TheRightKeyIsServedInEitherHeaderAndAWrongOneIs401()
    {
        await using var http = await HttpHarness.StartAsync(KeyedSettings(Variable("s3cret-key")));

        var none = await http.PostAsync(Ping);
        Assert.AreEqual(401, none.Status);
        Assert.AreEqual(TransportError("Unauthorized: an API key is required (X-API-Key or Authorization: Bearer)"), none.Body);
        Assert.AreEqual("Bearer", none.Headers.WwwAuthenticate.ToString());

        var header = await http.PostAsync(Ping, configure: request => request.Headers.Add("X-API-Key", "s3cret-key"));
        Assert.AreEqual(200, header.Status, header.Body);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":1,"result":{}}""", header.Body);

        var bearer = await http.PostAsync(Ping, configure: request => request.Headers.Add("Authorization", "Bearer s3cret-key"));
        Assert.AreEqual(200, bearer.Status, bearer.Body);

        foreach (var wrong in new[] { "s3cret-kez", "s3cret-key2", "s", "S3CRET-KEY" })
        {
            var refused = await http.PostAsync(Ping, configure: request => request.Headers.Add("X-API-Key", wrong));
            Assert.AreEqual(401, refused.Status, wrong);
            Assert.AreEqual(TransportError("Unauthorized: the API key is not valid"), refused.Body);
            Assert.AreEqual("Bearer error=\"invalid_token\", error_description=\"the API key is not valid\"", refused.Headers.WwwAuthenticate.ToString());
        }

        var wrongBearer = await http.PostAsync(Ping, configure: request => request.Headers.Add("Authorization", "Bearer nope"));
        Assert.AreEqual(401, wrongBearer.Status);

        var basic = await http.PostAsync(Ping, configure: request => request.Headers.Add("Authorization", "Basic czNjcmV0LWtleQ=="));
        Assert.AreEqual(TransportError("Unauthorized: the Authorization header must be 'Bearer <token>'"), basic.Body);

        var both = await http.PostAsync(Ping, configure: request =>
        {
            request.Headers.Add("X-API-Key", "s3cret-key");
            request.Headers.Add("Authorization", "Bearer s3cret-key");
        });
        Assert.AreEqual(400, both.Status);
        Assert.AreEqual(TransportError("Bad Request: send one set of credentials: Authorization or X-API-Key, not both"), both.Body);
        StringAssert.DoesNotMatch(http.Log, new System.Text.RegularExpressions.Regex("s3cret"), "a key never reaches the log");
    }

    [TestMethod]
    public async Task AKeyWithoutTheServersScopeIs403NamingIt()
    {
        await using var http = await HttpHarness.StartAsync(KeyedSettings(Variable("k-1"), "mcp:use", "mcp:admin"));
        var reply = await http.PostAsync(Ping, configure: request => request.Headers.Add("X-API-Key", "k-1"));
        Assert.AreEqual(403, reply.Status);
        Assert.AreEqual(TransportError("Forbidden: this server needs scope 'mcp:admin'"), reply.Body);
        Assert.AreEqual("Bearer error=\"insufficient_scope\", error_description=\"this server needs scope 'mcp:admin'\", scope=\"mcp:use mcp:admin\"", reply.Headers.WwwAuthenticate.ToString());
    }

    [TestMethod]
    public async Task AKeyWhoseVariableIsUnsetRefusesToStart()
    {
        var missing = "PFORGE_TEST_UNSET_" + Guid.NewGuid().ToString("N");
        var refusal = await Assert.ThrowsExactlyAsync<McpHttpServer.AuthConfigurationException>(() => HttpHarness.StartAsync(KeyedSettings(missing)));
        Assert.AreEqual($"the API key 'ci-bot' is read from the environment variable {missing}, which is not set", refusal.Message);
    }

    [TestMethod]
    public async Task ANonLoopbackAddressWithoutAuthRefusesToStartUnlessAllowed()
    {
        var refusal = await Assert.ThrowsExactlyAsync<McpHttpServer.AuthConfigurationException>(() => HttpHarness.StartAsync(HttpSettings.Default with { Host = "0.0.0.0", Port = 0 }));
        Assert.AreEqual(
            "refusing to serve on 0.0.0.0 without authentication: anyone who reaches the port could call every tool. Configure forge.http.auth, or serve openly on purpose with --allow-unauthenticated (forge.http.allow_unauthenticated: true)",
            refusal.Message);

        // The host: exit 2 with the same words; --allow-unauthenticated serves.
        var error = new StringWriter();
        var code = await PForgeHttpHost.RunAsync(["--transport", "http", "--host", "0.0.0.0", "--port", "0"], new TestServer(), Stream.Null, Stream.Null, error, CancellationToken.None)
            .WaitAsync(TestTimeouts.Wait);
        Assert.AreEqual(2, code);
        Assert.AreEqual("test-server: " + refusal.Message + Environment.NewLine, error.ToString());

        using var stop = new CancellationTokenSource();
        var served = new StringWriter();
        var run = PForgeHttpHost.RunAsync(["--transport", "http", "--host", "0.0.0.0", "--port", "0", "--allow-unauthenticated"], new TestServer(), Stream.Null, Stream.Null, TextWriter.Synchronized(served), stop.Token);
        var url = await HttpHostTests.ListeningUrlAsync(served, run);
        StringAssert.StartsWith(url, "http://0.0.0.0:");
        await stop.CancelAsync();
        Assert.AreEqual(0, await run.WaitAsync(TestTimeouts.Wait));
    }

    [TestMethod]
    public async Task AllowedHostsAreCheckedOffTheLoopback()
    {
        await using var http = await HttpHarness.StartAsync(HttpSettings.Default with
        {
            Host = "0.0.0.0",
            Port = 0,
            AllowUnauthenticated = true,
            AllowedHosts = ["mcp.example.com", "api.example.com:8443"],
        });
        var local = new UriBuilder(http.Url) { Host = "127.0.0.1" }.Uri;
        async Task<Reply> WithHost(string host) => await http.SendAsync(http.Post(SessionHarness.InitializeRequest, configure: request =>
        {
            request.RequestUri = local;
            request.Headers.Host = host;
        }));

        foreach (var host in new[] { "mcp.example.com", "MCP.example.com:80", "api.example.com:8443", "localhost:1" })
        {
            Assert.AreEqual(200, (await WithHost(host)).Status, host);
        }

        foreach (var host in new[] { "evil.example.com", "api.example.com", "api.example.com:443", "mcp.example.com.evil.com" })
        {
            var refused = await WithHost(host);
            Assert.AreEqual(403, refused.Status, host);
            Assert.AreEqual(TransportError($"Forbidden: Host '{host}' is not a local address or one of forge.http.allowed_hosts"), refused.Body);
        }
    }
}
