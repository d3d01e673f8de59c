using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PForge.Runtime.Http.Auth;
using PForge.Runtime.Settings;

namespace PForge.Benchmarks;

/// <summary>
/// What forge.http.auth adds to a request, keys cached: an RS256 access token checked the first time (signature,
/// issuer, audience, lifetime, claims), the same token again (kept as validated), and an API key (SHA-256, constant time).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class AuthBenchmarks
{
    private const string Issuer = "https://auth.example.test";
    private const string Resource = "https://mcp.example.test/mcp";

    private JwtCheck _firstSight = null!;
    private JwtCheck _cached = null!;
    private ApiKeyCheck _apiKeys = null!;
    private string _token = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = "bench-1" };
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var jwks = $$"""{"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"bench-1","n":"{{Base64UrlEncoder.Encode(parameters.Modulus)}}","e":"{{Base64UrlEncoder.Encode(parameters.Exponent)}}"}]}""";
        var metadata = $$"""{"issuer":"{{Issuer}}","jwks_uri":"{{Issuer}}/jwks"}""";
        var http = new HttpClient(new Documents(new Dictionary<string, string>
        {
            [$"{Issuer}/.well-known/oauth-authorization-server"] = metadata,
            [$"{Issuer}/jwks"] = jwks,
        }));
        var oauth = new OAuthSettings { Issuers = [Issuer], Resource = Resource };
        IssuerKeys Keys() => new(Issuer, http, oauth.FetchTimeout, oauth.KeysRefreshInterval, oauth.KeysLifetime, TimeProvider.System);
        _firstSight = new JwtCheck(oauth, [Keys()]) { CacheTokens = false };
        _cached = new JwtCheck(oauth, [Keys()]);
        _token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Resource,
            Expires = DateTime.UtcNow.AddHours(1),
            TokenType = "at+jwt",
            Subject = new ClaimsIdentity([new Claim("sub", "user-1"), new Claim("scope", "mcp:use admin"), new Claim("client_id", "bench")]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });

        var variable = "PFORGE_BENCH_KEY";
        Environment.SetEnvironmentVariable(variable, "a-long-enough-api-key-for-the-benchmark");
        _apiKeys = ApiKeyCheck.Create([new ApiKeySettings { Name = "bench", Variable = variable }], Environment.GetEnvironmentVariable, out _)!;

        // Keys fetched once, before measuring: the benchmark is of the checks, not of the fetch.
        if (!FirstSight() || !Cached())
        {
            throw new InvalidOperationException("the benchmark token does not check");
        }
    }

    [Benchmark(Baseline = true)]
    public bool FirstSight() => _firstSight.CheckAsync(_token, Resource, CancellationToken.None).AsTask().GetAwaiter().GetResult().Succeeded;

    [Benchmark]
    public bool Cached() => _cached.CheckAsync(_token, Resource, CancellationToken.None).AsTask().GetAwaiter().GetResult().Succeeded;

    [Benchmark]
    public bool ApiKey() => _apiKeys.Find("a-long-enough-api-key-for-the-benchmark") is not null;

    /// <summary>The issuer's metadata and JWKS, from memory.</summary>
    private sealed class Documents(Dictionary<string, string> documents) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(documents.TryGetValue(request.RequestUri!.ToString(), out var body)
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") }
                : new HttpResponseMessage(HttpStatusCode.NotFound));
    }
}
