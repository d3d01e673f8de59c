using System.Diagnostics;

namespace PForge.IntegrationTests;

/// <summary>The pinned Node tools of scripts/install-node-tools (.tools/node): Node 22 and its packages, and a run of one.</summary>
internal static class NodeTools
{
    public static readonly string Modules = Path.Combine(DotNet.RepoRoot, ".tools", "node", "node_modules");

    public static readonly string Node = Path.Combine(Modules, "node", "bin", "node");

    public static void AssertInstalled() =>
        Assert.IsTrue(File.Exists(Node), $"{Node} is missing: run scripts/install-node-tools (scripts/test does)");

    /// <summary>Runs Node with <paramref name="arguments"/> and returns its stdout; it must exit 0 within 90 s.</summary>
    public static async Task<string> RunAsync(string what, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null, Func<string>? context = null)
    {
        var start = new ProcessStartInfo(Node)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{what} did not finish within 90 s: {await stderr}");
        }

        Assert.AreEqual(0, process.ExitCode, $"{what} failed: {await stderr}{(context is null ? string.Empty : "\n" + context())}");
        return await stdout;
    }
}
