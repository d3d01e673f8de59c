using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace PForge.Runtime.Tests.Support;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with an ephemeral port, for http tool tests. It checks credentials itself and
/// answers whether they matched, never their values, so a secret can only reach a result through the runner.
/// </summary>
internal sealed class LocalHttpServer : IAsyncDisposable
{
    public const string BearerToken = "tok-9f8e7d6c5b4a-secret";
    public const string BasicUser = "alice";
    public const string BasicPassword = "pw-0123456789-secret";
    public const string ApiKey = "key-a1b2c3d4e5-secret";

    private readonly WebApplication _app;

    private LocalHttpServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary><c>http://127.0.0.1:port</c>, without a final '/'.</summary>
    public string BaseUrl { get; }

    /// <summary>The same server under another origin (<c>localhost</c>), for cross-origin redirects.</summary>
    public string OtherOrigin => BaseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

    /// <summary>Raw request targets received, in order.</summary>
    public List<string> Targets { get; } = [];

    /// <summary>Headers of every request received (names lowercase).</summary>
    public List<Dictionary<string, string>> Requests { get; } = [];

    public static async Task<LocalHttpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        LocalHttpServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetService(typeof(IServer)) is IServer s ? s.Features.Get<IServerAddressesFeature>()!.Addresses.First() : throw new InvalidOperationException("no server");
        server = new LocalHttpServer(app, address.TrimEnd('/'));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        lock (Targets)
        {
            Targets.Add(target);
            Requests.Add(headers);
        }

        var path = request.Path.Value ?? string.Empty;
        var response = context.Response;
        if (path.StartsWith("/status/", StringComparison.Ordinal))
        {
            response.StatusCode = int.Parse(path["/status/".Length..], System.Globalization.CultureInfo.InvariantCulture);
            response.ContentType = "text/plain";
            await response.WriteAsync("nope: " + new string('x', 600)).ConfigureAwait(false);
            return;
        }

        if (path.StartsWith("/redirect/", StringComparison.Ordinal))
        {
            var left = int.Parse(path["/redirect/".Length..], System.Globalization.CultureInfo.InvariantCulture);
            if (left == 0)
            {
                await response.WriteAsync("arrived").ConfigureAwait(false);
                return;
            }

            response.StatusCode = 302;
            response.Headers.Location = "/redirect/" + (left - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return;
        }

        switch (path)
        {
            case "/cross":
                response.StatusCode = 307;
                response.Headers.Location = OtherOrigin + "/echo";
                return;
            case "/big":
                response.ContentType = "text/plain";
                await response.WriteAsync(new string('b', 5000)).ConfigureAwait(false);
                return;
            case "/big-chunked":
                response.ContentType = "text/plain";
                for (var i = 0; i < 10; i++)
                {
                    await response.WriteAsync(new string('c', 1000)).ConfigureAwait(false);
                    await response.Body.FlushAsync().ConfigureAwait(false);
                }

                return;
            case "/slow":
                await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted).ConfigureAwait(false);
                return;
            case "/binary":
                response.ContentType = "image/png";
                await response.Body.WriteAsync(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF }).ConfigureAwait(false);
                return;
            case "/array":
                response.ContentType = "application/json";
                await response.WriteAsync("[1,2,3]").ConfigureAwait(false);
                return;
            case "/text":
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync("plain é ✓").ConfigureAwait(false);
                return;
            case "/empty":
                response.StatusCode = 204;
                return;
        }

        // Anything else: echo what arrived, with credentials checked here and reported as booleans only.
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync().ConfigureAwait(false);
        var authorization = headers.GetValueOrDefault("authorization");
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(BasicUser + ":" + BasicPassword));
        response.ContentType = "application/json; charset=utf-8";
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("method", request.Method);
            writer.WriteString("target", target);
            writer.WriteString("path", request.Path.Value);
            writer.WriteStartObject("query");
            foreach (var (name, value) in request.Query)
            {
                writer.WriteString(name, value.ToString());
            }

            writer.WriteEndObject();
            writer.WriteString("body", body);
            writer.WriteString("content_type", request.ContentType);
            writer.WriteString("x_custom", headers.GetValueOrDefault("x-custom"));
            writer.WriteBoolean("bearer_ok", authorization == "Bearer " + BearerToken);
            writer.WriteBoolean("basic_ok", authorization == basic);
            writer.WriteBoolean("apikey_ok", headers.GetValueOrDefault("x-api-key") == ApiKey);
            writer.WriteBoolean("has_authorization", authorization is not null);
            writer.WriteEndObject();
        }

        await response.Body.WriteAsync(buffer.ToArray()).ConfigureAwait(false);
    }
}
