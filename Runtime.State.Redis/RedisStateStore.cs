using PForge.Runtime.Hosting;
using PForge.Runtime.Settings;
using PForge.Runtime.Telemetry;
using StackExchange.Redis;

namespace PForge.Runtime.State.Redis;

/// <summary>
/// The <c>redis</c> backend: keys (with the prefix) are Redis strings, so several instances of a server share them.
/// Increments are <c>INCRBY</c> (with a default TTL, a script that also sets the expiry of a key it creates, atomically);
/// a TTL is <c>SET … PX</c>. The connection reconnects by itself; a call while Redis is unreachable fails with a
/// <see cref="StateStoreException"/> after the client's timeout (5 s). The password is never logged.
/// </summary>
public sealed class RedisStateStore : IStateStore, IAsyncDisposable
{
    // INCRBY, and the default expiry on a key it created; one script, so no other client sees the key without it.
    private const string IncrementWithTtl = """
        local existed = redis.call('EXISTS', KEYS[1])
        local value = redis.call('INCRBY', KEYS[1], ARGV[1])
        if existed == 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return value
        """;

    private readonly ConnectionMultiplexer _connection;
    private readonly IDatabase _database;
    private readonly string _prefix;
    private readonly TimeSpan? _defaultTtl;
    private readonly string _where;

    private RedisStateStore(ConnectionMultiplexer connection, string prefix, TimeSpan? defaultTtl, string where)
    {
        _connection = connection;
        _database = connection.GetDatabase();
        _prefix = prefix;
        _defaultTtl = defaultTtl;
        _where = where;
    }

    /// <summary>
    /// Connects to the Redis server(s) of <paramref name="configuration"/> (a StackExchange.Redis connection string such as
    /// <c>127.0.0.1:6379,password=…</c>). A server not reachable yet is not an error: the client keeps trying.
    /// </summary>
    public static async Task<RedisStateStore> ConnectAsync(string configuration, string keyPrefix = "", TimeSpan? defaultTtl = null, ServerLog? log = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(configuration);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        log ??= ServerLog.Silent;
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException ex)
        {
            // The text may hold a password: the message names the problem, never the text.
            throw new StateStoreException("the redis connection string is not valid: " + ex.Message.Split('\n')[0], ex);
        }

        if (options.EndPoints.Count == 0)
        {
            throw new StateStoreException("the redis connection string names no server (host:port)");
        }

        // Keep trying in the background rather than fail the start: Redis may come up after the server.
        options.AbortOnConnectFail = false;
        var where = string.Join(",", options.EndPoints.Select(EndPointCollection.ToString));
        var connection = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        if (connection.IsConnected)
        {
            log.Info($"state: redis at {where}, key prefix '{keyPrefix}'");
        }
        else
        {
            log.Warning($"state: redis at {where} is not reachable yet; calls fail until it is");
        }

        return new RedisStateStore(connection, keyPrefix, defaultTtl, where);
    }

    /// <summary>Connects to the store <paramref name="settings"/> names (its path is the connection string); what generated servers call.</summary>
    public static async ValueTask<IStateStore?> OpenAsync(StateSettings settings, ServerLog log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return await ConnectAsync(settings.Path ?? StateHost.DefaultRedis, settings.KeyPrefix, settings.DefaultTtl, log).ConfigureAwait(false);
    }

    public async ValueTask<string?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var value = await Run(_database.StringGetAsync(Key(key))).ConfigureAwait(false);
        return value.IsNull ? null : (string?)value;
    }

    public async ValueTask SetAsync(string key, string value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        StateTtl.Check(ttl);
        var expiry = ttl ?? _defaultTtl;
        await Run(_database.StringSetAsync(Key(key), value, expiry is { } e ? TimeSpan.FromMilliseconds(StateTtl.Milliseconds(e)) : null, When.Always)).ConfigureAwait(false);
    }

    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        await Run(_database.KeyDeleteAsync(Key(key))).ConfigureAwait(false);

    public async ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        await Run(_database.KeyExistsAsync(Key(key))).ConfigureAwait(false);

    public async ValueTask<long> IncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default)
    {
        try
        {
            if (_defaultTtl is not { } ttl)
            {
                return await Run(_database.StringIncrementAsync(Key(key), by)).ConfigureAwait(false);
            }

            var result = await Run(_database.ScriptEvaluateAsync(IncrementWithTtl, [Key(key)], [by, StateTtl.Milliseconds(ttl)])).ConfigureAwait(false);
            return (long)result;
        }
        catch (StateStoreException ex) when (ex.InnerException is RedisServerException server)
        {
            throw server.Message.Contains("overflow", StringComparison.OrdinalIgnoreCase) ? StateValues.Overflow(key, by)
                : server.Message.Contains("not an integer", StringComparison.OrdinalIgnoreCase) ? StateValues.NotAnInteger(key)
                : ex;
        }
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync().ConfigureAwait(false);

    private RedisKey Key(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _prefix + key;
    }

    /// <summary>Awaits a command; a Redis failure becomes a <see cref="StateStoreException"/> naming the server, not the connection string.</summary>
    private async Task<T> Run<T>(Task<T> command)
    {
        try
        {
            return await command.ConfigureAwait(false);
        }
        catch (RedisServerException ex)
        {
            throw new StateStoreException($"State: redis at {_where} refused the command: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw new StateStoreException($"State: redis at {_where} cannot be reached ({ex.GetType().Name})", ex);
        }
    }
}
