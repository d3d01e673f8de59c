using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace PForge.Runtime.Http.Auth;

/// <summary>
/// One authorization server's metadata (RFC 8414, else OpenID discovery) and signing keys (its <c>jwks_uri</c>), fetched
/// over HTTP with a timeout, kept for <see cref="Settings.OAuthSettings.KeysLifetime"/>, fetched again at once for an
/// unknown <c>kid</c> but never more often than <see cref="Settings.OAuthSettings.KeysRefreshInterval"/>.
/// </summary>
internal sealed class IssuerKeys(string issuer, HttpClient http, TimeSpan timeout, TimeSpan refreshInterval, TimeSpan lifetime, TimeProvider time)
{
    // Keys of a JWKS beyond this are ignored; a metadata or JWKS document beyond the size limit is refused.
    private const int MaxKeys = 100;
    private const int MaxDocumentBytes = 512 * 1024;

    private readonly SemaphoreSlim _fetching = new(1, 1);
    private volatile Snapshot? _current;
    private long _lastFetch = long.MinValue;

    public string Issuer { get; } = issuer;

    /// <summary>The metadata and keys as last fetched.</summary>
    internal sealed record Snapshot(IssuerMetadata Metadata, IReadOnlyList<SecurityKey> Keys, long FetchedAt);

    /// <summary>The keys to check a token signed with <paramref name="kid"/> (null: any); fetches when none are held, they are old, or none has that id.</summary>
    public async ValueTask<Snapshot> GetAsync(string? kid, CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && !IsStale(current) && (kid is null || HasKey(current, kid)))
        {
            return current;
        }

        await _fetching.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        try
        {
            current = _current;
            if (current is not null && !IsStale(current) && (kid is null || HasKey(current, kid)))
            {
                return current;
            }

            // An unknown kid forces a fetch at most once per interval, so a stream of made-up kids cannot flood the issuer.
            if (current is not null && !IsStale(current) && time.GetElapsedTime(Interlocked.Read(ref _lastFetch)) < refreshInterval)
            {
                return current;
            }

            Interlocked.Exchange(ref _lastFetch, time.GetTimestamp());
            try
            {
                var fetched = await FetchAsync(cancellationToken).ConfigureAwait(false);
                _current = fetched;
                return fetched;
            }
            catch (IssuerUnavailableException) when (current is not null)
            {
                // The issuer is down: the keys held still check the tokens they signed.
                return current;
            }
        }
        finally
        {
            _fetching.Release();
        }
    }

    /// <summary>The introspection endpoint the metadata names (fetched if need be), or null.</summary>
    public async ValueTask<string?> IntrospectionEndpointAsync(CancellationToken cancellationToken) =>
        (await GetAsync(null, cancellationToken).ConfigureAwait(false)).Metadata.IntrospectionEndpoint;

    internal static bool HasKey(Snapshot snapshot, string kid)
    {
        foreach (var key in snapshot.Keys)
        {
            if (string.Equals(key.KeyId, kid, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsStale(Snapshot snapshot) => time.GetElapsedTime(snapshot.FetchedAt) > lifetime;

    private async Task<Snapshot> FetchAsync(CancellationToken cancellationToken)
    {
        var metadata = await FetchMetadataAsync(cancellationToken).ConfigureAwait(false);
        var jwks = await GetDocumentAsync(metadata.JwksUri, cancellationToken).ConfigureAwait(false)
            ?? throw new IssuerUnavailableException($"the JWKS of {Issuer} ({metadata.JwksUri}) was not found");
        JsonWebKeySet set;
        try
        {
            set = new JsonWebKeySet(jwks);
        }
        catch (ArgumentException ex)
        {
            throw new IssuerUnavailableException($"the JWKS of {Issuer} is not a key set: {ex.Message}");
        }

        List<SecurityKey> keys = [];
        foreach (var key in set.Keys)
        {
            // Signing keys only: a key marked for encryption never checks a signature.
            if (key.Use is null or "sig" && keys.Count < MaxKeys)
            {
                keys.Add(key);
            }
        }

        return new Snapshot(metadata, keys, time.GetTimestamp());
    }

    /// <summary>RFC 8414 first (<c>/.well-known/oauth-authorization-server</c> before the issuer's path), then OpenID discovery.</summary>
    private async Task<IssuerMetadata> FetchMetadataAsync(CancellationToken cancellationToken)
    {
        var issuerUri = new Uri(Issuer);
        var path = issuerUri.AbsolutePath.TrimEnd('/');
        var origin = issuerUri.GetLeftPart(UriPartial.Authority);
        string[] candidates =
        [
            $"{origin}/.well-known/oauth-authorization-server{path}",
            $"{Issuer.TrimEnd('/')}/.well-known/openid-configuration",
        ];
        foreach (var candidate in candidates)
        {
            if (await GetDocumentAsync(candidate, cancellationToken).ConfigureAwait(false) is { } document)
            {
                return IssuerMetadata.Parse(document, Issuer, candidate);
            }
        }

        throw new IssuerUnavailableException($"{Issuer} publishes no authorization server metadata (tried {string.Join(" and ", candidates)})");
    }

    /// <summary>The body of a GET, null on 404; anything else that goes wrong is <see cref="IssuerUnavailableException"/>.</summary>
    private async Task<string?> GetDocumentAsync(string url, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new IssuerUnavailableException($"GET {url} answered {(int)response.StatusCode}");
            }

            return await ReadLimitedAsync(response, url, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IssuerUnavailableException($"GET {url} took longer than {timeout.TotalMilliseconds:0} ms");
        }
        catch (HttpRequestException ex)
        {
            throw new IssuerUnavailableException($"GET {url} failed: {ex.Message}");
        }
    }

    internal static async Task<string> ReadLimitedAsync(HttpResponseMessage response, string url, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxDocumentBytes)
        {
            throw new IssuerUnavailableException($"{url} answered more than {MaxDocumentBytes} bytes");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxDocumentBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            if (length > MaxDocumentBytes)
            {
                throw new IssuerUnavailableException($"{url} answered more than {MaxDocumentBytes} bytes");
            }

            return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
        }
    }
}

/// <summary>What PForge reads of an authorization server's metadata.</summary>
internal sealed record IssuerMetadata(string Issuer, string JwksUri, string? IntrospectionEndpoint)
{
    public static IssuerMetadata Parse(string json, string expectedIssuer, string url)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var issuer = String(root, "issuer");

            // RFC 8414 §3.3: metadata naming another issuer is not this issuer's (a mix-up attack).
            if (!string.Equals(issuer?.TrimEnd('/'), expectedIssuer.TrimEnd('/'), StringComparison.Ordinal))
            {
                throw new IssuerUnavailableException($"{url} names issuer '{issuer}', not '{expectedIssuer}'");
            }

            var jwks = String(root, "jwks_uri") ?? throw new IssuerUnavailableException($"{url} has no jwks_uri");
            return new IssuerMetadata(issuer!, jwks, String(root, "introspection_endpoint"));
        }
        catch (JsonException ex)
        {
            throw new IssuerUnavailableException($"{url} is not JSON: {ex.Message}");
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>An authorization server could not be reached or answered nonsense: the request is answered 503, never held.</summary>
internal sealed class IssuerUnavailableException(string message) : Exception(message);
