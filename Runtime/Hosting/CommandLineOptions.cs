using PForge.Runtime.Settings;

namespace PForge.Runtime.Hosting;

/// <summary>The server's command line: <c>--help</c>, <c>--version</c>, <c>--transport</c>, <c>--host</c>, <c>--port</c>, <c>--log-level</c>, <c>--state-backend</c>, <c>--state-path</c>, <c>--max-message-bytes</c>, <c>--allow-unauthenticated</c>.</summary>
public sealed record CommandLineOptions
{
    public bool ShowHelp { get; init; }

    public bool ShowVersion { get; init; }

    /// <summary><c>stdio</c> or <c>http</c>; null when the command line names none (the YAML's choice applies).</summary>
    public string? Transport { get; init; }

    public string? Host { get; init; }

    public int? Port { get; init; }

    public string? LogLevel { get; init; }

    /// <summary><c>memory</c>, <c>sqlite</c> or <c>redis</c>; null when the command line names none (PFORGE_STATE_BACKEND, else the YAML's).</summary>
    public string? StateBackend { get; init; }

    /// <summary>The sqlite file or the redis connection string; null when the command line names none (PFORGE_STATE_PATH, else the YAML's).</summary>
    public string? StatePath { get; init; }

    /// <summary>The largest message a client may send, in bytes; null when the command line names none (<c>PFORGE_MAX_MESSAGE_BYTES</c>, else the YAML's).</summary>
    public int? MaxMessageBytes { get; init; }

    /// <summary>Serve HTTP on a non-loopback address without <c>forge.http.auth</c>, on purpose.</summary>
    public bool AllowUnauthenticated { get; init; }

    public static string Usage(string name) =>
        $"""
        Usage: {name} [options]

        Serves the MCP server built from pforge.yaml.

        Options:
          --transport <stdio|http>  Transport to serve (default: the YAML's forge.transport, else stdio);
                                    http serves Streamable HTTP, HTTP+SSE and WebSocket (sse, websocket: the same)
          --host <address>          HTTP bind address (default 127.0.0.1)
          --port <number>           HTTP port (default 8080)
          --log-level <level>       debug, info, warning, error or none (default warning); logs go to stderr
          --state-backend <name>    memory, sqlite or redis (default: PFORGE_STATE_BACKEND, else the YAML's state.backend)
          --state-path <path>       The sqlite file, or the redis connection string (default: PFORGE_STATE_PATH, else the YAML's)
          --max-message-bytes <n>   The largest message a client may send: a stdio line or an HTTP body, 1024 to 1073741824
                                    (default: PFORGE_MAX_MESSAGE_BYTES, else the YAML's, else 16777216 on stdio, 4194304 on HTTP)
          --allow-unauthenticated   Serve HTTP on a non-loopback address without forge.http.auth (anyone who reaches
                                    the port may call every tool)
          --version                 Print the server and PForge versions
          -h, --help                Print this help
        """;

    /// <summary>Parses <paramref name="args"/>; on a mistake returns null and a message saying what is wrong.</summary>
    public static CommandLineOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new CommandLineOptions();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = arg.StartsWith("--", StringComparison.Ordinal) && eq > 0 ? arg[..eq] : arg;
            string? inline = name.Length != arg.Length ? arg[(eq + 1)..] : null;

            switch (name)
            {
                case "-h" or "--help" or "-?":
                    options = options with { ShowHelp = true };
                    break;
                case "--allow-unauthenticated":
                    options = options with { AllowUnauthenticated = true };
                    break;
                case "--version":
                    options = options with { ShowVersion = true };
                    break;
                case "--transport":
                    var transport = inline ?? Next(args, ref i);
                    if (transport is not ("stdio" or "http" or "sse" or "websocket"))
                    {
                        error = $"--transport must be 'stdio' or 'http', not '{transport}'";
                        return null;
                    }

                    // One HTTP server serves Streamable HTTP, HTTP+SSE and WebSocket.
                    options = options with { Transport = transport == "stdio" ? "stdio" : "http" };
                    break;
                case "--host":
                    var host = inline ?? Next(args, ref i);
                    if (string.IsNullOrWhiteSpace(host))
                    {
                        error = "--host needs an address";
                        return null;
                    }

                    options = options with { Host = host };
                    break;
                case "--port":
                    var portText = inline ?? Next(args, ref i);
                    if (!int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 0 or > 65535)
                    {
                        error = $"--port must be a number from 0 to 65535, not '{portText}'";
                        return null;
                    }

                    options = options with { Port = port };
                    break;
                case "--log-level":
                    var level = inline ?? Next(args, ref i);
                    if (level is not ("debug" or "info" or "warning" or "error" or "none"))
                    {
                        error = $"--log-level must be debug, info, warning, error or none, not '{level}'";
                        return null;
                    }

                    options = options with { LogLevel = level };
                    break;
                case "--state-backend":
                    var backend = inline ?? Next(args, ref i);
                    if (backend is not ("memory" or "sqlite" or "redis"))
                    {
                        error = $"--state-backend must be memory, sqlite or redis, not '{backend}'";
                        return null;
                    }

                    options = options with { StateBackend = backend };
                    break;
                case "--state-path":
                    var statePath = inline ?? Next(args, ref i);
                    if (string.IsNullOrWhiteSpace(statePath))
                    {
                        error = "--state-path needs a file or a redis connection string";
                        return null;
                    }

                    options = options with { StatePath = statePath };
                    break;
                case "--max-message-bytes":
                    var limitText = inline ?? Next(args, ref i);
                    if (!MessageLimit.TryParse(limitText, out var limit))
                    {
                        error = $"--max-message-bytes must be {MessageLimit.Expected}, not '{limitText}'";
                        return null;
                    }

                    options = options with { MaxMessageBytes = limit };
                    break;
                default:
                    error = $"unknown option '{arg}'";
                    return null;
            }
        }

        return options;
    }

    private static string? Next(IReadOnlyList<string> args, ref int i) => i + 1 < args.Count ? args[++i] : null;
}
