using Microsoft.Data.Sqlite;
using PForge.Runtime.Settings;
using PForge.Runtime.Telemetry;

namespace PForge.Runtime.State.Sqlite;

/// <summary>
/// The <c>sqlite</c> backend: one table in a SQLite file, in WAL mode with <c>synchronous=FULL</c>, so a write is on
/// disk (the WAL fsynced) before the call that made it is answered: it survives SIGKILL, and a power loss too. One
/// connection serves every call under a lock: SQLite runs one writer at a time anyway, and each call is one statement
/// (an increment is a single UPSERT … RETURNING, so it is atomic). Calls complete synchronously.
/// </summary>
public sealed class SqliteStateStore : IStateStore, IDisposable
{
    private const int SweepEvery = 4096;

    // Whether a row is live at $now (expires_at is Unix milliseconds, NULL for never).
    private const string Live = "(expires_at IS NULL OR expires_at > $now)";

    private readonly Lock _lock = new();
    private readonly SqliteConnection _connection;
    private readonly string _prefix;
    private readonly TimeSpan? _defaultTtl;
    private readonly TimeProvider _time;
    private readonly SqliteCommand _get;
    private readonly SqliteCommand _set;
    private readonly SqliteCommand _delete;
    private readonly SqliteCommand _exists;
    private readonly SqliteCommand _increment;
    private readonly SqliteCommand _sweep;
    private int _writes;
    private bool _disposed;

    private SqliteStateStore(SqliteConnection connection, string prefix, TimeSpan? defaultTtl, TimeProvider time)
    {
        _connection = connection;
        _prefix = prefix;
        _defaultTtl = defaultTtl;
        _time = time;
        _get = Command($"SELECT value FROM pforge_state WHERE key = $key AND {Live}");
        _set = Command("INSERT INTO pforge_state (key, value, expires_at) VALUES ($key, $value, $expires) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at");
        _delete = Command($"DELETE FROM pforge_state WHERE key = $key RETURNING {Live}");
        _exists = Command($"SELECT 1 FROM pforge_state WHERE key = $key AND {Live}");

        // An expired row restarts from $by with the new expiry; a live one adds $by, keeping its expiry, only when its
        // value is a canonical integer and the sum fits 64 bits (else no row is returned, and the caller says which).
        _increment = Command(
            $"""
            INSERT INTO pforge_state (key, value, expires_at) VALUES ($key, CAST($by AS TEXT), $expires)
            ON CONFLICT (key) DO UPDATE SET
              value = CASE WHEN {Live} THEN CAST(CAST(value AS INTEGER) + $by AS TEXT) ELSE excluded.value END,
              expires_at = CASE WHEN {Live} THEN expires_at ELSE excluded.expires_at END
            WHERE NOT {Live}
              OR (CAST(CAST(value AS INTEGER) AS TEXT) = value
                  AND (($by >= 0 AND CAST(value AS INTEGER) <= 9223372036854775807 - $by)
                    OR ($by < 0 AND CAST(value AS INTEGER) >= -9223372036854775807 - 1 - $by)))
            RETURNING value
            """);
        _sweep = Command("DELETE FROM pforge_state WHERE expires_at <= $now");
    }

    /// <summary>
    /// Opens (creating it and its folder when missing) the database at <paramref name="path"/>; keys are stored with
    /// <paramref name="keyPrefix"/> before them, so servers may share a file.
    /// </summary>
    public static SqliteStateStore Open(string path, string keyPrefix = "", TimeSpan? defaultTtl = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,

            // One long-lived connection: a pool would only keep a second copy of it.
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            using var setup = connection.CreateCommand();

            // WAL: readers never block the writer. FULL: the WAL is fsynced at every commit, so an answered write is
            // durable even across a power loss (NORMAL would survive a killed process but not a crash of the machine).
            // busy_timeout: another process on the same file (a second instance) is waited for, not failed at once.
            setup.CommandText = """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                PRAGMA busy_timeout = 5000;
                CREATE TABLE IF NOT EXISTS pforge_state (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, expires_at INTEGER) WITHOUT ROWID;
                """;
            setup.ExecuteNonQuery();
            var store = new SqliteStateStore(connection, keyPrefix, defaultTtl, time ?? TimeProvider.System);
            store.Sweep();
            return store;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new StateStoreException($"'{path}' is not a usable SQLite database: {ex.Message}", ex);
        }
    }

    /// <summary>Opens the store <paramref name="settings"/> names (the host made its path full) and says so in the log; what generated servers call.</summary>
    public static ValueTask<IStateStore?> OpenAsync(StateSettings settings, ServerLog log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        var store = Open(settings.Path ?? throw new ArgumentException("The sqlite state store needs a path.", nameof(settings)), settings.KeyPrefix, settings.DefaultTtl);
        log.Info($"state: sqlite at {settings.Path}");
        return new(store);
    }

    public ValueTask<string?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            Bind(_get, key);
            return new(Run(() => _get.ExecuteScalar()) as string);
        }
    }

    public ValueTask SetAsync(string key, string value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        StateTtl.Check(ttl);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var now = Bind(_set, key);
            _set.Parameters["$value"].Value = value;
            _set.Parameters["$expires"].Value = Expires(now, ttl ?? _defaultTtl);
            Run(() => _set.ExecuteNonQuery());
            Wrote();
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            Bind(_delete, key);
            return new(Run(() => _delete.ExecuteScalar()) is long live && live != 0);
        }
    }

    public ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            Bind(_exists, key);
            return new(Run(() => _exists.ExecuteScalar()) is not null);
        }
    }

    public ValueTask<long> IncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var now = Bind(_increment, key);
            _increment.Parameters["$by"].Value = by;
            _increment.Parameters["$expires"].Value = Expires(now, _defaultTtl);
            if (Run(() => _increment.ExecuteScalar()) is string text && StateValues.TryParse(text, out var value))
            {
                Wrote();
                return new(value);
            }

            // The guard refused the row: read it to say why (under the lock, so it is the value that was refused).
            Bind(_get, key);
            throw Run(() => _get.ExecuteScalar()) is string current && StateValues.TryParse(current, out _)
                ? StateValues.Overflow(key, by)
                : StateValues.NotAnInteger(key);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var command in new[] { _get, _set, _delete, _exists, _increment, _sweep })
            {
                command.Dispose();
            }

            _connection.Dispose();
        }
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in new[] { "$key", "$now", "$value", "$expires", "$by" })
        {
            if (sql.Contains(name, StringComparison.Ordinal))
            {
                command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
            }
        }

        return command;
    }

    /// <summary>Sets <c>$key</c> (with the prefix) and <c>$now</c>; returns now.</summary>
    private long Bind(SqliteCommand command, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        command.Parameters["$key"].Value = _prefix + key;
        if (command.Parameters.Contains("$now"))
        {
            command.Parameters["$now"].Value = now;
        }

        return now;
    }

    private static object Expires(long now, TimeSpan? ttl) => ttl is null ? DBNull.Value : StateTtl.ExpiresAt(now, ttl);

    private static T Run<T>(Func<T> statement)
    {
        try
        {
            return statement();
        }
        catch (SqliteException ex)
        {
            throw new StateStoreException("State: the sqlite store failed: " + ex.Message, ex);
        }
    }

    private void Wrote()
    {
        if (++_writes % SweepEvery == 0)
        {
            Sweep();
        }
    }

    private void Sweep()
    {
        _sweep.Parameters["$now"].Value = _time.GetUtcNow().ToUnixTimeMilliseconds();
        Run(() => _sweep.ExecuteNonQuery());
    }
}
