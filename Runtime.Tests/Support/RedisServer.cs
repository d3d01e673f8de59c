using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PForge.Testing;

/// <summary>
/// A redis-server of a test's own on 127.0.0.1 and a free port, with no persistence (<c>--save '' --appendonly no</c>);
/// disposing stops it. Without redis-server on PATH a test fails in CI (.ci/run installs it) and is inconclusive elsewhere.
/// Shared by Runtime.Tests and IntegrationTests (linked into both).
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis connection string of this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var program = Find();
        var port = FreePort();
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, port);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!await server.AnswersPingAsync())
        {
            if (process.HasExited || timeout.IsCancellationRequested)
            {
                server.Dispose();
                throw new InvalidOperationException($"redis-server did not start on port {port} within 15 s");
            }

            await Task.Delay(50);
        }

        return server;
    }

    /// <summary>Sends one inline command (such as <c>PING</c>) and returns the first line of the answer.</summary>
    public async Task<string> CommandAsync(string command)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(command + "\r\n"), timeout.Token);
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer, timeout.Token);
        return System.Text.Encoding.ASCII.GetString(buffer, 0, read).TrimEnd();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            return await CommandAsync("PING") == "+PONG";
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private static string Find()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(path => path.Length > "redis-server".Length && File.Exists(path));
        if (found is not null)
        {
            return found;
        }

        const string missing = "redis-server is not installed (Debian and Ubuntu: apt-get install redis-server; CI installs it: .ci/run)";
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail(missing);
        }

        Assert.Inconclusive(missing);
        return string.Empty;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
