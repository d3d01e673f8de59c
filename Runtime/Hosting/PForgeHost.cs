using PForge.Runtime.Server;
using PForge.Runtime.Settings;
using PForge.Runtime.Telemetry;
using PForge.Runtime.Transports;

namespace PForge.Runtime.Hosting;

/// <summary>The entry point a generated <c>Main</c> calls: reads the command line, then serves.</summary>
public static class PForgeHost
{
    /// <summary>Exit code for a command-line mistake, as conventional tools use.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code when the state store cannot be opened (a sqlite file, a redis connection string, a backend not compiled in).</summary>
    public const int StateFailed = 3;

    /// <summary>
    /// Runs the server over the console streams; returns the process exit code. <see cref="Console.Out"/> is sent to
    /// stderr from here on: stdout carries the protocol alone, so a handler's <c>Console.WriteLine</c> must not reach it.
    /// </summary>
    public static Task<int> RunAsync(string[] args, McpServerDefinition definition)
    {
        var input = Console.OpenStandardInput();
        var output = Console.OpenStandardOutput();
        Console.SetOut(Console.Error);
        return RunAsync(args, definition, input, output, Console.Error, inputDescriptor: 0);
    }

    /// <summary>Runs the server over the given streams (tests and embedding use this).</summary>
    public static Task<int> RunAsync(string[] args, McpServerDefinition definition, Stream input, Stream output, TextWriter error) =>
        RunAsync(args, definition, input, output, error, inputDescriptor: -1);

    /// <summary>
    /// The log level and the message limit, each from the command line, else its environment variable, else the server
    /// (<see cref="ServerLog.ResolveLevel"/>, <see cref="MessageLimit.Override"/>; a null limit leaves the server's own);
    /// null, with <paramref name="problem"/>, when a variable holds a bad value. Both hosts start from it.
    /// </summary>
    public static (ServerLogLevel Level, int? MaxMessageBytes)? ResolveEnvironment(CommandLineOptions options, McpServerDefinition definition, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(definition);
        if (ServerLog.ResolveLevel(options.LogLevel, Environment.GetEnvironmentVariable, definition.DefaultLogLevel, out problem) is not { } level)
        {
            return null;
        }

        var limit = MessageLimit.Override(options.MaxMessageBytes, Environment.GetEnvironmentVariable, out problem);

        // Instances behind one endpoint share the secret, so that any of them can take a retry (revision 2026-07-28).
        if (Environment.GetEnvironmentVariable(RequestStateSealer.KeyVariable) is { Length: > 0 } secret)
        {
            definition.RequestState = RequestStateSealer.WithSecret(secret);
        }

        return problem is null ? (level, limit) : null;
    }

    private static async Task<int> RunAsync(string[] args, McpServerDefinition definition, Stream input, Stream output, TextWriter error, int inputDescriptor)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(error);
        var options = CommandLineOptions.Parse(args, out var problem);
        if (options is null)
        {
            await error.WriteLineAsync($"{definition.Name}: {problem}. Try --help.").ConfigureAwait(false);
            return UsageError;
        }

        if (options.ShowHelp)
        {
            // Help and version go to stdout: they are answers to the user, not protocol traffic.
            using var help = new StreamWriter(output, leaveOpen: true);
            await help.WriteLineAsync(CommandLineOptions.Usage(definition.Name)).ConfigureAwait(false);
            return 0;
        }

        if (options.ShowVersion)
        {
            using var version = new StreamWriter(output, leaveOpen: true);
            await version.WriteLineAsync($"{definition.Name} {definition.Version} (PForge.Runtime {RuntimeVersion})").ConfigureAwait(false);
            return 0;
        }

        if (ResolveEnvironment(options, definition, out var environmentProblem) is not { } resolved)
        {
            await error.WriteLineAsync($"{definition.Name}: {environmentProblem}").ConfigureAwait(false);
            return UsageError;
        }

        var log = new ServerLog(error, resolved.Level);
        var transport = options.Transport ?? definition.DefaultTransport;
        if (transport != "stdio")
        {
            // This host is the stdio-only runtime: PForge.Runtime.Http (PForgeHttpHost) serves HTTP when compiled in.
            await error.WriteLineAsync(transport is "http" or "sse"
                    ? $"{definition.Name}: the HTTP transport is not compiled into this server; set forge.transport: http in pforge.yaml or <PForgeHttp>true</PForgeHttp> in the project file"
                    : $"{definition.Name}: unknown transport '{transport}'; use stdio or http")
                .ConfigureAwait(false);
            return UsageError;
        }

        var maxMessageBytes = resolved.MaxMessageBytes ?? definition.MaxMessageBytes;
        using var stop = new CancellationTokenSource();
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM,
            context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });

        if (!await StateHost.OpenAsync(definition, options, log, error).ConfigureAwait(false))
        {
            return StateFailed;
        }

        try
        {
            log.Info($"{definition.Name} {definition.Version} serving MCP over stdio");
            log.Debug($"messages up to {maxMessageBytes} bytes");
            await new StdioTransport(input, output, log, maxMessageBytes) { InputDescriptor = inputDescriptor }.RunAsync(definition, stop.Token).ConfigureAwait(false);
        }
        finally
        {
            await StateHost.CloseAsync(definition).ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>The runtime's informational version, stamped at build time.</summary>
    public static string RuntimeVersion => RuntimeInfo.Version;
}
