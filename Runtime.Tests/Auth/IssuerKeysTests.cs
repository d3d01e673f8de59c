using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using PForge.Runtime.Http.Auth;

namespace PForge.Runtime.Tests.Auth;

/// <summary>How often an issuer's metadata and keys are fetched: once, again for an unknown kid at most once per interval, and when old.</summary>
[TestClass]
public sealed class IssuerKeysTests
{
    private const string Issuer = "https://auth.example.test";

    private sealed class CountingIssuer : HttpMessageHandler
    {
        public int JwksFetches;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var url = request.RequestUri!.ToString();
            string? body = url switch
            {
                Issuer + "/.well-known/oauth-authorization-server" => $$"""{"issuer":"{{Issuer}}","jwks_uri":"{{Issuer}}/jwks"}""",
                Issuer + "/jwks" => Interlocked.Increment(ref JwksFetches) > 0 ? """{"keys":[{"kty":"RSA","use":"sig","kid":"k1","n":"sXch","e":"AQAB"}]}""" : null,
                _ => null,
            };
            return Task.FromResult(body is null
                ? new HttpResponseMessage(HttpStatusCode.NotFound)
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }

    [TestMethod]
    public async Task AnUnknownKidRefetchesAtMostOncePerIntervalAndOldKeysAreRefetched()
    {
        var handler = new CountingIssuer();
        using var http = new HttpClient(handler);
        var time = new FakeTimeProvider();
        var keys = new IssuerKeys(Issuer, http, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromHours(1), time);

        var first = await keys.GetAsync("k1", CancellationToken.None);
        Assert.AreEqual("k1", first.Keys.Single().KeyId);
        Assert.AreEqual(1, handler.JwksFetches);
        await keys.GetAsync("k1", CancellationToken.None);
        Assert.AreEqual(1, handler.JwksFetches, "a known kid is served from the keys held");

        time.Advance(TimeSpan.FromSeconds(11));
        await keys.GetAsync("k2", CancellationToken.None);
        Assert.AreEqual(2, handler.JwksFetches, "an unknown kid fetches at once");
        for (var i = 0; i < 20; i++)
        {
            await keys.GetAsync("made-up-" + i, CancellationToken.None);
        }

        Assert.AreEqual(2, handler.JwksFetches, "within the interval, made-up kids fetch nothing");
        time.Advance(TimeSpan.FromSeconds(11));
        await keys.GetAsync("k3", CancellationToken.None);
        Assert.AreEqual(3, handler.JwksFetches);

        time.Advance(TimeSpan.FromHours(2));
        await keys.GetAsync("k1", CancellationToken.None);
        Assert.AreEqual(4, handler.JwksFetches, "keys older than their lifetime are fetched again");
    }

    [TestMethod]
    public async Task AnIssuerWithoutMetadataIsUnavailableNamingWhereItLooked()
    {
        using var http = new HttpClient(new CountingIssuer());
        var keys = new IssuerKeys("https://auth.example.test/tenant", http, TimeSpan.FromSeconds(2), TimeSpan.Zero, TimeSpan.FromHours(1), TimeProvider.System);
        var refusal = await Assert.ThrowsExactlyAsync<IssuerUnavailableException>(() => keys.GetAsync(null, CancellationToken.None).AsTask());
        Assert.AreEqual(
            "https://auth.example.test/tenant publishes no authorization server metadata (tried https://auth.example.test/.well-known/oauth-authorization-server/tenant and https://auth.example.test/tenant/.well-known/openid-configuration)",
            refusal.Message);
    }
}
