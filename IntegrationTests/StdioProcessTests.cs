using System.Diagnostics;

namespace PForge.IntegrationTests;

/// <summary>The calculator process spoken to byte by byte: what a client with bugs, or a person, can send it.</summary>
[TestClass]
public sealed class StdioProcessTests
{
    private const string Initialize =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    [ClassInitialize]
    public static async Task BuildAsync(TestContext context)
    {
        _ = context;
        await DotNet.BuildAsync(Path.Combine(DotNet.Sample("calculator"), "Calculator.csproj"));
    }

    [TestMethod]
    public async Task BadLinesGetErrorsAndTheServerKeepsServingUntilEofThenExitsZero()
    {
        var (exitCode, stdout, _) = await RunAsync(CalculatorTests.AppHost, [],
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""",
            """{"jsonrpc":"2.0","method":"notifications/initialized"}""",
            "{not json",
            """[{"jsonrpc":"2.0","id":2,"method":"ping"}]""",
            """{"jsonrpc":"2.0","id":3,"method":"roots/list"}""",
            """{"jsonrpc":"2.0","id":"c","method":"tools/call","params":{"name":"calculate","arguments":{"operation":"add","a":0.1,"b":0.2}}}""");
        Assert.AreEqual(0, exitCode);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(5, lines.Length, stdout);
        StringAssert.StartsWith(lines[0], """{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-11-25",""");
        StringAssert.StartsWith(lines[1], """{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: """);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: batches are not supported (removed in MCP 2025-06-18)"}}""", lines[2]);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"Method not found: roots/list"}}""", lines[3]);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":"c","result":{"content":[{"type":"text","text":"{\"result\":0.30000000000000004}"}],"structuredContent":{"result":0.30000000000000004}}}""", lines[4]);
    }

    [TestMethod]
    public async Task LogsGoToStderrOnly()
    {
        var (_, stdout, stderr) = await RunAsync(CalculatorTests.AppHost, ["--log-level", "debug"],
            """{"jsonrpc":"2.0","id":1,"method":"ping"}""",
            """{"jsonrpc":"2.0","method":"notifications/unknown"}""");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":1,"result":{}}""" + "\n", stdout);
        StringAssert.Contains(stderr, "pforge info: calculator 1.0.0 serving MCP over stdio");
        StringAssert.Contains(stderr, "pforge debug: ignored notification notifications/unknown");
    }

    [TestMethod]
    public async Task CommandLineFlags()
    {
        var (code, stdout, _) = await RunAsync(CalculatorTests.AppHost, ["--version"]);
        Assert.AreEqual(0, code);
        StringAssert.StartsWith(stdout, "calculator 1.0.0 (PForge.Runtime ");

        (code, stdout, _) = await RunAsync(CalculatorTests.AppHost, ["--help"]);
        Assert.AreEqual(0, code);
        StringAssert.Contains(stdout, "--transport <stdio|http>");

        (code, _, var stderr) = await RunAsync(CalculatorTests.AppHost, ["--transport", "http", "--port", "8080"]);
        Assert.AreEqual(2, code);
        Assert.AreEqual(
            "calculator: the HTTP transport is not compiled into this server; set forge.transport: http in pforge.yaml or <PForgeHttp>true</PForgeHttp> in the project file\n",
            stderr);

        (code, _, stderr) = await RunAsync(CalculatorTests.AppHost, ["--bogus"]);
        Assert.AreEqual(2, code);
        StringAssert.Contains(stderr, "calculator: unknown option '--bogus'. Try --help.");
    }

    [TestMethod]
    public async Task SigtermStopsTheServerWhileStdinStaysOpenAndItExitsZero()
    {
        var start = new ProcessStartInfo(CalculatorTests.AppHost)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--log-level");
        start.ArgumentList.Add("debug");
        using var process = Process.Start(start)!;
        try
        {
            var stderr = process.StandardError.ReadToEndAsync();
            await process.StandardInput.WriteAsync(Initialize + "\n");
            await process.StandardInput.FlushAsync();

            // An answer means the server is serving, so its SIGTERM handler is in place.
            var answer = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            StringAssert.StartsWith(answer, """{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-11-25",""");
            var rest = process.StandardOutput.ReadToEndAsync();

            // Process.Kill is SIGKILL; a client stopping its server sends SIGTERM, with stdin still open.
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                Assert.AreEqual(0, kill.ExitCode, "kill -TERM failed");
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(timeout.Token);
            Assert.AreEqual(0, process.ExitCode);
            Assert.AreEqual(string.Empty, await rest);
            StringAssert.Contains(await stderr, "pforge debug: stopped; finishing running calls");
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("the server did not exit within 10 s of SIGTERM");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [TestMethod]
    public async Task AHandlersConsoleWriteLineGoesToStderrNotIntoTheProtocol()
    {
        using var project = new TempProject("Noisy", """
            forge:
              name: noisy
              version: 1.0.0
            tools:
              - type: native
                name: shout
                description: Writes to the console, then answers
                params:
                  text: string
            """);
        project.WriteFile("Handlers/ShoutHandler.cs", """
            using PForge.Runtime.Tools;

            namespace Noisy.Handlers;

            public partial class ShoutHandler
            {
                public partial ValueTask<ToolResult> HandleAsync(ShoutInput input, ToolContext context)
                {
                    Console.WriteLine($"console noise: {input.Text}");
                    Console.Out.Flush();
                    return ValueTask.FromResult(ToolResult.Text($"{input.Text}"));
                }
            }
            """);
        await project.BuildAsync();
        var (code, stdout, stderr) = await RunAsync("dotnet", [project.OutputAssembly],
            Initialize,
            """{"jsonrpc":"2.0","method":"notifications/initialized"}""",
            """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"shout","arguments":{"text":"hi"}}}""");
        Assert.AreEqual(0, code, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(2, lines, stdout);
        StringAssert.StartsWith(lines[0], """{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-11-25",""");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"hi"}]}}""", lines[1]);
        StringAssert.Contains(stderr, "console noise: hi");
    }

    /// <summary>Writes the lines to the process, closes stdin, and waits (bounded) for it to exit.</summary>
    internal static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string command, string[] args, params string[] lines) =>
        RunAsync(command, args, new Dictionary<string, string>(), lines);

    /// <summary>As above, with <paramref name="environment"/> set for the process.</summary>
    internal static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string command, string[] args, IReadOnlyDictionary<string, string> environment, params string[] lines)
    {
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        foreach (var line in lines)
        {
            await process.StandardInput.WriteAsync(line + "\n");
        }

        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not exit after its input closed");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
