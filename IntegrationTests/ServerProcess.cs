using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace PForge.IntegrationTests;

/// <summary>
/// A built server started over Streamable HTTP on a free port (<c>--port 0</c>); its URL is read from the
/// <c>listening on …</c> line it writes to stderr. Disposing stops it (SIGTERM, then kill).
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private int _disposed;

    private ServerProcess(Process process) => _process = process;

    public Uri Url { get; private set; } = null!;

    /// <summary>Everything the server wrote to stderr so far.</summary>
    public string Log
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static Task<ServerProcess> StartHttpAsync(string appHost, params string[] extra) =>
        StartHttpAsync(appHost, new Dictionary<string, string>(), extra);

    /// <summary>As above, with <paramref name="environment"/> set for the process.</summary>
    public static async Task<ServerProcess> StartHttpAsync(string appHost, IReadOnlyDictionary<string, string> environment, params string[] extra)
    {
        var start = new ProcessStartInfo(appHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--transport", "http", "--host", "127.0.0.1", "--port", "0", "--log-level", "info", .. extra])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var server = new ServerProcess(Process.Start(start)!);
        var url = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        server._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                url.TrySetException(new InvalidOperationException("the server ended before it listened:\n" + server.Log));
                return;
            }

            lock (server._stderr)
            {
                server._stderr.AppendLine(e.Data);
            }

            if (Listening().Match(e.Data) is { Success: true } match)
            {
                url.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        server._process.OutputDataReceived += (_, _) => { };
        server._process.BeginErrorReadLine();
        server._process.BeginOutputReadLine();
        try
        {
            server.Url = await url.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Ends the server with SIGKILL, as a crash would: no grace, no flush.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        // Idempotent: a test may stop a server mid-run and dispose it again on the way out.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"listening on (http://\S+)")]
    private static partial Regex Listening();
}
