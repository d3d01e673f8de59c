namespace PForge.Runtime.Settings;

/// <summary>
/// Who may call an HTTP server (<c>forge.http.auth</c>): OAuth 2.1 bearer tokens of an authorization server, API keys
/// from the environment, or both; the scopes every request needs. Plain data: PForge.Runtime.Http enforces it.
/// </summary>
public sealed record AuthSettings
{
    /// <summary>Bearer tokens of an OAuth 2.1 authorization server (the MCP authorization specification), or null.</summary>
    public OAuthSettings? OAuth { get; init; }

    /// <summary>API keys, each read from an environment variable when the server starts (never from the YAML).</summary>
    public IReadOnlyList<ApiKeySettings> ApiKeys { get; init; } = [];

    /// <summary>Scopes every request needs, whatever it calls (<c>forge.http.auth.scopes</c>).</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>
    /// Every scope the server knows (the required ones and those of its tools, resources and prompts), sorted: the
    /// <c>scopes_supported</c> of its protected resource metadata.
    /// </summary>
    public IReadOnlyList<string> ScopesSupported { get; init; } = [];

    /// <summary>True when some scheme is configured, so that a request without credentials is refused.</summary>
    public bool IsEnabled => OAuth is not null || ApiKeys.Count > 0;
}

/// <summary>The authorization server(s) whose JWT access tokens are accepted, and what a token must say.</summary>
public sealed record OAuthSettings
{
    /// <summary>The issuer URLs (<c>iss</c>) accepted; keys come from each one's metadata and JWKS.</summary>
    public required IReadOnlyList<string> Issuers { get; init; }

    /// <summary>
    /// This server's resource identifier (RFC 8707, RFC 9728 <c>resource</c>): a token's <c>aud</c> must name it.
    /// Null: the MCP endpoint's own URL as a client reaches it (scheme, Host header, path).
    /// </summary>
    public string? Resource { get; init; }

    /// <summary>The <c>alg</c> values accepted: asymmetric ones only (no <c>none</c>, no HS*).</summary>
    public IReadOnlyList<string> Algorithms { get; init; } = DefaultAlgorithms;

    public static IReadOnlyList<string> DefaultAlgorithms { get; } = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    /// <summary>How far <c>exp</c> and <c>nbf</c> may be off the server's clock.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one fetch of an issuer's metadata, JWKS or introspection answer may take.</summary>
    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The least time between two fetches of an issuer's keys forced by an unknown <c>kid</c>.</summary>
    public TimeSpan KeysRefreshInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long fetched keys are used before they are fetched again.</summary>
    public TimeSpan KeysLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>RFC 7662 introspection for tokens that are not JWTs, or null (such tokens are refused).</summary>
    public IntrospectionSettings? Introspection { get; init; }
}

/// <summary>How opaque tokens are checked: the issuer's introspection endpoint, with this server's own client credentials.</summary>
public sealed record IntrospectionSettings
{
    /// <summary>The endpoint; null: the <c>introspection_endpoint</c> of the (first) issuer's metadata.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The environment variable holding this server's client id at the authorization server.</summary>
    public required string ClientIdVariable { get; init; }

    /// <summary>The environment variable holding its client secret.</summary>
    public required string ClientSecretVariable { get; init; }

    /// <summary>How long an answer is reused for the same token (never beyond its <c>exp</c>).</summary>
    public TimeSpan CacheLifetime { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>One API key: a caller sending it (<c>X-API-Key</c>, or <c>Authorization: Bearer</c>) is <see cref="Name"/>.</summary>
public sealed record ApiKeySettings
{
    /// <summary>The caller's name: the subject handlers see.</summary>
    public required string Name { get; init; }

    /// <summary>The environment variable holding the key; unset or empty when the server starts: it refuses to start.</summary>
    public required string Variable { get; init; }

    /// <summary>The scopes a caller with this key has.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];
}
