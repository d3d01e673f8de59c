using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;

namespace PForge.IntegrationTests;

/// <summary>
/// Built servers spoken to over a real stdin pipe by a hostile client: a 100 MB line, the message limit lowered by the
/// YAML, the environment and the command line, numbers JSON cannot hold, and a flood of 100,000 cancellations. Each gets
/// its exact answer, the server keeps serving, and its memory stays bounded (read from /proc: a bound, not a timing).
/// </summary>
[TestClass]
public sealed class HostileInputProcessTests
{
    private const int MiB = 1024 * 1024;

    private const string Initialize =
        """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"hostile","version":"1"}}}""";

    private const string Initialized = """{"jsonrpc":"2.0","method":"notifications/initialized"}""";

    private static TempProject? s_hostile;

    /// <summary>
    /// <c>hostile</c>: <c>forge.max_message_bytes: 4096</c>, slow-client bounds under <c>forge.http</c>, an <c>echo</c>
    /// tool and a <c>wait</c> tool that runs until its time or its cancellation; HTTP compiled in, stdio by default.
    /// </summary>
    private static string HostileAppHost => Path.Combine(s_hostile!.Directory, "bin", "Debug", "net10.0", s_hostile.Name);

    [ClassInitialize]
    public static async Task BuildAsync(TestContext context)
    {
        _ = context;
        await DotNet.BuildAsync(Path.Combine(DotNet.Sample("calculator"), "Calculator.csproj"));
        s_hostile = new TempProject("Hostile", """
            forge:
              name: hostile
              version: 1.0.0
              max_message_bytes: 4096
              http: { request_headers_timeout_s: 2, min_request_body_bytes_per_s: 100, request_body_grace_s: 2 }
            tools:
              - type: native
                name: echo
                description: Answers with its text
                params:
                  text: { type: string, required: true }
              - type: native
                name: wait
                description: Waits for ms milliseconds, or until cancelled
                params:
                  ms: { type: integer, required: true, validation: { min: 0 } }
            """);
        s_hostile.WriteFile("Handlers/EchoHandler.cs", """
            using PForge.Runtime.Tools;

            namespace Hostile.Handlers;

            public partial class EchoHandler
            {
                public partial ValueTask<ToolResult> HandleAsync(EchoInput input, ToolContext context) =>
                    ValueTask.FromResult(ToolResult.Text(input.Text));
            }
            """);
        s_hostile.WriteFile("Handlers/WaitHandler.cs", """
            using PForge.Runtime.Tools;

            namespace Hostile.Handlers;

            public partial class WaitHandler
            {
                public async partial ValueTask<ToolResult> HandleAsync(WaitInput input, ToolContext context)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(input.Ms), context.CancellationToken);
                    return ToolResult.Text($"waited {input.Ms} ms");
                }
            }
            """);
        // Stdio by default, with HTTP compiled in for --transport http.
        await DotNet.BuildAsync(s_hostile.ProjectFile, "-p:PForgeHttp=true");
    }

    [ClassCleanup]
    public static void Cleanup() => s_hostile?.Dispose();

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task AHundredMegabyteLineGetsTheLimitErrorWithItsIdAndTheServerServesOnInBoundedMemory()
    {
        await using var server = StdioServer.Start(CalculatorTests.AppHost);
        await server.InitializeAsync();
        var before = server.StatusKb("VmHWM");

        await server.WriteLineOfAsync(100 * MiB, """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"calculate","arguments":{"operation":"add","a":1,"b":2,"pad":""" + "\"", "\"}}}");
        await server.SendAsync(AddRequest(8));
        Assert.AreEqual("""{"jsonrpc":"2.0","id":7,"error":{"code":-32600,"message":"Invalid request: message larger than the limit of 16777216 bytes"}}""", await server.ReadLineAsync());
        Assert.AreEqual(AddAnswer(8), await server.ReadLineAsync());

        // The line is refused once 16 MiB of it is held, and the rest is skipped as it arrives: the peak grows by about
        // the limit, never by the line.
        var growth = server.StatusKb("VmHWM") - before;
        Assert.IsLessThan(40 * 1024, growth, $"peak RSS grew by {growth} kB while a 100 MB line went through");
        var (code, rest, _) = await server.FinishAsync();
        Assert.AreEqual(0, code);
        Assert.AreEqual(string.Empty, rest);
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task WithTheLimitLoweredOnTheCommandLineAHundredMegabyteLineCostsAlmostNoMemory()
    {
        await using var server = StdioServer.Start(CalculatorTests.AppHost, ["--max-message-bytes", "65536"]);
        await server.InitializeAsync();
        var before = server.StatusKb("VmHWM");

        await server.WriteLineOfAsync(100 * MiB, """{"jsonrpc":"2.0","id":"big","method":"tools/call","params":{"name":"calculate","arguments":{"pad":""" + "\"", "\"}}}");
        await server.SendAsync(AddRequest(9));
        Assert.AreEqual("""{"jsonrpc":"2.0","id":"big","error":{"code":-32600,"message":"Invalid request: message larger than the limit of 65536 bytes"}}""", await server.ReadLineAsync());
        Assert.AreEqual(AddAnswer(9), await server.ReadLineAsync());
        var growth = server.StatusKb("VmHWM") - before;
        Assert.IsLessThan(8 * 1024, growth, $"peak RSS grew by {growth} kB while a 100 MB line went through a 64 KiB limit");
        var (code, _, stderr) = await server.FinishAsync();
        Assert.AreEqual(0, code);
        StringAssert.Contains(stderr, "pforge warn: message over 65536 bytes refused (request \"big\")");
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task ALineTrickledInSmallWritesHoldsAboutItsOwnSize()
    {
        // 2 MB in 1,000-byte writes a millisecond apart, so that most reads return one write: reads that returned a
        // little at a time used to cost a 64 KiB buffer segment each, dozens of times the line's size.
        await using var server = StdioServer.Start(CalculatorTests.AppHost);
        await server.InitializeAsync();
        var before = server.StatusKb("VmHWM");
        await server.WriteLineOfAsync(2_000_000, """{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"calculate","arguments":{"operation":"add","a":1,"b":2,"pad":""" + "\"", "\"}}}", chunk: 1000, pause: TimeSpan.FromMilliseconds(1));
        Assert.AreEqual(AddAnswer(10), await server.ReadLineAsync());
        var growth = server.StatusKb("VmHWM") - before;
        Assert.IsLessThan(24 * 1024, growth, $"peak RSS grew by {growth} kB for a 2 MB line written 1,000 bytes at a time");
        Assert.AreEqual(0, (await server.FinishAsync()).ExitCode);
    }

    [TestMethod]
    public async Task TheEnvironmentSetsTheLimitAndABadValueIsExitCode2()
    {
        var environment = new Dictionary<string, string> { ["PFORGE_MAX_MESSAGE_BYTES"] = "4096" };
        await using (var server = StdioServer.Start(CalculatorTests.AppHost, [], environment))
        {
            await server.InitializeAsync();
            await server.SendAsync(Padded(11, 5000), Padded(12, 3000));
            Assert.AreEqual("""{"jsonrpc":"2.0","id":11,"error":{"code":-32600,"message":"Invalid request: message larger than the limit of 4096 bytes"}}""", await server.ReadLineAsync());
            Assert.AreEqual(AddAnswer(12), await server.ReadLineAsync());
            Assert.AreEqual(0, (await server.FinishAsync()).ExitCode);
        }

        var (code, stdout, stderr) = await StdioProcessTests.RunAsync(CalculatorTests.AppHost, ["--transport", "stdio"], Environment("PFORGE_MAX_MESSAGE_BYTES", "lots"), Initialize);
        Assert.AreEqual(2, code);
        Assert.AreEqual(string.Empty, stdout);
        Assert.AreEqual("calculator: PFORGE_MAX_MESSAGE_BYTES must be a whole number of bytes from 1024 to 1073741824, not 'lots'\n", stderr);

        (code, stdout, stderr) = await StdioProcessTests.RunAsync(CalculatorTests.AppHost, ["--max-message-bytes", "1k"], Initialize);
        Assert.AreEqual(2, code);
        Assert.AreEqual(string.Empty, stdout);
        Assert.AreEqual("calculator: --max-message-bytes must be a whole number of bytes from 1024 to 1073741824, not '1k'. Try --help.\n", stderr);
    }

    [TestMethod]
    public async Task TheYamlSetsTheLimitTheEnvironmentWinsOverItAndTheCommandLineOverBoth()
    {
        // forge.max_message_bytes: 4096.
        await using (var server = StdioServer.Start(HostileAppHost))
        {
            await server.InitializeAsync();
            await server.SendAsync(Echo(1, 5000), Echo(2, 3000));
            Assert.AreEqual(Refused(1, 4096), await server.ReadLineAsync());
            Assert.AreEqual(EchoAnswer(2, 3000), await server.ReadLineAsync());
            Assert.AreEqual(0, (await server.FinishAsync()).ExitCode);
        }

        // PFORGE_MAX_MESSAGE_BYTES=8192 over the YAML.
        var environment = Environment("PFORGE_MAX_MESSAGE_BYTES", "8192");
        await using (var server = StdioServer.Start(HostileAppHost, [], environment))
        {
            await server.InitializeAsync();
            await server.SendAsync(Echo(3, 5000), Echo(4, 9000));
            Assert.AreEqual(EchoAnswer(3, 5000), await server.ReadLineAsync());
            Assert.AreEqual(Refused(4, 8192), await server.ReadLineAsync());
            Assert.AreEqual(0, (await server.FinishAsync()).ExitCode);
        }

        // --max-message-bytes 2048 over both.
        await using (var server = StdioServer.Start(HostileAppHost, ["--max-message-bytes=2048"], environment))
        {
            await server.InitializeAsync();
            await server.SendAsync(Echo(5, 3000), Echo(6, 1500));
            Assert.AreEqual(Refused(5, 2048), await server.ReadLineAsync());
            Assert.AreEqual(EchoAnswer(6, 1500), await server.ReadLineAsync());
            Assert.AreEqual(0, (await server.FinishAsync()).ExitCode);
        }
    }

    [TestMethod]
    [Timeout(90_000, CooperativeCancellation = true)]
    public async Task OverHttpTheYamlLimitAndSlowClientBoundsHoldAndTheEnvironmentWins()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await using (var server = await ServerProcess.StartHttpAsync(HostileAppHost))
        {
            // forge.max_message_bytes bounds the body, as forge.http gives no max_request_body_bytes.
            var refused = await PostAsync(client, server.Url, PaddedInitialize(5000));
            Assert.AreEqual(413, refused.Status);
            Assert.AreEqual(TransportError("Payload Too Large: the request body is over the limit of 4096 bytes"), refused.Body);
            Assert.AreEqual(200, (await PostAsync(client, server.Url, PaddedInitialize(4096))).Status);

            // request_headers_timeout_s: 2 (Kestrel's own default is 30 s, the runtime's 10 s).
            using var stalled = await ConnectAsync(server.Url);
            var watch = Stopwatch.StartNew();
            await stalled.GetStream().WriteAsync(Encoding.ASCII.GetBytes($"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:{server.Url.Port}\r\nAccept: appl"));
            Assert.AreEqual(200, (await PostAsync(client, server.Url, PaddedInitialize(1000))).Status, "served while another client stalls");
            var answer = await ReadToCloseAsync(stalled);
            Assert.IsLessThan(TimeSpan.FromSeconds(8), watch.Elapsed, "the stalled connection was not closed in time");
            StringAssert.StartsWith(answer, "HTTP/1.1 408 Request Timeout\r\n", answer);

            // min_request_body_bytes_per_s: 100 after request_body_grace_s: 2; this body comes at 4 bytes/s.
            var body = Encoding.UTF8.GetBytes(PaddedInitialize(1000));
            using var trickling = await ConnectAsync(server.Url);
            var stream = trickling.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:{server.Url.Port}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: {body.Length}\r\n\r\n"));
            watch.Restart();
            var cutOff = ReadToCloseAsync(trickling);
            for (var i = 0; i < body.Length - 1 && !cutOff.IsCompleted; i++)
            {
                try
                {
                    await stream.WriteAsync(body.AsMemory(i, 1));
                }
                catch (IOException)
                {
                    break;
                }

                await Task.WhenAny(cutOff, Task.Delay(250));
            }

            var text = await cutOff;
            Assert.IsLessThan(TimeSpan.FromSeconds(10), watch.Elapsed, "the trickling connection was not closed in time");
            StringAssert.StartsWith(text, "HTTP/1.1 408 Request Timeout\r\n", text);
            StringAssert.EndsWith(text, "\r\n\r\n" + TransportError("Request Timeout: the request body arrived slower than 100 bytes/s"), text);
            StringAssert.Contains(server.Log, "pforge warn: refused a request: its body arrived slower than 100 bytes/s");
        }

        // PFORGE_MAX_MESSAGE_BYTES over the YAML, over HTTP as over stdio.
        await using (var server = await ServerProcess.StartHttpAsync(HostileAppHost, Environment("PFORGE_MAX_MESSAGE_BYTES", "8192")))
        {
            var refused = await PostAsync(client, server.Url, PaddedInitialize(9000));
            Assert.AreEqual(413, refused.Status);
            Assert.AreEqual(TransportError("Payload Too Large: the request body is over the limit of 8192 bytes"), refused.Body);
            Assert.AreEqual(200, (await PostAsync(client, server.Url, PaddedInitialize(5000))).Status);
        }

        var (code, _, stderr) = await StdioProcessTests.RunAsync(HostileAppHost, ["--transport", "http", "--port", "0"], Environment("PFORGE_MAX_MESSAGE_BYTES", "0x1000"));
        Assert.AreEqual(2, code);
        Assert.AreEqual("hostile: PFORGE_MAX_MESSAGE_BYTES must be a whole number of bytes from 1024 to 1073741824, not '0x1000'\n", stderr);
    }

    [TestMethod]
    public async Task HugeAndNonFiniteNumbersGetExactAnswersFromTheGeneratedReader()
    {
        var (code, stdout, _) = await StdioProcessTests.RunAsync(CalculatorTests.AppHost, [],
            Initialize,
            Initialized,
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"calculate","arguments":{"operation":"add","a":1e400,"b":1}}}""",
            """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"calculate","arguments":{"operation":"add","a":-1e400,"b":1}}}""",
            """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"calculate","arguments":{"operation":"add","a":1e-400,"b":1}}}""",
            """{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"calculate","arguments":{"operation":"multiply","a":1e308,"b":10}}}""",
            """{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"calculate","arguments":{"operation":"add","a":NaN,"b":1}}}""",
            """{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"calculate","arguments":{"operation":"add","a":Infinity,"b":1}}}""",
            """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"calculate","arguments":{"operation":"add","a":"1","b":1}}}""",
            """{"jsonrpc":"2.0","id":1e400,"method":"ping"}""",
            """{"jsonrpc":"2.0","id":8,"method":"ping"}""");
        Assert.AreEqual(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(10, lines, stdout);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"Parameter 'a' must be a number"}],"isError":true}}""", lines[1]);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"Parameter 'a' must be a number"}],"isError":true}}""", lines[2]);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":3,"result":{"content":[{"type":"text","text":"{\"result\":1}"}],"structuredContent":{"result":1}}}""", lines[3]);

        // A finite input with an infinite result: the output writer refuses it rather than write invalid JSON.
        Assert.AreEqual("""{"jsonrpc":"2.0","id":4,"result":{"content":[{"type":"text","text":"Output field 'result' is not a finite number (Infinity)"}],"isError":true}}""", lines[4]);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: 'N' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 110."}}""", lines[5]);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: 'I' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 110."}}""", lines[6]);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":7,"result":{"content":[{"type":"text","text":"Parameter 'a' must be a number"}],"isError":true}}""", lines[7]);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: \"id\" must be a string or an integer"}}""", lines[8]);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":8,"result":{}}""", lines[9]);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task AHundredThousandCancellationsAmongRealRequestsAreIgnoredEveryRequestIsAnsweredExactlyAndMemoryStaysFlat()
    {
        // Per round: a wait left running, then cancelled three times (once for real, twice more); an echo, answered, then
        // cancelled too late; four cancellations of ids never sent (one with a 1,000-character id, one of the wrong
        // type, one without any). Every 100th round, a short wait that is not cancelled and answers.
        const int Rounds = 10_000;
        const int Batch = 500;
        var longId = new string('u', 1000);
        await using var server = StdioServer.Start(HostileAppHost);
        await server.InitializeAsync();

        var expectedEchoes = new StringBuilder();
        var expectedWaits = new List<string>();
        long warmRss = 0;
        var cancellations = 0;
        var collected = Task.Run(async () =>
        {
            var lines = new List<string>();
            for (var i = 0; i < Rounds + (Rounds / 100); i++)
            {
                lines.Add(await server.ReadLineAsync());
            }

            return lines;
        });

        for (var start = 1; start <= Rounds; start += Batch)
        {
            var input = new StringBuilder();
            for (var r = start; r < start + Batch; r++)
            {
                input.Append($$$$"""{"jsonrpc":"2.0","id":"w{{{{r}}}}","method":"tools/call","params":{"name":"wait","arguments":{"ms":600000}}}""").Append('\n');
                for (var i = 0; i < 3; i++)
                {
                    input.Append($$$"""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"w{{{r}}}","reason":"flood"}}""").Append('\n');
                }

                input.Append($$$$"""{"jsonrpc":"2.0","id":{{{{r}}}},"method":"tools/call","params":{"name":"echo","arguments":{"text":"e{{{{r}}}}"}}}""").Append('\n');
                input.Append($$$"""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":{{{r}}}}}""").Append('\n');
                input.Append($$$"""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":{{{1_000_000 + r}}}}}""").Append('\n');
                input.Append($$$"""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"{{{longId}}}{{{r}}}"}}""").Append('\n');
                input.Append($$$$"""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":{"id":{{{{r}}}}}}}""").Append('\n');
                input.Append("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{}}""").Append('\n');
                cancellations += 10;
                expectedEchoes.Append($$$"""{"jsonrpc":"2.0","id":{{{r}}},"result":{"content":[{"type":"text","text":"e{{{r}}}"}]}}""").Append('\n');
                if (r % 100 == 0)
                {
                    input.Append($$$$"""{"jsonrpc":"2.0","id":"q{{{{r}}}}","method":"tools/call","params":{"name":"wait","arguments":{"ms":1}}}""").Append('\n');
                    expectedWaits.Add($$$"""{"jsonrpc":"2.0","id":"q{{{r}}}","result":{"content":[{"type":"text","text":"waited 1 ms"}]}}""");
                }
            }

            await server.WriteAsync(input.ToString());
            if (start == 1 + (4 * Batch))
            {
                // A fifth of the way in: the server's code is compiled and its heap has grown to its working size.
                warmRss = server.StatusKb("VmRSS");
            }
        }

        Assert.AreEqual(100_000, cancellations);
        var lines = await collected.WaitAsync(TimeSpan.FromSeconds(60));
        var endRss = server.StatusKb("VmRSS");

        // The echoes in order; the short waits answered each once, wherever they landed; nothing for a cancelled call.
        Assert.AreEqual(expectedEchoes.ToString(), string.Concat(lines.Where(static l => !l.Contains("\"id\":\"q", StringComparison.Ordinal)).Select(static l => l + "\n")));
        CollectionAssert.AreEquivalent(expectedWaits, lines.Where(static l => l.Contains("\"id\":\"q", StringComparison.Ordinal)).ToList());

        // Still serving, and nothing of the flood kept: 8,000 rounds after the warm-up sent 16 MB of ids never seen.
        await server.SendAsync("""{"jsonrpc":"2.0","id":"last","method":"ping"}""");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":"last","result":{}}""", await server.ReadLineAsync());
        Assert.IsLessThan(12 * 1024, endRss - warmRss, $"RSS grew from {warmRss} kB to {endRss} kB during the flood");

        // Every cancelled call has ended: the server exits at once at end of input, with nothing more to say.
        var (code, rest, _) = await server.FinishAsync();
        Assert.AreEqual(0, code);
        Assert.AreEqual(string.Empty, rest);
    }

    private static Dictionary<string, string> Environment(string name, string value) => new() { [name] = value };

    private static string TransportError(string message) => $$$"""{"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"{{{message}}}"}}""";

    /// <summary>An initialize request of exactly <paramref name="bytes"/> bytes (its padding an unknown member of params).</summary>
    private static string PaddedInitialize(int bytes)
    {
        const string Start = """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"hostile","version":"1"},"pad":""" + "\"";
        return Start + new string('x', bytes - Start.Length - 3) + "\"}}";
    }

    private static async Task<(int Status, string Body)> PostAsync(HttpClient client, Uri url, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<System.Net.Sockets.TcpClient> ConnectAsync(Uri url)
    {
        var client = new System.Net.Sockets.TcpClient { NoDelay = true };
        await client.ConnectAsync(url.Host, url.Port);
        return client;
    }

    /// <summary>Everything the server sends until it closes the connection (at most 30 s).</summary>
    private static async Task<string> ReadToCloseAsync(System.Net.Sockets.TcpClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            while (await client.GetStream().ReadAsync(buffer, timeout.Token) is var read and > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // A reset after the answer: what was received is the answer.
        }
        catch (OperationCanceledException)
        {
            throw new AssertFailedException("the connection was still open after 30 s: " + Encoding.UTF8.GetString(received.ToArray()));
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }

    private static string AddRequest(int id) =>
        $$$$"""{"jsonrpc":"2.0","id":{{{{id}}}},"method":"tools/call","params":{"name":"calculate","arguments":{"operation":"add","a":1,"b":2}}}""";

    private static string AddAnswer(int id) =>
        $$$$"""{"jsonrpc":"2.0","id":{{{{id}}}},"result":{"content":[{"type":"text","text":"{\"result\":3}"}],"structuredContent":{"result":3}}}""";

    /// <summary>A calculator request of exactly <paramref name="bytes"/> bytes (its padding is an unknown argument, ignored).</summary>
    private static string Padded(int id, int bytes)
    {
        var start = $$$$"""{"jsonrpc":"2.0","id":{{{{id}}}},"method":"tools/call","params":{"name":"calculate","arguments":{"operation":"add","a":1,"b":2,"pad":""" + "\"";
        return start + new string('x', bytes - start.Length - 4) + "\"}}}";
    }

    /// <summary>An echo request of exactly <paramref name="bytes"/> bytes.</summary>
    private static string Echo(int id, int bytes) => EchoStart(id) + EchoText(id, bytes) + "\"}}}";

    private static string EchoAnswer(int id, int bytes) =>
        $$$"""{"jsonrpc":"2.0","id":{{{id}}},"result":{"content":[{"type":"text","text":"{{{EchoText(id, bytes)}}}"}]}}""";

    private static string EchoStart(int id) =>
        $$$$"""{"jsonrpc":"2.0","id":{{{{id}}}},"method":"tools/call","params":{"name":"echo","arguments":{"text":""" + "\"";

    private static string EchoText(int id, int bytes) => new('x', bytes - EchoStart(id).Length - 4);

    private static string Refused(int id, int limit) =>
        $$$"""{"jsonrpc":"2.0","id":{{{id}}},"error":{"code":-32600,"message":"Invalid request: message larger than the limit of {{{limit}}} bytes"}}""";

    /// <summary>A server process over stdio: lines in, lines out (read as they come), its /proc status, bounded waits.</summary>
    private sealed class StdioServer : IAsyncDisposable
    {
        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

        private readonly Process _process;
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
        private readonly Task<string> _stderr;
        private readonly Task _reader;

        private StdioServer(Process process)
        {
            _process = process;
            _stderr = process.StandardError.ReadToEndAsync();
            _reader = Task.Run(async () =>
            {
                while (await process.StandardOutput.ReadLineAsync() is { } line)
                {
                    await _lines.Writer.WriteAsync(line);
                }

                _lines.Writer.Complete();
            });
        }

        public static StdioServer Start(string appHost, string[]? args = null, IReadOnlyDictionary<string, string>? environment = null)
        {
            var start = new ProcessStartInfo(appHost)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in args ?? [])
            {
                start.ArgumentList.Add(arg);
            }

            foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            {
                start.Environment[name] = value;
            }

            return new StdioServer(Process.Start(start)!);
        }

        public async Task InitializeAsync()
        {
            await SendAsync(Initialize, Initialized);
            StringAssert.StartsWith(await ReadLineAsync(), """{"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2025-11-25",""");
        }

        public Task SendAsync(params string[] lines) => WriteAsync(string.Concat(lines.Select(static l => l + "\n")));

        public async Task WriteAsync(string text)
        {
            var input = _process.StandardInput.BaseStream;
            await input.WriteAsync(Encoding.UTF8.GetBytes(text));
            await input.FlushAsync();
        }

        /// <summary>
        /// Writes one line of <paramref name="bytes"/> bytes, <paramref name="head"/> then 'x' padding then
        /// <paramref name="tail"/>, in writes of <paramref name="chunk"/> bytes (<paramref name="pause"/> apart).
        /// </summary>
        public async Task WriteLineOfAsync(int bytes, string head, string tail, int chunk = MiB, TimeSpan pause = default)
        {
            var input = _process.StandardInput.BaseStream;
            await input.WriteAsync(Encoding.UTF8.GetBytes(head));
            var padding = new byte[chunk];
            padding.AsSpan().Fill((byte)'x');
            for (var left = bytes - head.Length - tail.Length; left > 0; left -= chunk)
            {
                await input.WriteAsync(padding.AsMemory(0, Math.Min(chunk, left)));
                await input.FlushAsync();
                if (pause > TimeSpan.Zero)
                {
                    // A sleep of the thread itself: Task.Delay waits for the timer, several times longer.
                    Thread.Sleep(pause);
                }
            }

            await input.WriteAsync(Encoding.UTF8.GetBytes(tail + "\n"));
            await input.FlushAsync();
        }

        public async Task<string> ReadLineAsync()
        {
            using var timeout = new CancellationTokenSource(Wait);
            try
            {
                return await _lines.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new AssertFailedException($"no line from the server within {Wait}");
            }
            catch (ChannelClosedException)
            {
                throw new AssertFailedException("the server closed its output: " + (_process.HasExited ? await _stderr : "(still running)"));
            }
        }

        /// <summary>A field of <c>/proc/PID/status</c> in kB (VmRSS: resident now; VmHWM: the peak so far).</summary>
        public long StatusKb(string field)
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return long.Parse(line.AsSpan(field.Length + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
        }

        /// <summary>Closes stdin, waits for the exit; returns its code, the lines not read yet, and stderr.</summary>
        public async Task<(int ExitCode, string Unread, string Stderr)> FinishAsync()
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new AssertFailedException("the server did not exit within 10 s of the end of its input");
            }

            await _reader.WaitAsync(Wait);
            var rest = new StringBuilder();
            while (_lines.Reader.TryRead(out var line))
            {
                rest.Append(line).Append('\n');
            }

            return (_process.ExitCode, rest.ToString(), await _stderr.WaitAsync(Wait));
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }
    }
}
