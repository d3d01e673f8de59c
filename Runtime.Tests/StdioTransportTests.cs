using System.Text;
using PForge.Runtime.Tests.Support;
using PForge.Runtime.Transports;

namespace PForge.Runtime.Tests;

[TestClass]
public sealed class StdioTransportTests
{
    private const string Initialize = SessionHarness.InitializeRequest;
    private const string InitializeResult =
        """{"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2025-11-25","capabilities":{"tools":{}},"serverInfo":{"name":"test-server","version":"1.2.3"},"instructions":"Use the tools."}}""";

    private const string Initialized = """{"jsonrpc":"2.0","method":"notifications/initialized"}""";

    [TestMethod]
    public async Task AFullSessionIsServedLineByLine()
    {
        await using var stdio = new StdioHarness();
        await stdio.SendAsync(Initialize);
        Assert.AreEqual(InitializeResult, await stdio.ReadLineAsync());
        await stdio.SendAsync(Initialized, """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""");
        Assert.AreEqual($$$"""{"jsonrpc":"2.0","id":1,"result":{{{TestServer.ToolsList}}}}""", await stdio.ReadLineAsync());
        await stdio.SendAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}}""");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"hi"}]}}""", await stdio.ReadLineAsync());
        Assert.AreEqual(string.Empty, await stdio.FinishAsync());
    }

    [TestMethod]
    public async Task EndOfInputEndsRunCleanly()
    {
        await using var stdio = new StdioHarness();
        Assert.AreEqual(string.Empty, await stdio.FinishAsync());
        Assert.IsTrue(stdio.Run.IsCompletedSuccessfully);
    }

    [TestMethod]
    public async Task ALastMessageWithoutItsNewlineIsStillServed()
    {
        await using var stdio = new StdioHarness();
        await stdio.WriteAsync("""{"jsonrpc":"2.0","id":1,"method":"ping"}""");
        Assert.AreEqual("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n", await stdio.FinishAsync());
    }

    [TestMethod]
    public async Task EndOfInputCancelsRunningCallsWithoutAnsweringThem()
    {
        await using var stdio = new StdioHarness();
        var server = (TestServer)stdio.Server;
        await stdio.SendAsync(Initialize, Initialized, """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"slow"}}""");
        Assert.AreEqual(InitializeResult, await stdio.ReadLineAsync());
        await server.ExpectEventAsync("slow:started");
        Assert.AreEqual(string.Empty, await stdio.FinishAsync());
        await server.ExpectEventAsync("slow:cancelled");
    }

    [TestMethod]
    public async Task ACallThatEndsWithinTheGraceAfterEndOfInputIsStillAnswered()
    {
        await using var stdio = new StdioHarness(drainGrace: TestTimeouts.Wait);
        var server = (TestServer)stdio.Server;
        await stdio.SendAsync(Initialize, Initialized, """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"gate","arguments":{"key":"late"}}}""");
        Assert.AreEqual(InitializeResult, await stdio.ReadLineAsync());
        await server.ExpectEventAsync("gate:late:started");
        await stdio.CloseInputAsync();
        server.Open("late");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"opened late"}]}}""" + "\n", await stdio.FinishAsync());
    }

    [TestMethod]
    public async Task TheCancellationTokenEndsRun()
    {
        await using var stdio = new StdioHarness();
        await stdio.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"ping"}""");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":1,"result":{}}""", await stdio.ReadLineAsync());
        Assert.AreEqual(string.Empty, await stdio.StopAsync());
    }

    [TestMethod]
    public async Task ACancelledCallGetsNoResponseWhileOthersAreAnswered()
    {
        await using var stdio = new StdioHarness();
        var server = (TestServer)stdio.Server;
        await stdio.SendAsync(Initialize, Initialized, """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"slow","arguments":{}}}""");
        Assert.AreEqual(InitializeResult, await stdio.ReadLineAsync());
        await server.ExpectEventAsync("slow:started");

        await stdio.SendAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"text":"still here"}}}""");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"still here"}]}}""", await stdio.ReadLineAsync());

        await stdio.SendAsync("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1,"reason":"stop"}}""");
        await server.ExpectEventAsync("slow:cancelled");

        await stdio.SendAsync("""{"jsonrpc":"2.0","id":3,"method":"ping"}""");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":3,"result":{}}""", await stdio.ReadLineAsync());
        Assert.AreEqual(string.Empty, await stdio.FinishAsync());
    }

    [TestMethod]
    public async Task PipelinedAsyncCallsAreAnswered()
    {
        await using var stdio = new StdioHarness();
        var server = (TestServer)stdio.Server;
        await stdio.SendAsync(
            Initialize,
            Initialized,
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"gate","arguments":{"key":"a"}}}""",
            """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"gate","arguments":{"key":"b"}}}""",
            """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"late-fail"}}""",
            """{"jsonrpc":"2.0","id":4,"method":"ping"}""");

        // Lines read together are answered in one write; the late failure may land before or after it.
        var lines = await stdio.ReadLinesAsync(3);
        Assert.AreEqual(InitializeResult, lines[0]);
        CollectionAssert.AreEquivalent(
            new[]
            {
                """{"jsonrpc":"2.0","id":4,"result":{}}""",
                """{"jsonrpc":"2.0","id":3,"result":{"content":[{"type":"text","text":"late boom"}],"isError":true}}""",
            },
            lines.Skip(1).ToArray());

        server.Open("b");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"opened b"}]}}""", await stdio.ReadLineAsync());
        server.Open("a");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"opened a"}]}}""", await stdio.ReadLineAsync());
        Assert.AreEqual(string.Empty, await stdio.FinishAsync());
    }

    [TestMethod]
    public async Task ManyLinesInOneWriteAreAllAnsweredInOrder()
    {
        await using var stdio = new StdioHarness();
        const int count = 2000;
        var requests = new string[count];
        var expected = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            requests[i] = i % 2 == 0
                ? $$$"""{"jsonrpc":"2.0","id":{{{i}}},"method":"ping"}"""
                : $$$"""{"jsonrpc":"2.0","id":"{{{i}}}","method":"nope"}""";
            expected.Append(i % 2 == 0
                ? $$$"""{"jsonrpc":"2.0","id":{{{i}}},"result":{}}"""
                : $$$"""{"jsonrpc":"2.0","id":"{{{i}}}","error":{"code":-32601,"message":"Method not found: nope"}}""");
            expected.Append('\n');
        }

        await stdio.SendAsync(requests);
        Assert.AreEqual(expected.ToString(), await stdio.FinishAsync());
    }

    [TestMethod]
    public async Task AMessageSplitAcrossWritesIsReassembled()
    {
        await using var stdio = new StdioHarness();
        var bytes = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":"é☃","method":"ping"}""" + "\n");
        foreach (var b in bytes)
        {
            await stdio.WriteAsync([b]);
        }

        Assert.AreEqual("""{"jsonrpc":"2.0","id":"é☃","result":{}}""", await stdio.ReadLineAsync());
        Assert.AreEqual(string.Empty, await stdio.FinishAsync());
    }

    [TestMethod]
    public async Task CrLfLineEndingsAndBlankLinesAreTolerated()
    {
        await using var stdio = new StdioHarness();
        await stdio.WriteAsync("\r\n\n   \n\t\r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}\r\n");
        Assert.AreEqual(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}\n",
            await stdio.FinishAsync());
    }

    [TestMethod]
    public async Task MalformedLinesAreAnsweredAndServingGoesOn()
    {
        await using var stdio = new StdioHarness();
        await stdio.SendAsync("{oops", """{"jsonrpc":"2.0","id":1,"method":"ping"}""");
        var lines = await stdio.ReadLinesAsync(2);
        StringAssert.StartsWith(lines[0], """{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: """);
        Assert.AreEqual("""{"jsonrpc":"2.0","id":1,"result":{}}""", lines[1]);
        Assert.AreEqual(string.Empty, await stdio.FinishAsync());
    }

    [TestMethod]
    public async Task AnOversizedLineInOneWriteIsRefusedAndTheNextServed()
    {
        await using var stdio = new StdioHarness(maxMessageBytes: 64);
        var big = $$$$"""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"{{{{new string('x', 200)}}}}"}}}""";
        await stdio.SendAsync(big, """{"jsonrpc":"2.0","id":2,"method":"ping"}""");
        Assert.AreEqual(
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid request: message larger than the limit of 64 bytes\"}}\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}\n",
            await stdio.FinishAsync());
    }

    [TestMethod]
    public async Task AnOversizedLineArrivingInPiecesIsRefusedOnceAndTheNextServed()
    {
        await using var stdio = new StdioHarness(maxMessageBytes: 64);
        await stdio.WriteAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"xxxxxxxxxxxxxxxxxxxxxxx""");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: message larger than the limit of 64 bytes"}}""",
            await stdio.ReadLineAsync());
        await stdio.WriteAsync(new string('x', 300));
        await stdio.WriteAsync(new string('x', 300));
        await stdio.WriteAsync("\"}}}\n{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}\n");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":2,"result":{}}""", await stdio.ReadLineAsync());
        Assert.AreEqual(string.Empty, await stdio.FinishAsync());
    }

    [TestMethod]
    public async Task AnOversizedLastLineWithoutANewlineIsRefused()
    {
        await using var stdio = new StdioHarness(maxMessageBytes: 48);
        await stdio.WriteAsync("""{"jsonrpc":"2.0","id":2,"method":"ping"}""" + "\n" + new string(' ', 20) + """{"jsonrpc":"2.0","id":3,"method":"ping"}""");
        Assert.AreEqual(
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid request: message larger than the limit of 48 bytes\"}}\n",
            await stdio.FinishAsync());
    }

    [TestMethod]
    public async Task ALineExactlyAtTheLimitIsServedAndOneByteMoreIsNot()
    {
        const string ping = """{"jsonrpc":"2.0","id":1,"method":"ping"}""";
        await using var stdio = new StdioHarness(maxMessageBytes: ping.Length);
        await stdio.SendAsync(ping, " " + ping, ping);
        Assert.AreEqual(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid request: message larger than the limit of 40 bytes\"}}\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n",
            await stdio.FinishAsync());
    }

    [TestMethod]
    public void TheMessageLimitMustBePositive()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new StdioTransport(Stream.Null, Stream.Null, maxMessageBytes: 0));
        Assert.ThrowsExactly<ArgumentNullException>(() => new StdioTransport(null!, Stream.Null));
        Assert.ThrowsExactly<ArgumentNullException>(() => new StdioTransport(Stream.Null, null!));
    }

    [TestMethod]
    public async Task AClosedOutputDoesNotStopTheServer()
    {
        var input = new MemoryStream(Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":1,"method":"ping"}""" + "\n"));
        var transport = new StdioTransport(input, new BrokenStream());
        await transport.RunAsync(new TestServer()).WaitAsync(TestTimeouts.Wait);
    }

    private sealed class BrokenStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => throw new IOException("Broken pipe");

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("Broken pipe");
    }
}
