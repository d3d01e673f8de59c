namespace PForge.Runtime.Telemetry;

/// <summary>Plain-text log lines to stderr (never stdout: in stdio mode stdout is the protocol).</summary>
public sealed class ServerLog
{
    private readonly TextWriter _output;
    private readonly Lock _gate = new();

    public ServerLog(TextWriter output, ServerLogLevel level)
    {
        _output = output;
        Level = level;
    }

    /// <summary>A log that writes nothing, for tests and embedding.</summary>
    public static ServerLog Silent { get; } = new(TextWriter.Null, ServerLogLevel.None);

    public ServerLogLevel Level { get; }

    /// <summary>The environment variable that sets the level when the command line does not.</summary>
    public const string LevelVariable = "PFORGE_LOG_LEVEL";

    /// <summary>
    /// The level <c>--log-level</c> (already checked), else <see cref="LevelVariable"/>, else the server's own
    /// <c>forge.log_level</c> names; null, with <paramref name="problem"/>, when the variable names no level.
    /// </summary>
    public static ServerLogLevel? ResolveLevel(string? commandLine, Func<string, string?> environment, string? server, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(environment);
        problem = null;
        var variable = commandLine is null ? environment(LevelVariable) : null;
        if (!string.IsNullOrEmpty(variable) && variable is not ("debug" or "info" or "warning" or "error" or "none"))
        {
            problem = $"{LevelVariable} must be debug, info, warning, error or none, not '{variable}'";
            return null;
        }

        return ParseLevel(commandLine ?? (string.IsNullOrEmpty(variable) ? server : variable));
    }

    /// <summary>The level <c>--log-level</c> or <c>PFORGE_LOG_LEVEL</c> names; warning for anything else or nothing.</summary>
    public static ServerLogLevel ParseLevel(string? level) => level switch
    {
        "debug" => ServerLogLevel.Debug,
        "info" => ServerLogLevel.Info,
        "error" => ServerLogLevel.Error,
        "none" => ServerLogLevel.None,
        _ => ServerLogLevel.Warning,
    };

    public bool IsEnabled(ServerLogLevel level) => level >= Level && Level != ServerLogLevel.None;

    public void Debug(string message) => Write(ServerLogLevel.Debug, message);

    public void Info(string message) => Write(ServerLogLevel.Info, message);

    public void Warning(string message) => Write(ServerLogLevel.Warning, message);

    public void Error(string message) => Write(ServerLogLevel.Error, message);

    private void Write(ServerLogLevel level, string message)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        var label = level switch
        {
            ServerLogLevel.Debug => "debug",
            ServerLogLevel.Info => "info",
            ServerLogLevel.Warning => "warn",
            _ => "error",
        };
        lock (_gate)
        {
            try
            {
                _output.WriteLine($"pforge {label}: {message}");
                _output.Flush();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // A closed stderr must not take the server down: the log line is lost, the protocol goes on.
            }
        }
    }
}
