using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PForge.Runtime.Server;
using PForge.Runtime.Settings;
using PForge.Runtime.Telemetry;

namespace PForge.Runtime.Http;

/// <summary>
/// An MCP server on Streamable HTTP: Kestrel (the slim, AOT-ready builder) with one request delegate at
/// <see cref="HttpSettings.Path"/>. Start it, read <see cref="Url"/>, stop it; the console host and tests use the same API.
/// </summary>
public sealed class McpHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StreamableHttpEndpoint _endpoint;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sweeper;
    private readonly HttpTransportTimeouts _timeouts;
    private readonly ServerLog _log;
    private Task? _stopping;

    private McpHttpServer(WebApplication app, StreamableHttpEndpoint endpoint, Uri url, HttpSettings settings, HttpTransportTimeouts timeouts, ServerLog log)
    {
        _app = app;
        _endpoint = endpoint;
        _timeouts = timeouts;
        _log = log;
        Url = url;
        Settings = settings;
        _sweeper = SweepAsync(settings.SessionIdleTimeout, _stop.Token);
    }

    /// <summary>The endpoint as bound, e.g. <c>http://127.0.0.1:54321/mcp</c> (the real port when 0 was asked for).</summary>
    public Uri Url { get; }

    public HttpSettings Settings { get; }

    /// <summary>How many sessions are open now.</summary>
    public int SessionCount => _endpoint.SessionCount;

    /// <summary>
    /// Binds <see cref="HttpSettings.Host"/>:<see cref="HttpSettings.Port"/> (port 0 picks a free one) and serves until
    /// stopped. <c>Host</c> must be an IP address or <c>localhost</c>. The <c>Host</c> header is checked against the
    /// loopback names unless the server is bound to another address on purpose.
    /// </summary>
    public static Task<McpHttpServer> StartAsync(McpServerDefinition definition, HttpSettings settings, ServerLog? log = null, CancellationToken cancellationToken = default) =>
        StartAsync(definition, settings, log, HttpTransportTimeouts.Default, cancellationToken);

    internal static async Task<McpHttpServer> StartAsync(McpServerDefinition definition, HttpSettings settings, ServerLog? log, HttpTransportTimeouts timeouts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(settings);
        log ??= ServerLog.Silent;
        if (!TryParseBindAddress(settings.Host, out var address))
        {
            throw new ArgumentException($"the HTTP host must be an IP address or localhost, not '{settings.Host}'", nameof(settings));
        }

        if (!settings.Path.StartsWith('/'))
        {
            throw new ArgumentException($"the HTTP path must start with '/', not '{settings.Path}'", nameof(settings));
        }

        if (settings.RequestHeadersTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"the request headers timeout must be positive, not {settings.RequestHeadersTimeout}", nameof(settings));
        }

        if (settings.MinRequestBodyBytesPerSecond < 0 || (settings.MinRequestBodyBytesPerSecond > 0 && settings.RequestBodyGracePeriod <= TimeSpan.FromSeconds(1)))
        {
            throw new ArgumentException(
                $"the minimum request body rate must be 0 (none) or positive with a grace period of more than 1 s, not {settings.MinRequestBodyBytesPerSecond} bytes/s after {settings.RequestBodyGracePeriod}",
                nameof(settings));
        }

        var loopback = IPAddress.IsLoopback(address);
        var checkHost = loopback || settings.AllowedHosts.Count > 0;
        if (!loopback && !settings.Auth.IsEnabled && !settings.AllowUnauthenticated)
        {
            throw new AuthConfigurationException(
                $"refusing to serve on {settings.Host} without authentication: anyone who reaches the port could call every tool. "
                + "Configure forge.http.auth, or serve openly on purpose with --allow-unauthenticated (forge.http.allow_unauthenticated: true)");
        }

        if (settings.Auth.OAuth is { Resource: null } && !checkHost)
        {
            throw new AuthConfigurationException(
                $"forge.http.auth.oauth.resource is required on {settings.Host}: without forge.http.allowed_hosts the Host header is not checked, so it cannot name this server");
        }

        var auth = Auth.HttpAuthenticator.Create(settings.Auth, Environment.GetEnvironmentVariable, TimeProvider.System, out var authProblem);
        if (authProblem is not null)
        {
            throw new AuthConfigurationException(authProblem);
        }

        if (auth is not null)
        {
            auth.Path = settings.Path;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "PForge.Runtime.Http" });

        // Configured by pforge.yaml and the command line alone: no appsettings.json, ASPNETCORE_* or logging providers.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;

            // The endpoint reads at most one byte past the limit, to answer 413 with a JSON-RPC error. Kestrel's bound caps
            // what it drains of a refused body; it has a margin because its count of a chunked body runs ahead of the reads.
            options.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes + (16 * 1024);

            // Slow clients: one that stalls mid-headers, or trickles its body, is answered 408 and its connection closed,
            // so a few connections cannot hold the server's sockets and buffers for long (Kestrel checks once a second).
            options.Limits.RequestHeadersTimeout = settings.RequestHeadersTimeout;
            options.Limits.MinRequestBodyDataRate = settings.MinRequestBodyBytesPerSecond > 0
                ? new MinDataRate(settings.MinRequestBodyBytesPerSecond, settings.RequestBodyGracePeriod)
                : null;
            options.Listen(address, settings.Port);
        });

        var app = builder.Build();
        var endpoint = new StreamableHttpEndpoint(definition, settings, log, timeouts, checkHost, auth);
        // Upgrades to a WebSocket at the MCP endpoint; the endpoint accepts them (keep-alive is set per connection).
        app.UseWebSockets();
        app.Run(endpoint.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no bound address");
        var url = new Uri(bound.TrimEnd('/') + settings.Path);
        log.Info($"{definition.Name} {definition.Version} serving MCP over Streamable HTTP at {url}"
            + $" (and WebSocket there{(settings.Stateless ? string.Empty : $", HTTP+SSE at {HttpSettings.LegacySsePath}")})"
            + (checkHost ? string.Empty : " (not loopback: the Host header is not checked)")
            + (auth is null ? string.Empty : $" (auth: {Describe(settings.Auth)})"));
        return new McpHttpServer(app, endpoint, url, settings, timeouts, log);
    }

    /// <summary>
    /// Stops: new requests are refused (503), running calls get a short grace to answer, then are cancelled, every
    /// session ends, and Kestrel closes its connections. Safe to call more than once.
    /// </summary>
    public Task StopAsync()
    {
        lock (_stop)
        {
            return _stopping ??= StopCoreAsync();
        }
    }

    private async Task StopCoreAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _endpoint.StopAsync().ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(_timeouts.Shutdown);
        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _log.Warning($"connections still open {_timeouts.Shutdown.TotalSeconds:0.#} s after shutdown began; closed");
        }

        await _sweeper.ConfigureAwait(false);
        _endpoint.StopAuth();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _endpoint.StopMetrics();
        _stop.Dispose();
    }

    /// <summary>An IP address, <c>[IPv6]</c>, <c>localhost</c> (the IPv4 loopback), or <c>*</c> (every address).</summary>
    internal static bool TryParseBindAddress(string host, out IPAddress address)
    {
        var text = host.Trim();
        if (string.Equals(text, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            // One address, so that port 0 works (Kestrel cannot bind "localhost" to a dynamic port).
            address = IPAddress.Loopback;
            return true;
        }

        if (text is "*" or "+")
        {
            address = IPAddress.IPv6Any;
            return true;
        }

        if (text.StartsWith('[') && text.EndsWith(']'))
        {
            text = text[1..^1];
        }

        return IPAddress.TryParse(text, out address!);
    }

    private async Task SweepAsync(TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        // Often enough that a session outlives its timeout by at most a quarter of it (and never by more than 30 s).
        var period = TimeSpan.FromTicks(Math.Clamp(idleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(10).Ticks, TimeSpan.FromSeconds(30).Ticks));
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    _endpoint.SweepIdleSessions();
                }
                catch (Exception ex)
                {
                    _log.Error($"the idle-session sweep failed: {ex}");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string Describe(AuthSettings auth) =>
        string.Join(", ", new[]
        {
            auth.OAuth is { } oauth ? "OAuth tokens of " + string.Join(" or ", oauth.Issuers) : null,
            auth.ApiKeys.Count > 0 ? $"{auth.ApiKeys.Count} API key(s)" : null,
        }.Where(static part => part is not null));

    /// <summary>The HTTP settings cannot be served safely or as written (auth, bind address); the host exits with a usage error.</summary>
    public sealed class AuthConfigurationException(string message) : ArgumentException(message);

    /// <summary>No console lifetime: the host handles signals itself and stops the server in its own order.</summary>
    private sealed class QuietLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
