using System.Net;
using Microsoft.AspNetCore.Http;
using PForge.Runtime.Settings;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Http.Auth;

/// <summary>
/// Who sent a request (<c>forge.http.auth</c>): a bearer token of an accepted authorization server (a JWT checked here,
/// or an opaque token introspected), or an API key (<c>X-API-Key</c>, or as the bearer token). Never a token from the
/// query string, and the token is never passed on: tools that call other APIs use their own credentials.
/// </summary>
internal sealed class HttpAuthenticator : IDisposable
{
    public const string ApiKeyHeader = "X-API-Key";

    // A bearer token longer than this is refused before any parsing.
    private const int MaxTokenLength = 16 * 1024;

    private readonly AuthSettings _settings;
    private readonly HttpClient? _http;
    private readonly JwtCheck? _jwt;
    private readonly TokenIntrospection? _introspection;
    private readonly ApiKeyCheck _apiKeys;

    private HttpAuthenticator(AuthSettings settings, HttpClient? http, JwtCheck? jwt, TokenIntrospection? introspection, ApiKeyCheck apiKeys)
    {
        _settings = settings;
        _http = http;
        _jwt = jwt;
        _introspection = introspection;
        _apiKeys = apiKeys;
    }

    public AuthSettings Settings => _settings;

    /// <summary>Null when <paramref name="settings"/> configures no scheme; otherwise the authenticator, or null with <paramref name="problem"/>.</summary>
    public static HttpAuthenticator? Create(AuthSettings settings, Func<string, string?> environment, TimeProvider time, out string? problem)
    {
        problem = null;
        if (!settings.IsEnabled)
        {
            return null;
        }

        if (ApiKeyCheck.Create(settings.ApiKeys, environment, out problem) is not { } apiKeys)
        {
            return null;
        }

        if (settings.OAuth is not { } oauth)
        {
            return new HttpAuthenticator(settings, null, null, null, apiKeys);
        }

        if (oauth.Issuers.Count == 0)
        {
            problem = "forge.http.auth.oauth names no issuer";
            return null;
        }

        foreach (var issuer in oauth.Issuers)
        {
            if (!Uri.TryCreate(issuer, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            {
                problem = $"the issuer '{issuer}' is not an absolute http(s) URL";
                return null;
            }
        }

        foreach (var algorithm in oauth.Algorithms)
        {
            if (!OAuthSettings.DefaultAlgorithms.Contains(algorithm, StringComparer.Ordinal))
            {
                problem = $"the algorithm '{algorithm}' is not accepted: only asymmetric signatures (RS, PS, ES with 256, 384 or 512)";
                return null;
            }
        }

        var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = oauth.FetchTimeout,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = oauth.FetchTimeout,
        };
        var issuers = oauth.Issuers.Select(issuer => new IssuerKeys(issuer, http, oauth.FetchTimeout, oauth.KeysRefreshInterval, oauth.KeysLifetime, time)).ToArray();
        TokenIntrospection? introspection = null;
        if (oauth.Introspection is { } introspect)
        {
            var clientId = environment(introspect.ClientIdVariable);
            var clientSecret = environment(introspect.ClientSecretVariable);
            if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(clientSecret))
            {
                http.Dispose();
                problem = $"introspection needs the client id and secret from the environment variables {introspect.ClientIdVariable} and {introspect.ClientSecretVariable}, which are not both set";
                return null;
            }

            introspection = new TokenIntrospection(introspect, clientId, clientSecret, issuers[0], oauth, http, time);
        }

        return new HttpAuthenticator(settings, http, new JwtCheck(oauth, issuers) { Time = time }, introspection, apiKeys);
    }

    /// <summary>
    /// This server's resource identifier: the configured one, else the endpoint's URL as this request reached it (the
    /// host allows that only where the Host header is checked).
    /// </summary>
    public string Resource(HttpRequest request) =>
        _settings.OAuth?.Resource ?? $"{request.Scheme}://{request.Host.Value}{request.PathBase.Value}{McpPath(request)}";

    /// <summary>Where the protected resource metadata of <paramref name="resource"/> lies (RFC 9728 §3.1).</summary>
    public static string MetadataUrl(string resource)
    {
        var uri = new Uri(resource);
        var path = uri.AbsolutePath == "/" ? string.Empty : uri.AbsolutePath.TrimEnd('/');
        return $"{uri.GetLeftPart(UriPartial.Authority)}{ProtectedResourceMetadata.WellKnown}{path}";
    }

    // The MCP path, so a metadata request derives the resource of the endpoint, not of its own URL.
    internal string Path { get; set; } = "/mcp";

    private string McpPath(HttpRequest request) =>
        request.Path.StartsWithSegments(ProtectedResourceMetadata.WellKnown, StringComparison.Ordinal) ? Path : request.Path.Value ?? Path;

    public bool HasOAuth => _jwt is not null;

    public async ValueTask<AuthOutcome> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var outcome = await IdentifyAsync(request, cancellationToken).ConfigureAwait(false);
        if (outcome.User is { } user && user.FirstMissingScope(_settings.Scopes) is { } missing)
        {
            return AuthOutcome.InsufficientScope($"this server needs scope '{missing}'", _settings.Scopes);
        }

        return outcome;
    }

    private async ValueTask<AuthOutcome> IdentifyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var keys = request.Headers[ApiKeyHeader];
        var authorizations = request.Headers.Authorization;
        if (keys.Count > 1 || authorizations.Count > 1)
        {
            return AuthOutcome.InvalidRequest("send one set of credentials: a single Authorization or X-API-Key header");
        }

        if (keys.Count == 1)
        {
            if (authorizations.Count == 1)
            {
                return AuthOutcome.InvalidRequest("send one set of credentials: Authorization or X-API-Key, not both");
            }

            return !_apiKeys.IsEmpty && _apiKeys.Find(keys[0]) is { } keyUser
                ? AuthOutcome.Allowed(keyUser)
                : AuthOutcome.InvalidToken("the API key is not valid");
        }

        if (authorizations.Count == 0)
        {
            return AuthOutcome.Missing(_jwt is null
                ? "an API key is required (X-API-Key or Authorization: Bearer)"
                : "a bearer token is required (Authorization: Bearer)");
        }

        var header = authorizations[0].AsSpan().Trim();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthOutcome.InvalidToken("the Authorization header must be 'Bearer <token>'");
        }

        var token = header[7..].Trim();
        if (token.IsEmpty || token.Length > MaxTokenLength || !IsToken68(token))
        {
            return AuthOutcome.InvalidToken(token.Length > MaxTokenLength ? $"the bearer token is longer than {MaxTokenLength} characters" : "the bearer token is malformed");
        }

        if (!_apiKeys.IsEmpty && _apiKeys.Find(token) is { } bearerKeyUser)
        {
            return AuthOutcome.Allowed(bearerKeyUser);
        }

        if (_jwt is null)
        {
            return AuthOutcome.InvalidToken("the API key is not valid");
        }

        var text = token.ToString();
        var resource = Resource(request);
        if (JwtCheck.LooksLikeJwt(text))
        {
            return await _jwt.CheckAsync(text, resource, cancellationToken).ConfigureAwait(false);
        }

        return _introspection is null
            ? AuthOutcome.InvalidToken("the bearer token is not a JWT, and this server introspects no opaque tokens")
            : await _introspection.CheckAsync(text, resource, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>RFC 6750's b64token: letters, digits, <c>-._~+/</c>, then <c>=</c> padding.</summary>
    private static bool IsToken68(ReadOnlySpan<char> token)
    {
        var end = token.Length;
        while (end > 0 && token[end - 1] == '=')
        {
            end--;
        }

        foreach (var c in token[..end])
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '+' or '/'))
            {
                return false;
            }
        }

        return end > 0;
    }

    public void Dispose() => _http?.Dispose();
}
