using System.Net;
using System.Text;
using System.Text.Json;
using PForge.Runtime.Tests.Support;

namespace PForge.Runtime.Tests.Auth;

/// <summary>The authorization server the auth tests get their tokens from: what it issues, what it refuses, its keys.</summary>
[TestClass]
public sealed class TestAuthorizationServerTests
{
    private const string McpUrl = "http://127.0.0.1:5599/mcp";
    private const string OtherUrl = "http://127.0.0.1:5600/other";

    private static readonly TestAuthorizationServerOptions Options = new()
    {
        Clients =
        [
            new TestAuthorizationClient("agent", "agent-secret-0123", ["tools:read", "tools:write"])
            {
                Claims = new Dictionary<string, string>(StringComparer.Ordinal) { ["email"] = "agent@example.com" },
            },
            new TestAuthorizationClient("reader", "reader-secret-4567", ["tools:read"]) { Subject = "user-42" },
        ],
        Resources = [new Uri(McpUrl), new Uri(OtherUrl)],
        ResourceServers = [new TestAuthorizationClient("mcp-server", "rs-secret-89ab", [])],
    };

    [TestMethod]
    public async Task ATokenCarriesTheAskedScopeAudienceAndClaims()
    {
        await using var server = await TestAuthorizationServer.StartAsync(Options);
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var token = await server.GetTokenAsync("agent", "agent-secret-0123", ["tools:read"], McpUrl);

        var (header, payload) = Decode(token);
        Assert.AreEqual("at+jwt", header.GetProperty("typ").GetString());
        Assert.AreEqual("RS256", header.GetProperty("alg").GetString());
        CollectionAssert.Contains((await server.GetKeyIdsAsync()).ToList(), header.GetProperty("kid").GetString());
        Assert.AreEqual($"http://127.0.0.1:{server.Port}/", server.Issuer.AbsoluteUri);
        Assert.AreEqual(server.Issuer.AbsoluteUri, payload.GetProperty("iss").GetString());
        Assert.AreEqual(McpUrl, Audience(payload));
        Assert.AreEqual("tools:read", payload.GetProperty("scope").GetString());
        Assert.AreEqual("agent", payload.GetProperty("sub").GetString());
        Assert.AreEqual("agent", payload.GetProperty("client_id").GetString());
        Assert.AreEqual("agent@example.com", payload.GetProperty("email").GetString());
        var exp = payload.GetProperty("exp").GetInt64();
        Assert.IsTrue(exp >= before + 3600 - 5 && exp <= before + 3600 + 60, $"exp {exp}, now {before}");
        Assert.AreEqual(new Uri(server.BaseUrl, "/connect/token"), server.TokenEndpoint);
    }

    [TestMethod]
    public async Task TheSubjectTheLifetimeAndAnotherAudienceAreAsConfigured()
    {
        await using var server = await TestAuthorizationServer.StartAsync(Options with { AccessTokenLifetime = TimeSpan.FromSeconds(2) });

        var token = await server.GetTokenAsync("reader", "reader-secret-4567", ["tools:read"], OtherUrl);

        var (_, payload) = Decode(token);
        Assert.AreEqual("user-42", payload.GetProperty("sub").GetString());
        Assert.AreEqual(OtherUrl, Audience(payload));
        Assert.IsFalse(payload.TryGetProperty("email", out _));
        Assert.AreEqual(2, payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64());
    }

    [TestMethod]
    public async Task TheMetadataNamesTheIssuerTheTokenEndpointAndTheKeys()
    {
        await using var server = await TestAuthorizationServer.StartAsync(Options);
        using var http = new HttpClient { Timeout = TestTimeouts.Wait };

        foreach (var path in new[] { "/.well-known/oauth-authorization-server", "/.well-known/openid-configuration" })
        {
            using var metadata = JsonDocument.Parse(await http.GetStringAsync(new Uri(server.BaseUrl, path)));
            Assert.AreEqual(server.Issuer.AbsoluteUri, metadata.RootElement.GetProperty("issuer").GetString(), path);
            Assert.AreEqual(server.TokenEndpoint.AbsoluteUri, metadata.RootElement.GetProperty("token_endpoint").GetString(), path);
            Assert.AreEqual(new Uri(server.BaseUrl, "/.well-known/jwks").AbsoluteUri, metadata.RootElement.GetProperty("jwks_uri").GetString(), path);
        }
    }

    [TestMethod]
    public async Task AWrongSecretIsInvalidClient()
    {
        await using var server = await TestAuthorizationServer.StartAsync(Options);

        var error = await Assert.ThrowsExactlyAsync<TokenRequestException>(() => server.GetTokenAsync("agent", "wrong-secret", ["tools:read"], McpUrl));

        Assert.AreEqual("invalid_client", error.Error);
        StringAssert.Contains(error.Body, "\"error\": \"invalid_client\"");
        Assert.AreEqual(HttpStatusCode.Unauthorized, error.Status);

        var unknown = await Assert.ThrowsExactlyAsync<TokenRequestException>(() => server.GetTokenAsync("nobody", "agent-secret-0123", ["tools:read"], McpUrl));
        Assert.AreEqual("invalid_client", unknown.Error);
    }

    [TestMethod]
    public async Task AnUnregisteredResourceIsInvalidTarget()
    {
        await using var server = await TestAuthorizationServer.StartAsync(Options);

        var error = await Assert.ThrowsExactlyAsync<TokenRequestException>(() => server.GetTokenAsync("agent", "agent-secret-0123", ["tools:read"], "http://127.0.0.1:5601/elsewhere"));

        Assert.AreEqual("invalid_target", error.Error);
        Assert.AreEqual(HttpStatusCode.BadRequest, error.Status);
    }

    [TestMethod]
    public async Task AScopeTheClientMayNotHaveIsInvalidScope()
    {
        await using var server = await TestAuthorizationServer.StartAsync(Options);

        var error = await Assert.ThrowsExactlyAsync<TokenRequestException>(() => server.GetTokenAsync("reader", "reader-secret-4567", ["tools:write"], McpUrl));

        Assert.AreEqual("invalid_scope", error.Error);
    }

    [TestMethod]
    public async Task ARestartServesANewKeyOnTheSamePort()
    {
        await using var server = await TestAuthorizationServer.StartAsync(Options);
        var port = server.Port;
        var issuer = server.Issuer;
        var before = await JwksKeyIdsAsync(server.JwksUri);
        var oldToken = await server.GetTokenAsync("agent", "agent-secret-0123", ["tools:read"], McpUrl);

        await server.RestartAsync();

        Assert.AreEqual(port, server.Port);
        Assert.AreEqual(issuer, server.Issuer);
        var after = await JwksKeyIdsAsync(server.JwksUri);
        Assert.AreEqual(1, before.Count);
        Assert.AreEqual(1, after.Count);
        Assert.AreNotEqual(before[0], after[0]);
        Assert.AreEqual(before[0], Decode(oldToken).Header.GetProperty("kid").GetString());
        var newToken = await server.GetTokenAsync("agent", "agent-secret-0123", ["tools:read"], McpUrl);
        Assert.AreEqual(after[0], Decode(newToken).Header.GetProperty("kid").GetString());
    }

    [TestMethod]
    public async Task AStoppedServerLeavesItsKeysUnreachableUntilRestarted()
    {
        await using var server = await TestAuthorizationServer.StartAsync(Options);
        var jwks = server.JwksUri;
        var before = await JwksKeyIdsAsync(jwks);

        await server.StopAsync();

        Assert.IsFalse(server.IsRunning);
        var error = await Assert.ThrowsExactlyAsync<HttpRequestException>(() => JwksKeyIdsAsync(jwks));
        Assert.AreEqual(System.Net.Http.HttpRequestError.ConnectionError, error.HttpRequestError);

        await server.RestartAsync();
        var after = await JwksKeyIdsAsync(jwks);
        Assert.AreNotEqual(before[0], after[0]);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public async Task IntrospectionAnswersActiveScopeAudienceExpirySubjectAndClaims(bool opaque)
    {
        await using var server = await TestAuthorizationServer.StartAsync(Options with { OpaqueAccessTokens = opaque });
        Assert.AreEqual(new Uri(server.BaseUrl, "/connect/introspect"), server.IntrospectionEndpoint);
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var token = await server.GetTokenAsync("agent", "agent-secret-0123", ["tools:read", "tools:write"], McpUrl);
        Assert.AreEqual(opaque ? 1 : 3, token.Split('.').Length, token);

        var answer = await server.IntrospectAsync(token, "mcp-server", "rs-secret-89ab");
        Assert.IsTrue(answer.GetProperty("active").GetBoolean());
        Assert.AreEqual("tools:read tools:write", answer.GetProperty("scope").GetString());
        Assert.AreEqual(McpUrl, Audience(answer));
        Assert.AreEqual("agent", answer.GetProperty("sub").GetString());
        Assert.AreEqual("agent", answer.GetProperty("client_id").GetString());
        Assert.AreEqual("agent@example.com", answer.GetProperty("email").GetString());
        Assert.AreEqual(server.Issuer.AbsoluteUri, answer.GetProperty("iss").GetString());
        Assert.AreEqual("Bearer", answer.GetProperty("token_type").GetString());
        var exp = answer.GetProperty("exp").GetInt64();
        Assert.IsTrue(exp >= before + 3600 - 5 && exp <= before + 3600 + 60, $"exp {exp}, now {before}");
    }

    [TestMethod]
    public async Task IntrospectionOfAnExpiredUnknownOrOrphanedTokenIsInactive()
    {
        await using var server = await TestAuthorizationServer.StartAsync(Options with { OpaqueAccessTokens = true, AccessTokenLifetime = TimeSpan.FromSeconds(1) });
        var token = await server.GetTokenAsync("agent", "agent-secret-0123", ["tools:read"], McpUrl);
        Assert.IsTrue((await server.IntrospectAsync(token, "mcp-server", "rs-secret-89ab")).GetProperty("active").GetBoolean());

        var unknown = await server.IntrospectAsync("not-a-token-it-issued", "mcp-server", "rs-secret-89ab");
        Assert.AreEqual("""{"active":false}""", JsonSerializer.Serialize(unknown));

        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        while ((await server.IntrospectAsync(token, "mcp-server", "rs-secret-89ab")).GetProperty("active").GetBoolean())
        {
            await Task.Delay(100, timeout.Token);
        }

        var fresh = await server.GetTokenAsync("agent", "agent-secret-0123", ["tools:read"], McpUrl);
        await server.RestartAsync();
        var orphaned = await server.IntrospectAsync(fresh, "mcp-server", "rs-secret-89ab");
        Assert.AreEqual("""{"active":false}""", JsonSerializer.Serialize(orphaned));
    }

    [TestMethod]
    public async Task IntrospectionByAnUnknownCallerIsInvalidClient()
    {
        await using var server = await TestAuthorizationServer.StartAsync(Options);
        var token = await server.GetTokenAsync("agent", "agent-secret-0123", ["tools:read"], McpUrl);

        var wrongSecret = await Assert.ThrowsExactlyAsync<TokenRequestException>(() => server.IntrospectAsync(token, "mcp-server", "wrong"));
        Assert.AreEqual("invalid_client", wrongSecret.Error);
        Assert.AreEqual(HttpStatusCode.Unauthorized, wrongSecret.Status);

        // A client that may ask tokens is no resource server.
        var client = await Assert.ThrowsExactlyAsync<TokenRequestException>(() => server.IntrospectAsync(token, "agent", "agent-secret-0123"));
        Assert.AreEqual("invalid_client", client.Error);
    }

    private static async Task<IReadOnlyList<string>> JwksKeyIdsAsync(Uri jwks)
    {
        using var http = new HttpClient { Timeout = TestTimeouts.Wait };
        using var document = JsonDocument.Parse(await http.GetStringAsync(jwks));
        var keys = document.RootElement.GetProperty("keys").EnumerateArray().ToList();
        foreach (var key in keys)
        {
            Assert.AreEqual("RSA", key.GetProperty("kty").GetString());
        }

        return [.. keys.Select(k => k.GetProperty("kid").GetString()!)];
    }

    private static string Audience(JsonElement payload)
    {
        var aud = payload.GetProperty("aud");
        return aud.ValueKind == JsonValueKind.Array ? string.Join(' ', aud.EnumerateArray().Select(a => a.GetString())) : aud.GetString()!;
    }

    private static (JsonElement Header, JsonElement Payload) Decode(string jwt)
    {
        var parts = jwt.Split('.');
        Assert.HasCount(3, parts);
        return (Part(parts[0]), Part(parts[1]));

        static JsonElement Part(string segment)
        {
            var base64 = segment.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64)));
            return document.RootElement.Clone();
        }
    }
}
