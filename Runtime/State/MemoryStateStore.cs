using System.Collections.Concurrent;

namespace PForge.Runtime.State;

/// <summary>
/// The <c>memory</c> backend: a concurrent dictionary with expiry, private to the process (so keys need no prefix).
/// Every operation completes synchronously; expired entries are dropped when read and swept every 4096 writes.
/// </summary>
public sealed class MemoryStateStore : IStateStore
{
    private const int SweepEvery = 4096;

    private static MemoryStateStore? s_detached;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeSpan? _defaultTtl;
    private readonly TimeProvider _time;
    private int _writes;

    /// <summary>A store whose keys live for <paramref name="defaultTtl"/> unless set with their own (null: forever).</summary>
    public MemoryStateStore(TimeSpan? defaultTtl = null, TimeProvider? time = null)
    {
        _defaultTtl = defaultTtl;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The store of contexts made outside a session (tests, benchmarks): one per process, made on first use.</summary>
    public static MemoryStateStore Detached
    {
        get
        {
            var store = Volatile.Read(ref s_detached);
            return store ?? Interlocked.CompareExchange(ref s_detached, new MemoryStateStore(), null) ?? s_detached!;
        }
    }

    /// <summary>How many keys are held, expired ones not yet swept included (for tests).</summary>
    internal int Count => _entries.Count;

    public ValueTask<string?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(Live(key, Now())?.Value);
    }

    public ValueTask SetAsync(string key, string value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        StateTtl.Check(ttl);
        var now = Now();
        _entries[key] = new Entry(value, StateTtl.ExpiresAt(now, ttl ?? _defaultTtl));
        Wrote(now);
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(_entries.TryRemove(key, out var entry) && !entry.ExpiredAt(Now()));
    }

    public ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(Live(key, Now()) is not null);
    }

    public ValueTask<long> IncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        while (true)
        {
            var now = Now();
            if (!_entries.TryGetValue(key, out var entry) || entry.ExpiredAt(now))
            {
                var created = new Entry(StateValues.Format(by), StateTtl.ExpiresAt(now, _defaultTtl));
                if (entry is null ? _entries.TryAdd(key, created) : _entries.TryUpdate(key, created, entry))
                {
                    Wrote(now);
                    return new(by);
                }

                continue;
            }

            var next = StateValues.Add(key, entry.Value, by);

            // Compared by reference: another writer in between makes this fail, and the loop reads its value.
            if (_entries.TryUpdate(key, new Entry(StateValues.Format(next), entry.ExpiresAt), entry))
            {
                Wrote(now);
                return new(next);
            }
        }
    }

    private Entry? Live(string key, long now)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (entry.ExpiredAt(now))
        {
            // Removes this expired entry only, not one a writer put there since.
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            return null;
        }

        return entry;
    }

    private void Wrote(long now)
    {
        if (Interlocked.Increment(ref _writes) % SweepEvery == 0)
        {
            foreach (var pair in _entries)
            {
                if (pair.Value.ExpiredAt(now))
                {
                    _entries.TryRemove(pair);
                }
            }
        }
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>A value and when it expires (Unix milliseconds; <see cref="long.MaxValue"/>: never). Replaced, never changed.</summary>
    private sealed class Entry(string value, long expiresAt)
    {
        public string Value { get; } = value;

        public long ExpiresAt { get; } = expiresAt;

        public bool ExpiredAt(long now) => ExpiresAt <= now;
    }
}
