using System.Text;
using System.Text.RegularExpressions;
using PForge.Runtime.Http;
using PForge.Runtime.Tests.Support;

namespace PForge.Runtime.Tests.Http;

/// <summary><see cref="PForgeHttpHost"/>: the transport choice, the printed address, and a graceful stop.</summary>
[TestClass]
public sealed partial class HttpHostTests
{
    [TestMethod]
    public async Task HttpServesOnPortZeroPrintsTheAddressAndStopsWithExitCode0()
    {
        using var stop = new CancellationTokenSource();
        var error = new StringWriter();
        var output = new MemoryStream();
        var run = PForgeHttpHost.RunAsync(["--transport", "http", "--port", "0", "--log-level", "info"], new TestServer(), Stream.Null, output, TextWriter.Synchronized(error), stop.Token);

        var url = await ListeningUrlAsync(error, run);
        StringAssert.StartsWith(url, "http://127.0.0.1:");
        StringAssert.EndsWith(url, "/mcp");

        using var client = new HttpClient { Timeout = TestTimeouts.Wait };
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(SessionHarness.InitializeRequest, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", HttpHarness.Accept);
        using var response = await client.SendAsync(request);
        Assert.AreEqual(HttpHarness.InitializeResult, await response.Content.ReadAsStringAsync());

        await stop.CancelAsync();
        Assert.AreEqual(0, await run.WaitAsync(TestTimeouts.Wait));
        Assert.AreEqual(0, output.Length, "nothing goes to stdout in HTTP mode");
        var log = error.ToString();
        StringAssert.Contains(log, "pforge info: test-server 1.2.3 serving MCP over Streamable HTTP at " + url);
        StringAssert.Contains(log, "pforge info: stopping: finishing running calls");
    }

    [TestMethod]
    public async Task TheYamlDefaultOfHttpIsServedAndTheCommandLineWins()
    {
        using var stop = new CancellationTokenSource();
        var error = new StringWriter();
        var run = PForgeHttpHost.RunAsync(["--port", "0"], new TestServer(defaultTransport: "http"), Stream.Null, Stream.Null, TextWriter.Synchronized(error), stop.Token);
        var url = await ListeningUrlAsync(error, run);
        Assert.MatchesRegex(@"^http://127\.0\.0\.1:\d+/mcp$", url);
        await stop.CancelAsync();
        Assert.AreEqual(0, await run.WaitAsync(TestTimeouts.Wait));

        // --transport stdio over a YAML default of http: served by the stdio host, until end of input.
        using var input = new MemoryStream(Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":1,"method":"ping"}""" + "\n"));
        using var output = new MemoryStream();
        var stdio = await PForgeHttpHost.RunAsync(["--transport", "stdio"], new TestServer(defaultTransport: "http"), input, output, TextWriter.Null, CancellationToken.None)
            .WaitAsync(TestTimeouts.Wait);
        Assert.AreEqual(0, stdio);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":1,"result":{}}""" + "\n", Encoding.UTF8.GetString(output.ToArray()));
    }

    [TestMethod]
    public async Task MaxMessageBytesOnTheCommandLineBoundsTheRequestBody()
    {
        using var stop = new CancellationTokenSource();
        var error = new StringWriter();
        var run = PForgeHttpHost.RunAsync(["--transport", "http", "--port", "0", "--max-message-bytes", "2048"], new TestServer(), Stream.Null, Stream.Null, TextWriter.Synchronized(error), stop.Token);
        var url = await ListeningUrlAsync(error, run);

        using var client = new HttpClient { Timeout = TestTimeouts.Wait };
        async Task<(int Status, string Body)> PostAsync(int padding)
        {
            var body = $$$"""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","pad":"{{{new string('x', padding)}}}"}}""";
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Accept", HttpHarness.Accept);
            using var response = await client.SendAsync(request);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var refused = await PostAsync(3000);
        Assert.AreEqual(413, refused.Status);
        Assert.AreEqual(StreamableHttpTests.TransportError("Payload Too Large: the request body is over the limit of 2048 bytes"), refused.Body);
        Assert.AreEqual(200, (await PostAsync(1500)).Status);

        await stop.CancelAsync();
        Assert.AreEqual(0, await run.WaitAsync(TestTimeouts.Wait));
    }

    [TestMethod]
    public async Task ABadMaxMessageBytesIsAUsageErrorOverHttpToo()
    {
        var error = new StringWriter();
        var code = await PForgeHttpHost.RunAsync(["--transport", "http", "--max-message-bytes", "100"], new TestServer(), Stream.Null, Stream.Null, error, CancellationToken.None)
            .WaitAsync(TestTimeouts.Wait);
        Assert.AreEqual(2, code);
        Assert.AreEqual("test-server: --max-message-bytes must be a whole number of bytes from 1024 to 1073741824, not '100'. Try --help." + Environment.NewLine, error.ToString());
    }

    [TestMethod]
    public async Task AHostThatIsNotAnAddressIsAUsageError()
    {
        var error = new StringWriter();
        var code = await PForgeHttpHost.RunAsync(["--transport", "http", "--host", "example.com"], new TestServer(), Stream.Null, Stream.Null, error, CancellationToken.None)
            .WaitAsync(TestTimeouts.Wait);
        Assert.AreEqual(2, code);
        Assert.AreEqual("test-server: --host must be an IP address or localhost, not 'example.com'. Try --help." + Environment.NewLine, error.ToString());
    }

    [TestMethod]
    public async Task APortInUseIsExitCode1WithTheReason()
    {
        await using var http = await HttpHarness.StartAsync();
        var error = new StringWriter();
        var code = await PForgeHttpHost.RunAsync(["--transport", "http", "--port", http.Url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], new TestServer(), Stream.Null, Stream.Null, error, CancellationToken.None)
            .WaitAsync(TestTimeouts.Wait);
        Assert.AreEqual(PForgeHttpHost.ListenFailed, code);
        StringAssert.StartsWith(error.ToString(), $"test-server: cannot listen on 127.0.0.1:{http.Url.Port}: ");
    }

    [TestMethod]
    public async Task UsageErrorsHelpAndVersionAreTheStdioHostsOwn()
    {
        var error = new StringWriter();
        Assert.AreEqual(2, await PForgeHttpHost.RunAsync(["--bogus"], new TestServer(), Stream.Null, Stream.Null, error, CancellationToken.None));
        Assert.AreEqual("test-server: unknown option '--bogus'. Try --help." + Environment.NewLine, error.ToString());

        using var output = new MemoryStream();
        Assert.AreEqual(0, await PForgeHttpHost.RunAsync(["--transport", "http", "--help"], new TestServer(), Stream.Null, output, TextWriter.Null, CancellationToken.None));
        StringAssert.StartsWith(Encoding.UTF8.GetString(output.ToArray()), "Usage: test-server [options]");
    }

    /// <summary>Waits for the line <c>test-server: listening on URL</c> and returns the URL.</summary>
    internal static async Task<string> ListeningUrlAsync(StringWriter error, Task<int> run)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Wait;
        while (DateTime.UtcNow < deadline)
        {
            if (run.IsCompleted)
            {
                Assert.Fail($"the host ended with {await run}: {error}");
            }

            if (ListeningLine().Match(error.ToString()) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }

            await Task.Delay(20);
        }

        throw new AssertFailedException("no 'listening on' line: " + error);
    }

    [GeneratedRegex(@"^test-server: listening on (http://\S+)\r?$", RegexOptions.Multiline)]
    private static partial Regex ListeningLine();
}
