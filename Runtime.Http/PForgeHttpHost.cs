using System.Runtime.InteropServices;
using PForge.Runtime.Hosting;
using PForge.Runtime.Server;
using PForge.Runtime.Settings;
using PForge.Runtime.Telemetry;

namespace PForge.Runtime.Http;

/// <summary>
/// The entry point a generated <c>Main</c> calls when the server has the HTTP transport compiled in: serves stdio or
/// Streamable HTTP, as <c>--transport</c> (else the YAML's <c>forge.transport</c>) says.
/// </summary>
public static class PForgeHttpHost
{
    /// <summary>Exit code when the server cannot listen (the address is in use, or not this machine's).</summary>
    public const int ListenFailed = 1;

    /// <summary>
    /// Runs the server on the console; returns the process exit code. stdio is served by <see cref="PForgeHost"/>;
    /// HTTP until SIGTERM or Ctrl+C, then stops gracefully and returns 0. Logs go to stderr only.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, McpServerDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var options = CommandLineOptions.Parse(args, out _);
        if (options is null || options.ShowHelp || options.ShowVersion || !IsHttp(options, definition))
        {
            // Usage errors, help, version and stdio: exactly what the stdio-only host does.
            return await PForgeHost.RunAsync(args, definition).ConfigureAwait(false);
        }

        // As on stdio: a handler's Console.WriteLine goes to stderr, with the logs.
        Console.SetOut(Console.Error);
        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        return await RunHttpAsync(options, definition, Console.Error, stop.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the server with the given streams (tests and embedding): stdio over <paramref name="input"/> and
    /// <paramref name="output"/> until end of input; HTTP until <paramref name="stop"/> fires. The bound address is
    /// written to <paramref name="error"/> as a line ending in <c>listening on http://host:port/path</c>.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, McpServerDefinition definition, Stream input, Stream output, TextWriter error, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(error);
        var options = CommandLineOptions.Parse(args, out _);
        if (options is null || options.ShowHelp || options.ShowVersion || !IsHttp(options, definition))
        {
            return await PForgeHost.RunAsync(args, definition, input, output, error).ConfigureAwait(false);
        }

        return await RunHttpAsync(options, definition, error, stop).ConfigureAwait(false);
    }

    /// <summary>The transport to serve: the command line's, else the YAML's; <c>sse</c> is the old name of HTTP.</summary>
    private static bool IsHttp(CommandLineOptions options, McpServerDefinition definition) =>
        (options.Transport ?? definition.DefaultTransport) is "http" or "sse";

    private static async Task<int> RunHttpAsync(CommandLineOptions options, McpServerDefinition definition, TextWriter error, CancellationToken stop)
    {
        if (PForgeHost.ResolveEnvironment(options, definition, out var environmentProblem) is not { } resolved)
        {
            await error.WriteLineAsync($"{definition.Name}: {environmentProblem}").ConfigureAwait(false);
            return PForgeHost.UsageError;
        }

        var log = new ServerLog(error, resolved.Level);

        var settings = definition.Http with
        {
            Host = options.Host ?? definition.Http.Host,
            Port = options.Port ?? definition.Http.Port,
            MaxRequestBodyBytes = resolved.MaxMessageBytes ?? definition.Http.MaxRequestBodyBytes,
            AllowUnauthenticated = options.AllowUnauthenticated || definition.Http.AllowUnauthenticated,
        };
        settings = settings with { Auth = OverrideAuth(settings.Auth, Environment.GetEnvironmentVariable) };
        if (!McpHttpServer.TryParseBindAddress(settings.Host, out _))
        {
            await error.WriteLineAsync($"{definition.Name}: --host must be an IP address or localhost, not '{settings.Host}'. Try --help.").ConfigureAwait(false);
            return PForgeHost.UsageError;
        }

        if (!await StateHost.OpenAsync(definition, options, log, error).ConfigureAwait(false))
        {
            return PForgeHost.StateFailed;
        }

        try
        {
            return await ServeAsync(definition, settings, log, error, stop).ConfigureAwait(false);
        }
        finally
        {
            await StateHost.CloseAsync(definition).ConfigureAwait(false);
        }
    }

    /// <summary>The environment variable whose value (issuer URLs, separated by commas) replaces <c>forge.http.auth.oauth.issuer</c>.</summary>
    public const string IssuerVariable = "PFORGE_AUTH_ISSUER";

    /// <summary>The environment variable whose value replaces <c>forge.http.auth.oauth.resource</c>.</summary>
    public const string ResourceVariable = "PFORGE_AUTH_RESOURCE";

    /// <summary>
    /// The YAML's OAuth settings with the environment's issuer and resource, so one build serves staging and production
    /// (as <c>PFORGE_STATE_*</c> do for the store); a server without <c>oauth</c> is left as it is.
    /// </summary>
    internal static AuthSettings OverrideAuth(AuthSettings auth, Func<string, string?> environment)
    {
        if (auth.OAuth is not { } oauth)
        {
            return auth;
        }

        var issuers = environment(IssuerVariable) is { Length: > 0 } issuerText
            ? issuerText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : oauth.Issuers;
        var resource = environment(ResourceVariable) is { Length: > 0 } resourceText ? resourceText.Trim() : oauth.Resource;
        return auth with { OAuth = oauth with { Issuers = issuers, Resource = resource } };
    }

    private static async Task<int> ServeAsync(McpServerDefinition definition, HttpSettings settings, ServerLog log, TextWriter error, CancellationToken stop)
    {
        McpHttpServer server;
        try
        {
            server = await McpHttpServer.StartAsync(definition, settings, log, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        catch (McpHttpServer.AuthConfigurationException ex)
        {
            await error.WriteLineAsync($"{definition.Name}: {ex.Message}").ConfigureAwait(false);
            return PForgeHost.UsageError;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            await error.WriteLineAsync($"{definition.Name}: cannot listen on {settings.Host}:{settings.Port}: {ex.Message}").ConfigureAwait(false);
            return ListenFailed;
        }

        await using (server.ConfigureAwait(false))
        {
            // Always printed (whatever the log level): scripts and tests read the bound port from it.
            await error.WriteLineAsync($"{definition.Name}: listening on {server.Url}").ConfigureAwait(false);
            await error.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            log.Info("stopping: finishing running calls");
            await server.StopAsync().ConfigureAwait(false);
        }

        return 0;
    }
}
