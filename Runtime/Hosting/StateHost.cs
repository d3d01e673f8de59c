using PForge.Runtime.Server;
using PForge.Runtime.Settings;
using PForge.Runtime.State;
using PForge.Runtime.Telemetry;

namespace PForge.Runtime.Hosting;

/// <summary>
/// Opens the state store when a server starts and closes it when it stops. The backend and path come from the
/// command line (<c>--state-backend</c>, <c>--state-path</c>), else the environment (<c>PFORGE_STATE_BACKEND</c>,
/// <c>PFORGE_STATE_PATH</c>), else the YAML; the YAML's path counts only for the YAML's own backend.
/// </summary>
public static class StateHost
{
    public const string BackendVariable = "PFORGE_STATE_BACKEND";

    public const string PathVariable = "PFORGE_STATE_PATH";

    /// <summary>The redis server used when no path names one.</summary>
    public const string DefaultRedis = "127.0.0.1:6379";

    /// <summary>
    /// The settings to open: the YAML's <paramref name="declared"/> with the overrides applied, and a sqlite path made
    /// full (relative to the current directory from the command line or environment, to <paramref name="baseDirectory"/>
    /// from the YAML). Null, with <paramref name="problem"/>, when an override is not a backend.
    /// </summary>
    public static StateSettings? Resolve(StateSettings declared, string serverName, CommandLineOptions options, Func<string, string?> environment, string baseDirectory, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        problem = null;
        var backend = declared.Backend;
        var backendText = options.StateBackend ?? NonEmpty(environment(BackendVariable));
        if (backendText is not null)
        {
            if (!TryParseBackend(backendText, out backend))
            {
                problem = $"{BackendVariable} must be memory, sqlite or redis, not '{backendText}'";
                return null;
            }
        }

        var overridePath = options.StatePath ?? NonEmpty(environment(PathVariable));
        var path = overridePath ?? (backend == declared.Backend ? declared.Path : null);
        path = backend switch
        {
            StateBackend.Sqlite when path is null => System.IO.Path.Combine(baseDirectory, FileName(serverName) + ".state.db"),
            StateBackend.Sqlite when overridePath is not null => System.IO.Path.GetFullPath(path),
            StateBackend.Sqlite => System.IO.Path.GetFullPath(path, baseDirectory),
            StateBackend.Redis => path ?? DefaultRedis,
            _ => null,
        };
        return declared with { Backend = backend, Path = path };
    }

    /// <summary><c>memory</c>, <c>sqlite</c> (or Rust's <c>sled</c>) or <c>redis</c>.</summary>
    public static bool TryParseBackend(string text, out StateBackend backend)
    {
        ArgumentNullException.ThrowIfNull(text);
        (var known, backend) = text switch
        {
            "memory" => (true, StateBackend.Memory),
            "sqlite" or "sled" => (true, StateBackend.Sqlite),
            "redis" => (true, StateBackend.Redis),
            _ => (false, StateBackend.Memory),
        };
        return known;
    }

    /// <summary>
    /// Opens the store the command line, environment and YAML ask for and makes it <paramref name="definition"/>'s
    /// <see cref="McpServerDefinition.State"/>; on failure writes why to <paramref name="error"/> and returns false.
    /// </summary>
    public static async Task<bool> OpenAsync(McpServerDefinition definition, CommandLineOptions options, ServerLog log, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(error);
        var settings = Resolve(definition.StateSettings, definition.Name, options, Environment.GetEnvironmentVariable, AppContext.BaseDirectory, out var problem);
        if (settings is null)
        {
            await error.WriteLineAsync($"{definition.Name}: {problem}. Try --help.").ConfigureAwait(false);
            return false;
        }

        if (settings.Backend == StateBackend.Memory)
        {
            definition.State = new MemoryStateStore(settings.DefaultTtl);
            log.Debug("state: memory");
            return true;
        }

        IStateStore? store;
        try
        {
            store = await definition.OpenStateStoreAsync(settings, log).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StateStoreException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            await error.WriteLineAsync($"{definition.Name}: cannot open the {Name(settings.Backend)} state store: {ex.Message}").ConfigureAwait(false);
            return false;
        }

        if (store is null)
        {
            var property = settings.Backend == StateBackend.Sqlite ? "PForgeStateSqlite" : "PForgeStateRedis";
            await error.WriteLineAsync($"{definition.Name}: the {Name(settings.Backend)} state store is not compiled into this server; set state.backend: {Name(settings.Backend)} in pforge.yaml or <{property}>true</{property}> in the project file").ConfigureAwait(false);
            return false;
        }

        definition.State = store;
        return true;
    }

    /// <summary>Closes <paramref name="definition"/>'s store (a sqlite file, a redis connection) once the server has stopped.</summary>
    public static async Task CloseAsync(McpServerDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        switch (definition.State)
        {
            case IAsyncDisposable asynchronous:
                await asynchronous.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    public static string Name(StateBackend backend) => backend switch
    {
        StateBackend.Sqlite => "sqlite",
        StateBackend.Redis => "redis",
        _ => "memory",
    };

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    /// <summary>The server's name as a file name: characters a file name cannot hold become '_'.</summary>
    private static string FileName(string name)
    {
        var invalid = System.IO.Path.GetInvalidFileNameChars();
        return name.Length == 0 ? "pforge" : string.Concat(name.Select(c => Array.IndexOf(invalid, c) >= 0 ? '_' : c));
    }
}
