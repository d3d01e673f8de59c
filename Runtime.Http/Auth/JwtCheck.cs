using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PForge.Runtime.Settings;

namespace PForge.Runtime.Http.Auth;

/// <summary>
/// Checks a JWT access token with Microsoft.IdentityModel: signature by a key of its issuer's JWKS, <c>alg</c> on the
/// allow-list, issuer, audience (this resource), <c>exp</c> required and <c>nbf</c>, both within the clock skew.
/// </summary>
internal sealed class JwtCheck(OAuthSettings settings, IReadOnlyList<IssuerKeys> issuers)
{
    // Tokens already checked, until their exp (at most CacheLifetime): a client sends the same token on every call.
    private const int MaxCached = 1024;
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(5);
    private readonly JsonWebTokenHandler _handler = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (Tools.ToolUser User, string Resource, DateTimeOffset Until)> _checked = new(StringComparer.Ordinal);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Keep validated tokens (on, but for the benchmark of a first check).</summary>
    internal bool CacheTokens { get; init; } = true;

    /// <summary>True when <paramref name="token"/> has the shape of a JWS (three parts); otherwise it is opaque.</summary>
    public static bool LooksLikeJwt(string token) => token.AsSpan().Count('.') == 2;

    public ValueTask<AuthOutcome> CheckAsync(string token, string resource, CancellationToken cancellationToken)
    {
        if (CacheTokens && _checked.TryGetValue(token, out var known) && known.Until > Time.GetUtcNow() && string.Equals(known.Resource, resource, StringComparison.Ordinal))
        {
            return new(AuthOutcome.Allowed(known.User));
        }

        return CheckNewAsync(token, resource, cancellationToken);
    }

    private async ValueTask<AuthOutcome> CheckNewAsync(string token, string resource, CancellationToken cancellationToken)
    {
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return AuthOutcome.InvalidToken("the bearer token is not a well-formed JWT");
        }

        if (string.IsNullOrEmpty(jwt.Alg) || string.Equals(jwt.Alg, "none", StringComparison.OrdinalIgnoreCase))
        {
            return AuthOutcome.InvalidToken("the token is not signed (alg none)");
        }

        if (!settings.Algorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            // Before any key is looked at: an HS* token must never meet a public key as its secret.
            return AuthOutcome.InvalidToken($"the token's algorithm '{Shorten(jwt.Alg)}' is not accepted");
        }

        if (FindIssuer(jwt) is not { } keys)
        {
            return AuthOutcome.InvalidToken($"the token's issuer '{Shorten(Issuer(jwt))}' is not one this server accepts");
        }

        IssuerKeys.Snapshot snapshot;
        try
        {
            snapshot = await keys.GetAsync(string.IsNullOrEmpty(jwt.Kid) ? null : jwt.Kid, cancellationToken).ConfigureAwait(false);
        }
        catch (IssuerUnavailableException ex)
        {
            return AuthOutcome.Unavailable($"the signing keys of {keys.Issuer} cannot be fetched: {ex.Message}");
        }
        catch (TimeoutException)
        {
            return AuthOutcome.Unavailable($"the signing keys of {keys.Issuer} are being fetched by another request for too long");
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer(jwt),
            ValidAudiences = Audiences(resource),
            IssuerSigningKeys = snapshot.Keys,
            ValidAlgorithms = settings.Algorithms,
            ClockSkew = settings.ClockSkew,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateLifetime = true,
            ValidateIssuer = true,
            ValidateAudience = true,
            TryAllIssuerSigningKeys = string.IsNullOrEmpty(jwt.Kid),
        };
        var result = await _handler.ValidateTokenAsync(jwt, parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return AuthOutcome.InvalidToken(Describe(result.Exception, jwt, resource));
        }

        var user = TokenClaims.ToUser(jwt.Claims);
        if (_checked.Count >= MaxCached)
        {
            _checked.Clear();
        }

        var until = Time.GetUtcNow() + CacheLifetime;
        var expires = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero);
        _checked[token] = (user, resource, expires < until ? expires : until);
        return AuthOutcome.Allowed(user);
    }

    /// <summary>The resource and its form with (or without) a trailing slash: both name the same server.</summary>
    internal static string[] Audiences(string resource) =>
        resource.EndsWith('/') ? [resource, resource.TrimEnd('/')] : [resource, resource + "/"];

    private IssuerKeys? FindIssuer(JsonWebToken jwt)
    {
        var issuer = Issuer(jwt).TrimEnd('/');
        foreach (var keys in issuers)
        {
            if (string.Equals(keys.Issuer.TrimEnd('/'), issuer, StringComparison.Ordinal))
            {
                return keys;
            }
        }

        return null;
    }

    private static string Issuer(JsonWebToken jwt) => jwt.TryGetPayloadValue<string>("iss", out var iss) ? iss ?? string.Empty : string.Empty;

    /// <summary>The reason, in words of our own: the library's messages hide their values as PII.</summary>
    private static string Describe(Exception? exception, JsonWebToken jwt, string resource) => exception switch
    {
        SecurityTokenNoExpirationException => "the token has no exp (expiry) claim",
        SecurityTokenExpiredException expired => $"the token expired at {expired.Expires:O}",
        SecurityTokenNotYetValidException early => $"the token is not valid before {early.NotBefore:O}",
        SecurityTokenInvalidAudienceException => $"the token's audience is not this server ({resource})",
        SecurityTokenInvalidIssuerException => "the token's issuer is not accepted",
        SecurityTokenInvalidAlgorithmException => $"the token's algorithm '{Shorten(jwt.Alg)}' is not accepted",
        SecurityTokenSignatureKeyNotFoundException => $"no signing key of the issuer has kid '{Shorten(jwt.Kid)}'",
        SecurityTokenInvalidSignatureException when string.IsNullOrEmpty(jwt.Alg) || jwt.Alg == "none" => "the token is not signed",
        SecurityTokenInvalidSignatureException => "the token's signature does not verify",
        _ => "the token is not valid",
    };

    private static string Shorten(string? text) => text is null ? string.Empty : text.Length <= 64 ? text : text[..64] + "…";
}
