namespace PForge.Runtime.Settings;

/// <summary>
/// How the state store is opened: the YAML's <c>state:</c> block (generated), with <c>--state-backend</c>,
/// <c>--state-path</c> and their environment variables applied over it by <see cref="StateHost"/>.
/// </summary>
public sealed record StateSettings
{
    public StateBackend Backend { get; init; } = StateBackend.Memory;

    /// <summary>
    /// sqlite: the database file (relative to the server's executable when from the YAML); redis: the
    /// StackExchange.Redis connection string. Null: the backend's default (<c>&lt;name&gt;.state.db</c> next to the
    /// executable; <c>127.0.0.1:6379</c>). Unused by memory.
    /// </summary>
    public string? Path { get; init; }

    /// <summary><c>options.ttl_seconds</c>: how long a key set without its own TTL (or created by an increment) lives; null: forever.</summary>
    public TimeSpan? DefaultTtl { get; init; }

    /// <summary><c>options.key_prefix</c>: prepended to every key in sqlite and redis (default <c>&lt;forge.name&gt;:</c>).</summary>
    public string KeyPrefix { get; init; } = string.Empty;
}
