using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PForge.Runtime.Settings;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Http.Auth;

/// <summary>
/// RFC 7662 introspection of opaque tokens at the authorization server, with this server's client credentials; an
/// answer is kept for <see cref="IntrospectionSettings.CacheLifetime"/> (never past the token's <c>exp</c>), by digest.
/// </summary>
internal sealed class TokenIntrospection(IntrospectionSettings settings, string clientId, string clientSecret, IssuerKeys? issuer, OAuthSettings oauth, HttpClient http, TimeProvider time)
{
    private const int MaxCached = 4096;
    private readonly ConcurrentDictionary<string, (AuthOutcome Outcome, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public async ValueTask<AuthOutcome> CheckAsync(string token, string resource, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(key, out var cached) && cached.Until > now && (cached.Outcome.User is null || Audience(cached.Outcome.User, resource)))
        {
            return cached.Outcome;
        }

        string? endpoint;
        try
        {
            endpoint = settings.Endpoint ?? (issuer is null ? null : await issuer.IntrospectionEndpointAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (IssuerUnavailableException ex)
        {
            return AuthOutcome.Unavailable($"the introspection endpoint cannot be found: {ex.Message}");
        }

        if (endpoint is null)
        {
            return AuthOutcome.Unavailable("the authorization server's metadata names no introspection_endpoint");
        }

        string answer;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(oauth.FetchTimeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
                {
                    Content = new FormUrlEncodedContent([new("token", token), new("token_type_hint", "access_token")]),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
                    Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(clientSecret))));
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    return AuthOutcome.Unavailable($"the introspection endpoint answered {(int)response.StatusCode}");
                }

                answer = await IssuerKeys.ReadLimitedAsync(response, endpoint, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return AuthOutcome.Unavailable($"the introspection endpoint took longer than {oauth.FetchTimeout.TotalMilliseconds:0} ms");
            }
            catch (Exception ex) when (ex is HttpRequestException or IssuerUnavailableException)
            {
                return AuthOutcome.Unavailable($"the introspection endpoint cannot be reached: {ex.Message}");
            }
        }

        var (outcome, expires) = Judge(answer, resource, now);
        if (_cache.Count >= MaxCached)
        {
            _cache.Clear();
        }

        var until = now + settings.CacheLifetime;
        _cache[key] = (outcome, expires is { } exp && exp < until ? exp : until);
        return outcome;
    }

    private (AuthOutcome, DateTimeOffset?) Judge(string answer, string resource, DateTimeOffset now)
    {
        Dictionary<string, IReadOnlyList<string>> claims = new(StringComparer.Ordinal);
        bool active;
        DateTimeOffset? expires = null;
        try
        {
            using var document = JsonDocument.Parse(answer);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (AuthOutcome.Unavailable("the introspection answer is not a JSON object"), null);
            }

            active = root.TryGetProperty("active", out var flag) && flag.ValueKind == JsonValueKind.True;
            foreach (var member in root.EnumerateObject())
            {
                claims[member.Name] = member.Value.ValueKind switch
                {
                    JsonValueKind.Array => [.. member.Value.EnumerateArray().Select(static item => item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText())],
                    JsonValueKind.String => [member.Value.GetString()!],
                    _ => [member.Value.GetRawText()],
                };
            }

            if (root.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds))
            {
                expires = DateTimeOffset.FromUnixTimeSeconds(seconds);
            }
        }
        catch (JsonException ex)
        {
            return (AuthOutcome.Unavailable($"the introspection answer is not JSON: {ex.Message}"), null);
        }

        if (!active)
        {
            return (AuthOutcome.InvalidToken("the token is not active (introspection)"), null);
        }

        if (expires is null)
        {
            return (AuthOutcome.InvalidToken("the token has no expiry (introspection gave no exp)"), null);
        }

        if (expires.Value + oauth.ClockSkew < now)
        {
            return (AuthOutcome.InvalidToken($"the token expired at {expires.Value:O}"), null);
        }

        if (claims.TryGetValue("iss", out var iss) && !oauth.Issuers.Any(accepted => string.Equals(accepted.TrimEnd('/'), iss[0].TrimEnd('/'), StringComparison.Ordinal)))
        {
            return (AuthOutcome.InvalidToken("the token's issuer is not accepted"), expires);
        }

        var user = TokenClaims.ToUser(claims);
        return Audience(user, resource)
            ? (AuthOutcome.Allowed(user), expires)
            : (AuthOutcome.InvalidToken($"the token's audience is not this server ({resource})"), expires);
    }

    /// <summary>RFC 8707: the token must be meant for this resource; an answer without <c>aud</c> is not enough.</summary>
    private static bool Audience(ToolUser user, string resource)
    {
        if (!user.Claims.TryGetValue("aud", out var audiences))
        {
            return false;
        }

        var accepted = JwtCheck.Audiences(resource);
        return audiences.Any(audience => accepted.Contains(audience, StringComparer.Ordinal));
    }
}
