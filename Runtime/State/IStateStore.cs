namespace PForge.Runtime.State;

/// <summary>
/// The server's key-value state, reached by every handler as <c>context.State</c>. Keys and values are text (UTF-8 in
/// the stores); a counter is the decimal text of a 64-bit integer, so <see cref="GetAsync"/> reads what
/// <see cref="IncrementAsync"/> wrote. Keys are namespaced by <c>state.options.key_prefix</c> in the shared stores
/// (sqlite and redis). A failure of the store throws <see cref="StateStoreException"/>, whose message the client sees.
/// </summary>
public interface IStateStore
{
    /// <summary>The value of <paramref name="key"/>, or null when it is absent or expired.</summary>
    ValueTask<string?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets <paramref name="key"/> to <paramref name="value"/>. It expires after <paramref name="ttl"/> when given, else
    /// after the YAML's <c>ttl_seconds</c> when set, else never.
    /// </summary>
    ValueTask SetAsync(string key, string value, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    /// <summary>Removes <paramref name="key"/>; true when it was there (and not expired).</summary>
    ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>True when <paramref name="key"/> has a value that has not expired.</summary>
    ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds <paramref name="by"/> to the integer value of <paramref name="key"/> atomically and returns the new value.
    /// An absent key counts as 0 and gets the YAML's <c>ttl_seconds</c> (when set); an existing key keeps its expiry.
    /// Throws <see cref="StateStoreException"/> when the value is not an integer or the sum overflows 64 bits.
    /// </summary>
    ValueTask<long> IncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default);
}
