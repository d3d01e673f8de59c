using System.Net;
using System.Net.Sockets;

namespace PForge.IntegrationTests;

/// <summary>A real HTTP server on 127.0.0.1 for tests whose tools call one (System.Net.HttpListener on a free port).</summary>
internal static class LocalListener
{
    /// <summary>A listener started on a free loopback port, and its base URL (<c>http://127.0.0.1:PORT</c>, no slash).</summary>
    public static (HttpListener Listener, string Base) Start()
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var listener = new HttpListener();
        listener.Prefixes.Add(url + "/");
        listener.Start();
        return (listener, url);
    }

    /// <summary>The next request, or null once the listener is closed.</summary>
    public static async Task<HttpListenerContext?> NextAsync(HttpListener? listener)
    {
        try
        {
            return listener is { IsListening: true } ? await listener.GetContextAsync() : null;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            return null;
        }
    }

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
