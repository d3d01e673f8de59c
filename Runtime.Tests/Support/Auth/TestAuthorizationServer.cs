using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PForge.Runtime.Tests.Support;

/// <summary>A client the authorization server knows: its credentials, the scopes it may ask for and what its tokens say.</summary>
internal sealed record TestAuthorizationClient(string ClientId, string Secret, IReadOnlyList<string> Scopes)
{
    /// <summary>The token's <c>sub</c>; the client id when not set.</summary>
    public string? Subject { get; init; }

    /// <summary>Extra string claims put in this client's access tokens (such as <c>email</c>).</summary>
    public IReadOnlyDictionary<string, string> Claims { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>What a <see cref="TestAuthorizationServer"/> serves.</summary>
internal sealed record TestAuthorizationServerOptions
{
    /// <summary>The registered clients (client_credentials only).</summary>
    public IReadOnlyList<TestAuthorizationClient> Clients { get; init; } = [];

    /// <summary>The resource URIs a token may be asked for (its <c>aud</c>); any other <c>resource</c> is <c>invalid_target</c>.</summary>
    public IReadOnlyList<Uri> Resources { get; init; } = [];

    /// <summary>The clients that may call the introspection endpoint (a resource server's own credentials; scopes unused).</summary>
    public IReadOnlyList<TestAuthorizationClient> ResourceServers { get; init; } = [];

    /// <summary>
    /// Whether the token endpoint answers opaque access tokens (random handles, valid at the introspection endpoint
    /// only) instead of the JWTs; each handle stands for the JWT it replaced, so it expires with it and is inactive
    /// after a restart (a new signing key).
    /// </summary>
    public bool OpaqueAccessTokens { get; init; }

    /// <summary>How long an access token lives (its <c>exp</c> − <c>iat</c>).</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The port on 127.0.0.1; 0 picks a free one (kept across <see cref="TestAuthorizationServer.RestartAsync"/>).</summary>
    public int Port { get; init; }
}

/// <summary>An error answer of the token or introspection endpoint (RFC 6749 §5.2), with the body as it came.</summary>
internal sealed class TokenRequestException(HttpStatusCode status, string? error, string body)
    : Exception($"the token request was refused: {(int)status} {body}")
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>The <c>error</c> member of the answer (<c>invalid_client</c>, <c>invalid_target</c>, …), if it had one.</summary>
    public string? Error { get; } = error;

    public string Body { get; } = body;
}

/// <summary>
/// A real OAuth 2.1 authorization server (OpenIddict, degraded mode: no database) hosted in the test process on
/// 127.0.0.1, issuing RS256 <c>at+jwt</c> access tokens through client_credentials, with discovery
/// (<c>/.well-known/oauth-authorization-server</c>, <c>/.well-known/openid-configuration</c>) and its JWKS
/// (<c>/.well-known/jwks</c>), and RFC 7662 introspection (<c>/connect/introspect</c>) of those tokens or of opaque
/// ones (<see cref="TestAuthorizationServerOptions.OpaqueAccessTokens"/>). Its signing key is ephemeral: <see cref="RestartAsync"/> serves a new one (a new kid) on
/// the same port, <see cref="StopAsync"/> leaves the port dead. No logging; every wait is bounded.
/// Shared by Runtime.Tests and IntegrationTests (linked into both).
/// </summary>
internal sealed class TestAuthorizationServer : IAsyncDisposable
{
    /// <summary>The bound on each start, stop and request.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public const string TokenPath = "/connect/token";

    public const string IntrospectionPath = "/connect/introspect";

    private readonly TestAuthorizationServerOptions _options;
    private readonly Dictionary<string, TestAuthorizationClient> _clients;
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = Timeout };
    private WebApplication? _app;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _opaque = new(StringComparer.Ordinal);
    private RSA? _signingKey;

    private TestAuthorizationServer(TestAuthorizationServerOptions options)
    {
        _options = options;
        _clients = options.Clients.ToDictionary(c => c.ClientId, StringComparer.Ordinal);
        Port = options.Port;
    }

    /// <summary>The port it listens on (the same after a restart).</summary>
    public int Port { get; private set; }

    /// <summary><c>http://127.0.0.1:port/</c>: the base of its endpoints.</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    /// <summary>Exactly the <c>issuer</c> its metadata reports (and its tokens' <c>iss</c>).</summary>
    public Uri Issuer { get; private set; } = null!;

    /// <summary>The <c>token_endpoint</c> of its metadata.</summary>
    public Uri TokenEndpoint { get; private set; } = null!;

    /// <summary>The <c>introspection_endpoint</c> of its metadata (RFC 7662; callers are the <see cref="TestAuthorizationServerOptions.ResourceServers"/>).</summary>
    public Uri IntrospectionEndpoint { get; private set; } = null!;

    /// <summary>The <c>jwks_uri</c> of its metadata.</summary>
    public Uri JwksUri { get; private set; } = null!;

    /// <summary>RFC 8414 metadata: <c>/.well-known/oauth-authorization-server</c>.</summary>
    public Uri MetadataUri => new(BaseUrl, "/.well-known/oauth-authorization-server");

    /// <summary>Whether it is serving (false after <see cref="StopAsync"/>).</summary>
    public bool IsRunning => _app is not null;

    public static async Task<TestAuthorizationServer> StartAsync(TestAuthorizationServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var server = new TestAuthorizationServer(options);
        try
        {
            await server.StartCoreAsync().ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Asks a token with client_credentials, as a client would (a form POST of grant_type, client_id, client_secret,
    /// scope and resource), and returns its <c>access_token</c>; an error answer throws <see cref="TokenRequestException"/>.
    /// </summary>
    public async Task<string> GetTokenAsync(string clientId, string secret, string[] scopes, string resource)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "client_credentials"),
            new("client_id", clientId),
            new("client_secret", secret),
        };
        if (scopes.Length > 0)
        {
            form.Add(new("scope", string.Join(' ', scopes)));
        }

        form.Add(new("resource", resource));
        using var content = new FormUrlEncodedContent(form);
        using var response = await _http.PostAsync(TokenEndpoint, content).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        string? error = null;
        string? token = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                error = json.RootElement.TryGetProperty("error", out var e) ? e.GetString() : null;
                token = json.RootElement.TryGetProperty("access_token", out var t) ? t.GetString() : null;
            }
        }
        catch (JsonException)
        {
        }

        if (!response.IsSuccessStatusCode || error is not null || token is null)
        {
            throw new TokenRequestException(response.StatusCode, error, body);
        }

        return token;
    }

    /// <summary>
    /// Introspects a token as a resource server would (a form POST of token, client_id and client_secret) and returns
    /// the answer's JSON; an error answer throws <see cref="TokenRequestException"/>.
    /// </summary>
    public async Task<JsonElement> IntrospectAsync(string token, string clientId, string secret)
    {
        using var content = new FormUrlEncodedContent(
        [
            new("token", token),
            new("client_id", clientId),
            new("client_secret", secret),
        ]);
        using var response = await _http.PostAsync(IntrospectionEndpoint, content).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        JsonElement answer = default;
        try
        {
            using var json = JsonDocument.Parse(body);
            answer = json.RootElement.Clone();
        }
        catch (JsonException)
        {
        }

        var error = answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("error", out var e) ? e.GetString() : null;
        if (!response.IsSuccessStatusCode || error is not null || answer.ValueKind != JsonValueKind.Object)
        {
            throw new TokenRequestException(response.StatusCode, error, body);
        }

        return answer;
    }

    /// <summary>The <c>kid</c> of every key its JWKS lists now.</summary>
    public async Task<IReadOnlyList<string>> GetKeyIdsAsync()
    {
        var jwks = await GetJsonAsync(JwksUri).ConfigureAwait(false);
        return [.. jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!)];
    }

    /// <summary>Stops and starts again on the same port with a new ephemeral signing key; checks that the kid changed.</summary>
    public async Task RestartAsync()
    {
        IReadOnlyList<string> before = IsRunning ? await GetKeyIdsAsync().ConfigureAwait(false) : [];
        await StopAsync().ConfigureAwait(false);
        await StartCoreAsync().ConfigureAwait(false);
        var after = await GetKeyIdsAsync().ConfigureAwait(false);
        if (after.Count == 0 || after.Any(before.Contains))
        {
            throw new InvalidOperationException($"the restarted authorization server kept a signing key: before [{string.Join(", ", before)}], after [{string.Join(", ", after)}]");
        }
    }

    /// <summary>Stops serving: the port refuses connections until <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        var app = _app;
        if (app is null)
        {
            return;
        }

        _app = null;
        using (var timeout = new CancellationTokenSource(Timeout))
        {
            await app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await app.DisposeAsync().ConfigureAwait(false);
        DisposeSigningKey();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            _http.Dispose();
        }
    }

    private async Task StartCoreAsync()
    {
        // A new RSA signing key each start (OpenIddict derives the kid from it), made here: OpenIddict's AddEphemeralSigningKey and
        // AddEphemeralEncryptionKey took about 2 s a start on this kind of machine. The encryption key only
        // protects tokens other than access tokens (DisableAccessTokenEncryption), so a random AES key does.
        _signingKey = RSA.Create(2048);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Port));
        builder.Services.AddOpenIddict().AddServer(Configure);
        var app = builder.Build();
        app.UseAuthentication();
        app.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        using (var timeout = new CancellationTokenSource(Timeout))
        {
            try
            {
                await app.StartAsync(timeout.Token).ConfigureAwait(false);
            }
            catch
            {
                await app.DisposeAsync().ConfigureAwait(false);
                DisposeSigningKey();
                throw;
            }
        }

        _app = app;
        var address = app.Urls.Select(u => new Uri(u)).First();
        Port = address.Port;

        var metadata = await GetJsonAsync(MetadataUri).ConfigureAwait(false);
        Issuer = new Uri(metadata.GetProperty("issuer").GetString()!);
        TokenEndpoint = new Uri(metadata.GetProperty("token_endpoint").GetString()!);
        JwksUri = new Uri(metadata.GetProperty("jwks_uri").GetString()!);
        IntrospectionEndpoint = new Uri(metadata.GetProperty("introspection_endpoint").GetString()!);
    }

    private void Configure(OpenIddictServerBuilder server)
    {
        server.SetTokenEndpointUris(TokenPath.TrimStart('/'))
            .SetIntrospectionEndpointUris(IntrospectionPath.TrimStart('/'))
            .AllowClientCredentialsFlow()
            .EnableDegradedMode()
            .AddEncryptionKey(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)))
            .AddSigningKey(new RsaSecurityKey(_signingKey!))
            .DisableAccessTokenEncryption()
            .SetAccessTokenLifetime(_options.AccessTokenLifetime)
            .RegisterScopes([.. _options.Clients.SelectMany(c => c.Scopes).Distinct(StringComparer.Ordinal)])
            .RegisterResources([.. _options.Resources]);
        server.UseAspNetCore().DisableTransportSecurityRequirement();

        server.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
        {
            if (!context.Request.IsClientCredentialsGrantType())
            {
                context.Reject(Errors.UnsupportedGrantType, "only client_credentials is served");
                return default;
            }

            if (context.ClientId is not { } id || !_clients.TryGetValue(id, out var client)
                || !string.Equals(context.Request.ClientSecret, client.Secret, StringComparison.Ordinal))
            {
                context.Reject(Errors.InvalidClient, "unknown client or wrong secret");
                return default;
            }

            var refused = context.Request.GetScopes().Where(s => !client.Scopes.Contains(s, StringComparer.Ordinal)).ToList();
            if (refused.Count > 0)
            {
                context.Reject(Errors.InvalidScope, $"scope not allowed for this client: {string.Join(' ', refused)}");
            }

            return default;
        }));

        server.AddEventHandler<OpenIddictServerEvents.ValidateIntrospectionRequestContext>(handler => handler.UseInlineHandler(context =>
        {
            var caller = _options.ResourceServers.FirstOrDefault(c => string.Equals(c.ClientId, context.ClientId, StringComparison.Ordinal));
            if (caller is null || !string.Equals(context.Request.ClientSecret, caller.Secret, StringComparison.Ordinal))
            {
                context.Reject(Errors.InvalidClient, "unknown resource server or wrong secret");
                return default;
            }

            // An opaque token stands for the JWT it was issued for: OpenIddict validates that one (signature, expiry).
            if (context.Request.Token is { } token && _opaque.TryGetValue(token, out var jwt))
            {
                context.Request.Token = jwt;
            }

            return default;
        }).SetOrder(OpenIddictServerHandlers.Introspection.ValidateAuthentication.Descriptor.Order - 1));

        // OpenIddict's degraded mode answers an introspection without the token's scope and claims (it attaches them
        // only for a caller it knows as an application): added here from the validated token, as RFC 7662 lists them.
        server.AddEventHandler<OpenIddictServerEvents.HandleIntrospectionRequestContext>(handler => handler.UseInlineHandler(context =>
        {
            if (context.GenericTokenPrincipal is not { } principal)
            {
                return default;
            }

            context.Scopes.UnionWith(principal.GetScopes());
            if ((principal.GetPresenters().FirstOrDefault() ?? principal.GetClaim(Claims.ClientId)) is { } client && _clients.TryGetValue(client, out var registered))
            {
                foreach (var name in registered.Claims.Keys)
                {
                    if (principal.GetClaim(name) is { } value)
                    {
                        context.Claims[name] = value;
                    }
                }
            }

            return default;
        }).SetOrder(OpenIddictServerHandlers.Introspection.AttachMetadataClaims.Descriptor.Order + 1));

        server.AddEventHandler<OpenIddictServerEvents.ApplyTokenResponseContext>(handler => handler.UseInlineHandler(context =>
        {
            if (_options.OpaqueAccessTokens && context.Response.AccessToken is { } jwt)
            {
                var handle = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
                _opaque[handle] = jwt;
                context.Response.AccessToken = handle;
            }

            return default;
        }).SetOrder(int.MinValue + 100_000));

        // Any registered resource server may introspect any token (OpenIddict would ask it to be the token's presenter
        // or an audience by client id): the audience is the resource server's own check.
        server.RemoveEventHandler(OpenIddictServerHandlers.Introspection.ValidateAuthorizedParty.Descriptor);

        server.AddEventHandler<OpenIddictServerEvents.HandleTokenRequestContext>(handler => handler.UseInlineHandler(context =>
        {
            var client = _clients[context.ClientId!];
            var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, client.Subject ?? client.ClientId);
            foreach (var (name, value) in client.Claims)
            {
                identity.SetClaim(name, value);
            }

            identity.SetScopes(context.Request.GetScopes());
            identity.SetResources(context.Request.GetResources());
            identity.SetPresenters(client.ClientId);
            identity.SetDestinations(_ => [Destinations.AccessToken]);
            context.SignIn(new ClaimsPrincipal(identity));
            return default;
        }));
    }

    private void DisposeSigningKey()
    {
        _signingKey?.Dispose();
        _signingKey = null;
    }

    private async Task<JsonElement> GetJsonAsync(Uri uri)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await _http.SendAsync(request).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {uri} answered {(int)response.StatusCode}: {body}");
        }

        using var json = JsonDocument.Parse(body);
        return json.RootElement.Clone();
    }
}
