using System.Text;
using PForge.Runtime.Hosting;
using PForge.Runtime.Tests.Support;

namespace PForge.Runtime.Tests;

[TestClass]
public sealed class PForgeHostTests
{
    [TestMethod]
    public async Task HttpIsRefusedWithExitCode2AndAClearMessage()
    {
        var run = await RunAsync(["--transport", "http"]);
        Assert.AreEqual(PForgeHost.UsageError, run.ExitCode);
        Assert.AreEqual(2, run.ExitCode);
        Assert.AreEqual(
            "test-server: the HTTP transport is not compiled into this server; set forge.transport: http in pforge.yaml or <PForgeHttp>true</PForgeHttp> in the project file"
            + Environment.NewLine,
            run.Error);
        Assert.AreEqual(string.Empty, run.Output);
    }

    [TestMethod]
    public async Task AYamlDefaultOfHttpIsRefusedTheSameWay()
    {
        var run = await RunAsync([], new TestServer(defaultTransport: "http"));
        Assert.AreEqual(2, run.ExitCode);
        StringAssert.Contains(run.Error, "the HTTP transport is not compiled into this server");
        Assert.AreEqual(string.Empty, run.Output);
    }

    [TestMethod]
    public async Task ACommandLineMistakeIsExitCode2WithAHint()
    {
        var run = await RunAsync(["--bogus"]);
        Assert.AreEqual(2, run.ExitCode);
        Assert.AreEqual("test-server: unknown option '--bogus'. Try --help." + Environment.NewLine, run.Error);
        Assert.AreEqual(string.Empty, run.Output);

        run = await RunAsync(["--port", "x"]);
        Assert.AreEqual(2, run.ExitCode);
        Assert.AreEqual("test-server: --port must be a number from 0 to 65535, not 'x'. Try --help." + Environment.NewLine, run.Error);
    }

    [TestMethod]
    public async Task VersionPrintsTheServerAndRuntimeVersions()
    {
        var run = await RunAsync(["--version"]);
        Assert.AreEqual(0, run.ExitCode);
        Assert.IsFalse(string.IsNullOrWhiteSpace(PForgeHost.RuntimeVersion));
        Assert.AreEqual($"test-server 1.2.3 (PForge.Runtime {PForgeHost.RuntimeVersion})" + Environment.NewLine, run.Output);
        StringAssert.StartsWith(run.Output, "test-server 1.2.3 (PForge.Runtime ");
        Assert.AreEqual(string.Empty, run.Error);
    }

    [TestMethod]
    public async Task HelpPrintsUsageToTheOutput()
    {
        var run = await RunAsync(["--help"]);
        Assert.AreEqual(0, run.ExitCode);
        Assert.AreEqual(CommandLineOptions.Usage("test-server") + Environment.NewLine, run.Output);
        Assert.AreEqual(string.Empty, run.Error);
    }

    [TestMethod]
    public async Task HelpWinsOverVersion()
    {
        var run = await RunAsync(["--version", "-h"]);
        Assert.AreEqual(0, run.ExitCode);
        StringAssert.StartsWith(run.Output, "Usage: test-server [options]");
    }

    [TestMethod]
    public async Task StdioServesUntilEndOfInput()
    {
        var input = SessionHarness.InitializeRequest + "\n"
            + """{"jsonrpc":"2.0","method":"notifications/initialized"}""" + "\n"
            + """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"via host"}}}""" + "\n";
        var run = await RunAsync(["--transport", "stdio", "--log-level", "none"], input: input);
        Assert.AreEqual(0, run.ExitCode);
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2025-11-25","capabilities":{"tools":{}},"serverInfo":{"name":"test-server","version":"1.2.3"},"instructions":"Use the tools."}}""" + "\n"
            + """{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"via host"}]}}""" + "\n",
            run.Output);
        Assert.AreEqual(string.Empty, run.Error);
    }

    [TestMethod]
    public async Task LogsGoToTheErrorWriterNeverToTheOutput()
    {
        var run = await RunAsync(["--log-level", "debug"], input: """{"jsonrpc":"2.0","id":1,"method":"ping"}""" + "\n");
        Assert.AreEqual(0, run.ExitCode);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":1,"result":{}}""" + "\n", run.Output);
        StringAssert.Contains(run.Error, "pforge info: test-server 1.2.3 serving MCP over stdio");
        StringAssert.Contains(run.Error, "pforge debug: input closed; finishing running calls");
    }

    [TestMethod]
    public async Task MaxMessageBytesOnTheCommandLineWinsOverTheServersLimit()
    {
        var big = $$$$"""{"jsonrpc":"2.0","id":"b","method":"tools/call","params":{"name":"echo","arguments":{"text":"{{{{new string('x', 3000)}}}}"}}}""";
        var input = SessionHarness.InitializeRequest + "\n" + """{"jsonrpc":"2.0","method":"notifications/initialized"}""" + "\n" + big + "\n"
            + """{"jsonrpc":"2.0","id":1,"method":"ping"}""" + "\n";

        // The server's own limit (16 MiB here; forge.max_message_bytes in a generated one) takes the line...
        var served = await RunAsync(["--log-level", "none"], input: input);
        StringAssert.Contains(served.Output, $$$"""{"jsonrpc":"2.0","id":"b","result":{"content":[{"type":"text","text":"{{{new string('x', 3000)}}}"}]}}""");

        // ... the command line's refuses it, naming the limit, and serving goes on.
        var refused = await RunAsync(["--max-message-bytes", "2048", "--log-level", "warning"], input: input);
        Assert.AreEqual(0, refused.ExitCode);
        var lines = refused.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(3, lines, refused.Output);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":"b","error":{"code":-32600,"message":"Invalid request: message larger than the limit of 2048 bytes"}}""", lines[1]);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":1,"result":{}}""", lines[2]);
        StringAssert.Contains(refused.Error, "pforge warn: message over 2048 bytes refused (request \"b\")");
    }

    [TestMethod]
    public async Task TheServersOwnLimitAppliesWithoutACommandLineOne()
    {
        var input = $$$"""{"jsonrpc":"2.0","id":5,"method":"ping","params":{"pad":"{{{new string('x', 1100)}}}"}}""" + "\n" + """{"jsonrpc":"2.0","id":6,"method":"ping"}""" + "\n";
        var run = await RunAsync(["--log-level", "none"], new TestServer(maxMessageBytes: 1024), input);
        Assert.AreEqual(0, run.ExitCode);
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":5,"error":{"code":-32600,"message":"Invalid request: message larger than the limit of 1024 bytes"}}""" + "\n"
            + """{"jsonrpc":"2.0","id":6,"result":{}}""" + "\n",
            run.Output);
    }

    [TestMethod]
    public async Task ABadMaxMessageBytesIsExitCode2WithAHint()
    {
        var run = await RunAsync(["--max-message-bytes", "16MiB"]);
        Assert.AreEqual(2, run.ExitCode);
        Assert.AreEqual("test-server: --max-message-bytes must be a whole number of bytes from 1024 to 1073741824, not '16MiB'. Try --help." + Environment.NewLine, run.Error);
        Assert.AreEqual(string.Empty, run.Output);
    }

    [TestMethod]
    public async Task ArgumentsAreChecked()
    {
        await Assert.ThrowsExactlyAsync<ArgumentNullException>(
            () => PForgeHost.RunAsync([], null!, Stream.Null, Stream.Null, TextWriter.Null));
        await Assert.ThrowsExactlyAsync<ArgumentNullException>(
            () => PForgeHost.RunAsync([], new TestServer(), Stream.Null, Stream.Null, null!));
    }

    private static async Task<HostRun> RunAsync(string[] args, TestServer? server = null, string input = "")
    {
        using var inputStream = new MemoryStream(Encoding.UTF8.GetBytes(input));
        using var output = new MemoryStream();
        using var error = new StringWriter();
        var exitCode = await PForgeHost.RunAsync(args, server ?? new TestServer(), inputStream, output, error).WaitAsync(TestTimeouts.Wait);
        return new HostRun(exitCode, Encoding.UTF8.GetString(output.ToArray()), error.ToString());
    }

    private sealed record HostRun(int ExitCode, string Output, string Error);
}
