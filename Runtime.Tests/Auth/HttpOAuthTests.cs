using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using PForge.Runtime.Settings;
using PForge.Runtime.Tests.Http;
using PForge.Runtime.Tests.Support;
using static PForge.Runtime.Tests.Http.StreamableHttpTests;

namespace PForge.Runtime.Tests.Auth;

/// <summary>
/// forge.http.auth.oauth against a real authorization server (OpenIddict on loopback, tokens by client_credentials):
/// what each kind of bad token gets, exactly, and that the keys are fetched, kept and refreshed as docs/auth.md says.
/// </summary>
[TestClass]
public sealed class HttpOAuthTests
{
    private const string Resource = "https://mcp.example.test/mcp";
    private const string OtherResource = "https://other.example.test/mcp";
    private const string Metadata = "https://mcp.example.test/.well-known/oauth-protected-resource/mcp";
    private const string Ping = """{"jsonrpc":"2.0","id":1,"method":"ping"}""";
    private const string Pong = """{"jsonrpc":"2.0","id":1,"result":{}}""";

    private static readonly TestAuthorizationServerOptions Options = new()
    {
        Clients =
        [
            new TestAuthorizationClient("agent", "agent-secret-0123", ["mcp:use", "admin"]) { Subject = "user-7" },
            new TestAuthorizationClient("reader", "reader-secret-4567", ["mcp:use"]),
            new TestAuthorizationClient("stranger", "stranger-secret-89", ["other"]),
        ],
        Resources = [new Uri(Resource), new Uri(OtherResource)],
    };

    private static HttpSettings Settings(TestAuthorizationServer issuer, Func<OAuthSettings, OAuthSettings>? change = null)
    {
        var oauth = new OAuthSettings { Issuers = [issuer.Issuer.AbsoluteUri], Resource = Resource, FetchTimeout = TimeSpan.FromSeconds(2) };
        return HttpSettings.Default with
        {
            Port = 0,
            Auth = new AuthSettings { OAuth = change is null ? oauth : change(oauth), Scopes = ["mcp:use"], ScopesSupported = ["admin", "mcp:use"] },
        };
    }

    private static Task<Reply> PingAsync(HttpHarness http, string? token) =>
        http.PostAsync(Ping, configure: request =>
        {
            request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
            if (token is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
            }
        });

    private static string InvalidToken(string description) =>
        $"Bearer error=\"invalid_token\", error_description=\"{description}\", scope=\"mcp:use\", resource_metadata=\"{Metadata}\"";

    private static async Task AssertInvalidAsync(HttpHarness http, string token, string description)
    {
        var reply = await PingAsync(http, token);
        Assert.AreEqual(401, reply.Status, reply.Body);
        Assert.AreEqual(TransportError("Unauthorized: " + description), reply.Body);
        Assert.AreEqual(InvalidToken(description), reply.Headers.WwwAuthenticate.ToString());
    }

    [TestMethod]
    public async Task NoTokenIs401PointingAtTheMetadataWhichNamesTheIssuer()
    {
        await using var issuer = await TestAuthorizationServer.StartAsync(Options);
        await using var http = await HttpHarness.StartAsync(Settings(issuer) with { Stateless = true });

        var reply = await PingAsync(http, null);
        Assert.AreEqual(401, reply.Status);
        Assert.AreEqual(TransportError("Unauthorized: a bearer token is required (Authorization: Bearer)"), reply.Body);
        Assert.AreEqual($"Bearer scope=\"mcp:use\", resource_metadata=\"{Metadata}\"", reply.Headers.WwwAuthenticate.ToString());

        var expected = $$"""{"resource":"{{Resource}}","authorization_servers":["{{issuer.Issuer.AbsoluteUri}}"],"scopes_supported":["admin","mcp:use"],"bearer_methods_supported":["header"],"resource_name":"test-server"}""";
        foreach (var path in new[] { "/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp" })
        {
            using var response = await http.Client.GetAsync(new Uri(http.Url, path));
            Assert.AreEqual(200, (int)response.StatusCode, path);
            Assert.AreEqual("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.AreEqual(expected, await response.Content.ReadAsStringAsync());
        }

        using var other = await http.Client.GetAsync(new Uri(http.Url, "/.well-known/oauth-protected-resource/elsewhere"));
        Assert.AreEqual(404, (int)other.StatusCode);
    }

    [TestMethod]
    public async Task AValidTokenIsServedAndABadOneOfEachKindIs401WithItsReason()
    {
        await using var issuer = await TestAuthorizationServer.StartAsync(Options);
        await using var stranger = await TestAuthorizationServer.StartAsync(Options);
        await using var http = await HttpHarness.StartAsync(Settings(issuer) with { Stateless = true });
        var token = await issuer.GetTokenAsync("reader", "reader-secret-4567", ["mcp:use"], Resource);

        var ok = await PingAsync(http, token);
        Assert.AreEqual(200, ok.Status, ok.Body);
        Assert.AreEqual(Pong, ok.Body);

        await AssertInvalidAsync(http, await issuer.GetTokenAsync("reader", "reader-secret-4567", ["mcp:use"], OtherResource),
            $"the token's audience is not this server ({Resource})");
        await AssertInvalidAsync(http, await stranger.GetTokenAsync("reader", "reader-secret-4567", ["mcp:use"], Resource),
            $"the token's issuer '{stranger.Issuer.AbsoluteUri}' is not one this server accepts");

        var parts = token.Split('.');
        var tampered = parts[2][..^4] + (parts[2][^4] == 'A' ? 'B' : 'A') + parts[2][^3..];
        await AssertInvalidAsync(http, $"{parts[0]}.{parts[1]}.{tampered}", "the token's signature does not verify");

        var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(parts[1])).RootElement;
        var kid = JsonDocument.Parse(Base64UrlEncoder.Decode(parts[0])).RootElement.GetProperty("kid").GetString();
        var none = Base64UrlEncoder.Encode($$"""{"alg":"none","typ":"at+jwt","kid":"{{kid}}"}""");
        await AssertInvalidAsync(http, $"{none}.{parts[1]}.", "the token is not signed (alg none)");

        // HS256 signed with the issuer's public key as the secret: the classic key-confusion attack.
        var hs = Base64UrlEncoder.Encode($$"""{"alg":"HS256","typ":"at+jwt","kid":"{{kid}}"}""");
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes(await http.Client.GetStringAsync(issuer.JwksUri)));
        var signature = Base64UrlEncoder.Encode(hmac.ComputeHash(Encoding.ASCII.GetBytes($"{hs}.{parts[1]}")));
        await AssertInvalidAsync(http, $"{hs}.{parts[1]}.{signature}", "the token's algorithm 'HS256' is not accepted");

        await AssertInvalidAsync(http, "not-a-jwt", "the bearer token is not a JWT, and this server introspects no opaque tokens");
        await AssertInvalidAsync(http, "a.b.c", "the bearer token is not a well-formed JWT");
        Assert.IsTrue(payload.TryGetProperty("exp", out _));
        Assert.IsFalse(http.Log.Contains(parts[2], StringComparison.Ordinal), "a token never reaches the log");
    }

    [TestMethod]
    public async Task AnExpiredTokenIs401()
    {
        await using var issuer = await TestAuthorizationServer.StartAsync(Options with { AccessTokenLifetime = TimeSpan.FromSeconds(1) });
        await using var http = await HttpHarness.StartAsync(Settings(issuer, oauth => oauth with { ClockSkew = TimeSpan.Zero }) with { Stateless = true });
        var token = await issuer.GetTokenAsync("reader", "reader-secret-4567", ["mcp:use"], Resource);
        var exp = JsonDocument.Parse(Base64UrlEncoder.Decode(token.Split('.')[1])).RootElement.GetProperty("exp").GetInt64();
        await Task.Delay(DateTimeOffset.FromUnixTimeSeconds(exp) - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(1100));

        await AssertInvalidAsync(http, token, $"the token expired at {DateTimeOffset.FromUnixTimeSeconds(exp).UtcDateTime:O}");
    }

    [TestMethod]
    public async Task ATokenWithoutTheServersScopeIs403NamingIt()
    {
        await using var issuer = await TestAuthorizationServer.StartAsync(Options);
        await using var http = await HttpHarness.StartAsync(Settings(issuer) with { Stateless = true });
        var reply = await PingAsync(http, await issuer.GetTokenAsync("stranger", "stranger-secret-89", ["other"], Resource));
        Assert.AreEqual(403, reply.Status);
        Assert.AreEqual(TransportError("Forbidden: this server needs scope 'mcp:use'"), reply.Body);
        Assert.AreEqual(
            $"Bearer error=\"insufficient_scope\", error_description=\"this server needs scope 'mcp:use'\", scope=\"mcp:use\", resource_metadata=\"{Metadata}\"",
            reply.Headers.WwwAuthenticate.ToString());
    }

    [TestMethod]
    public async Task ANewSigningKeyIsFetchedOnItsFirstToken()
    {
        await using var issuer = await TestAuthorizationServer.StartAsync(Options);
        await using var http = await HttpHarness.StartAsync(Settings(issuer, oauth => oauth with { KeysRefreshInterval = TimeSpan.Zero }) with { Stateless = true });
        Assert.AreEqual(200, (await PingAsync(http, await issuer.GetTokenAsync("reader", "reader-secret-4567", ["mcp:use"], Resource))).Status);

        await issuer.RestartAsync();
        var rotated = await issuer.GetTokenAsync("reader", "reader-secret-4567", ["mcp:use"], Resource);
        var reply = await PingAsync(http, rotated);
        Assert.AreEqual(200, reply.Status, reply.Body);
        Assert.AreEqual(Pong, reply.Body);
    }

    [TestMethod]
    public async Task AnIssuerThatIsDownIs503WithoutKeysAndServesWithTheKeysItHas()
    {
        await using var issuer = await TestAuthorizationServer.StartAsync(Options);
        await using var http = await HttpHarness.StartAsync(Settings(issuer) with { Stateless = true });
        await using var cold = await HttpHarness.StartAsync(Settings(issuer) with { Stateless = true });
        var token = await issuer.GetTokenAsync("reader", "reader-secret-4567", ["mcp:use"], Resource);
        var other = await issuer.GetTokenAsync("agent", "agent-secret-0123", ["mcp:use"], Resource);
        Assert.AreEqual(200, (await PingAsync(http, token)).Status);

        await issuer.StopAsync();
        var kept = await PingAsync(http, other);
        Assert.AreEqual(200, kept.Status, "keys fetched before the issuer went down still check its tokens: " + kept.Body);

        var started = DateTime.UtcNow;
        var reply = await PingAsync(cold, token);
        Assert.AreEqual(503, reply.Status);
        Assert.AreEqual("5", reply.Headers.RetryAfter?.ToString());
        StringAssert.StartsWith(reply.Body, $$"""{"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"Service Unavailable: the signing keys of {{issuer.Issuer.AbsoluteUri}} cannot be fetched: GET http://127.0.0.1:{{issuer.Port}}/.well-known/oauth-authorization-server failed: """);
        Assert.IsTrue(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "a dead issuer is answered within the fetch timeout");
        StringAssert.Contains(cold.Log, "answered 503 to a request: the signing keys of");
    }

    [TestMethod]
    public async Task ASessionServesOnlyTheCallerThatOpenedIt()
    {
        await using var issuer = await TestAuthorizationServer.StartAsync(Options);
        await using var http = await HttpHarness.StartAsync(Settings(issuer));
        var agent = await issuer.GetTokenAsync("agent", "agent-secret-0123", ["mcp:use"], Resource);
        var reader = await issuer.GetTokenAsync("reader", "reader-secret-4567", ["mcp:use"], Resource);
        var initialize = await http.PostAsync(SessionHarness.InitializeRequest, configure: request => request.Headers.Add("Authorization", "Bearer " + agent));
        Assert.AreEqual(200, initialize.Status, initialize.Body);
        var session = initialize.SessionId!;

        var own = await http.PostAsync(Ping, session, request => request.Headers.Add("Authorization", "Bearer " + agent));
        Assert.AreEqual(Pong, own.Body);
        var stolen = await http.PostAsync(Ping, session, request => request.Headers.Add("Authorization", "Bearer " + reader));
        Assert.AreEqual(404, stolen.Status);
        Assert.AreEqual(TransportError("Not Found: no such session (it expired or was deleted); send initialize to start a new one"), stolen.Body);
    }

    private static Task<Reply> CallAsync(HttpHarness http, string token, string body) =>
        http.PostAsync(body, configure: request =>
        {
            request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        });

    [TestMethod]
    public async Task AScopedToolIs403WithoutItsScopeAndHiddenFromTheList()
    {
        await using var issuer = await TestAuthorizationServer.StartAsync(Options);
        await using var http = await HttpHarness.StartAsync(Settings(issuer) with { Stateless = true });
        var agent = await issuer.GetTokenAsync("agent", "agent-secret-0123", ["mcp:use", "admin"], Resource);
        var reader = await issuer.GetTokenAsync("reader", "reader-secret-4567", ["mcp:use"], Resource);
        const string Call = """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"whoami_scoped","arguments":{}}}""";

        var allowed = await CallAsync(http, agent, Call);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"user-7"}]}}""", allowed.Body);

        var refused = await CallAsync(http, reader, Call);
        Assert.AreEqual(403, refused.Status);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":2,"error":{"code":-32000,"message":"Forbidden: tool 'whoami_scoped' needs scope 'admin'"}}""", refused.Body);
        Assert.AreEqual(
            $"Bearer error=\"insufficient_scope\", error_description=\"tool 'whoami_scoped' needs scope 'admin'\", scope=\"mcp:use admin\", resource_metadata=\"{Metadata}\"",
            refused.Headers.WwwAuthenticate.ToString());

        const string List = """{"jsonrpc":"2.0","id":3,"method":"tools/list"}""";
        var full = """{"jsonrpc":"2.0","id":3,"result":""" + TestServer.ToolsList + "}";
        Assert.AreEqual(full, (await CallAsync(http, agent, List)).Body);
        var hidden = full.Replace("""{"name":"whoami_scoped","inputSchema":{"type":"object"}},""", string.Empty, StringComparison.Ordinal);
        Assert.AreNotEqual(full, hidden);
        Assert.AreEqual(hidden, (await CallAsync(http, reader, List)).Body);
    }

    [TestMethod]
    public async Task AClaimBoundParameterIsTheTokensSubjectAndNeverTheClients()
    {
        await using var issuer = await TestAuthorizationServer.StartAsync(Options);
        await using var http = await HttpHarness.StartAsync(Settings(issuer) with { Stateless = true });
        var agent = await issuer.GetTokenAsync("agent", "agent-secret-0123", ["mcp:use"], Resource);

        var own = await CallAsync(http, agent, """{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"whoami","arguments":{}}}""");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":4,"result":{"content":[{"type":"text","text":"user-7"}]}}""", own.Body);

        var forged = await CallAsync(http, agent, """{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"whoami","arguments":{"caller":"admin"}}}""");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":5,"result":{"content":[{"type":"text","text":"Parameter 'caller' is set from the caller's identity (claim 'sub'); a client may not send it"}],"isError":true}}""",
            forged.Body);
    }

    [TestMethod]
    public async Task AnOpaqueTokenIsIntrospectedWithTheServersOwnCredentials()
    {
        await using var issuer = await TestAuthorizationServer.StartAsync(Options with
        {
            OpaqueAccessTokens = true,
            ResourceServers = [new TestAuthorizationClient("mcp-server", "rs-secret-89ab", [])],
        });
        IntrospectionSettings Introspection(string secret) => new() { ClientIdVariable = Variable("mcp-server"), ClientSecretVariable = Variable(secret) };
        await using var http = await HttpHarness.StartAsync(Settings(issuer, oauth => oauth with { Introspection = Introspection("rs-secret-89ab") }) with { Stateless = true });
        var agent = await issuer.GetTokenAsync("agent", "agent-secret-0123", ["mcp:use"], Resource);
        Assert.AreEqual(1, agent.Split('.').Length, "an opaque token, not a JWT");

        // The identity comes from the introspection answer: whoami's claim-bound caller is the token's sub.
        var own = await CallAsync(http, agent, """{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"whoami","arguments":{}}}""");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":4,"result":{"content":[{"type":"text","text":"user-7"}]}}""", own.Body);

        await AssertInvalidAsync(http, "not-a-token-it-issued", "the token is not active (introspection)");
        await AssertInvalidAsync(http, await issuer.GetTokenAsync("agent", "agent-secret-0123", ["mcp:use"], OtherResource),
            $"the token's audience is not this server ({Resource})");
        var stranger = await PingAsync(http, await issuer.GetTokenAsync("stranger", "stranger-secret-89", ["other"], Resource));
        Assert.AreEqual(403, stranger.Status);
        Assert.AreEqual(TransportError("Forbidden: this server needs scope 'mcp:use'"), stranger.Body);

        // A server whose own credentials the authorization server refuses cannot judge tokens: 503, never a pass.
        await using var refused = await HttpHarness.StartAsync(Settings(issuer, oauth => oauth with { Introspection = Introspection("wrong-secret") }) with { Stateless = true });
        var reply = await PingAsync(refused, agent);
        Assert.AreEqual(503, reply.Status);
        Assert.AreEqual(TransportError("Service Unavailable: the introspection endpoint answered 401"), reply.Body);
    }

    private static string Variable(string value)
    {
        var name = "PFORGE_TEST_INTROSPECTION_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, value);
        return name;
    }
}
