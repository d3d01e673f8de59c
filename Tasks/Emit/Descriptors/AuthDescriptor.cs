using PForge.Tasks.Config;

namespace PForge.Tasks.Emit;

/// <summary>
/// <c>forge.http.auth</c> as the generated <c>AuthSettings</c>: each optional member null (or empty) when not given, so
/// the runtime's default applies. No secret: API keys and client credentials are names of environment variables.
/// </summary>
public sealed class AuthDescriptor
{
    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>Every scope the server knows, sorted: the required ones, the items' and the API keys'.</summary>
    public required IReadOnlyList<string> ScopesSupported { get; init; }

    public required IReadOnlyList<ApiKeyConfig> ApiKeys { get; init; }

    public required bool HasOauth { get; init; }

    public IReadOnlyList<string> Issuers { get; init; } = [];

    public string? Resource { get; init; }

    /// <summary>The accepted algorithms, or null (the runtime's asymmetric default).</summary>
    public IReadOnlyList<string>? Algorithms { get; init; }

    public int? ClockSkewSeconds { get; init; }

    public int? FetchTimeoutMs { get; init; }

    public int? KeysRefreshSeconds { get; init; }

    public bool HasIntrospection { get; init; }

    public string? IntrospectionEndpoint { get; init; }

    public string ClientIdVariable { get; init; } = string.Empty;

    public string ClientSecretVariable { get; init; } = string.Empty;
}

/// <summary>One distinct set of scopes, a static array of the server shared by every item that needs exactly it.</summary>
public sealed class ScopeSetDescriptor
{
    public required string Field { get; init; }

    public required IReadOnlyList<string> Scopes { get; init; }
}
