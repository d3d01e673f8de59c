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
    public async Task TheCancellationTokenEndsRunEvenWhileTheInputIgnoresIt()
    {
        // The console's stdin ignores cancellation once a read has started: SIGTERM must stop the server all the same.
        var server = new TestServer();
        using var input = new StuckInput(Encoding.UTF8.GetBytes(
            Initialize + "\n" + Initialized + "\n"
            + """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"slow"}}""" + "\n"
            + """{"jsonrpc":"2.0","id":2,"method":"ping"}""" + "\n"));
        var output = new MemoryStream();
        var transport = new StdioTransport(input, output) { DrainGrace = TimeSpan.Zero, DrainTimeout = TestTimeouts.Wait };
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => transport.RunAsync(server, stop.Token));
        await server.ExpectEventAsync("slow:started");
        await input.Stuck.WaitAsync(TestTimeouts.Wait);

        await stop.CancelAsync();
        await run.WaitAsync(TestTimeouts.Wait);
        await server.ExpectEventAsync("slow:cancelled");
        Assert.AreEqual(InitializeResult + "\n" + """{"jsonrpc":"2.0","id":2,"result":{}}""" + "\n", Encoding.UTF8.GetString(output.ToArray()));
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

        // Its id and method come before its params: the client learns which request failed.
        Assert.AreEqual(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32600,\"message\":\"Invalid request: message larger than the limit of 64 bytes\"}}\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}\n",
            await stdio.FinishAsync());
    }

    [TestMethod]
    public async Task AnOversizedLineArrivingInPiecesIsRefusedOnceAndTheNextServed()
    {
        await using var stdio = new StdioHarness(maxMessageBytes: 64);
        await stdio.WriteAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"xxxxxxxxxxxxxxxxxxxxxxx""");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Invalid request: message larger than the limit of 64 bytes"}}""",
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
            + "{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32600,\"message\":\"Invalid request: message larger than the limit of 48 bytes\"}}\n",
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
            + "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32600,\"message\":\"Invalid request: message larger than the limit of 40 bytes\"}}\n"
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

    [TestMethod]
    public void ABatchIsWrittenOutAsSoonAsItsPendingOutputPassesTheLimit()
    {
        var output = new RecordingStream();
        var sink = new StdioTransport.LineSink(output);
        var message = Encoding.UTF8.GetBytes('"' + new string('x', 997) + '"');
        sink.BeginBatch();
        for (var i = 0; i < 100; i++)
        {
            sink.Send(message);
        }

        // 66 lines of 1000 bytes are the first past 64 KiB; the other 34 wait for the end of the batch.
        CollectionAssert.AreEqual(new[] { 66_000 }, output.Writes);
        sink.EndBatch();
        CollectionAssert.AreEqual(new[] { 66_000, 34_000 }, output.Writes);
        Assert.AreEqual(100_000, output.Length);
    }

    [TestMethod]
    public void ABufferGrownByAHugeMessageIsDroppedAfterItIsWritten()
    {
        var output = new RecordingStream();
        var sink = new StdioTransport.LineSink(output);
        Assert.AreEqual(StdioTransport.LineSink.FlushBytes, sink.Capacity);
        var huge = Encoding.UTF8.GetBytes('"' + new string('x', 2 * 1024 * 1024) + '"');
        sink.Send(huge);
        CollectionAssert.AreEqual(new[] { huge.Length + 1 }, output.Writes);
        Assert.AreEqual(StdioTransport.LineSink.FlushBytes, sink.Capacity);

        // A buffer within the limit is kept, as it is likely needed again.
        sink.Send(Encoding.UTF8.GetBytes('"' + new string('x', 512 * 1024) + '"'));
        Assert.IsGreaterThan(StdioTransport.LineSink.FlushBytes, sink.Capacity);
        Assert.IsLessThanOrEqualTo(StdioTransport.LineSink.KeepCapacity, sink.Capacity);
    }

    /// <summary>Serves its bytes, then reads forever whatever the token says, as the console's stdin does.</summary>
    private sealed class StuckInput(byte[] bytes) : Stream
    {
        private readonly ManualResetEventSlim _release = new();
        private readonly TaskCompletionSource _stuck = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _served;

        /// <summary>Completes when a read that ends only when the stream is disposed has started.</summary>
        public Task Stuck => _stuck.Task;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(Span<byte> buffer)
        {
            if (_served)
            {
                _stuck.TrySetResult();
                _release.Wait(TestTimeouts.Wait);
                return 0;
            }

            _served = true;
            bytes.CopyTo(buffer);
            return bytes.Length;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        protected override void Dispose(bool disposing)
        {
            _release.Set();
            base.Dispose(disposing);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Keeps the size of each write (a derived MemoryStream routes span writes here).</summary>
    private sealed class RecordingStream : MemoryStream
    {
        public List<int> Writes { get; } = [];

        public override void Write(byte[] buffer, int offset, int count)
        {
            Writes.Add(count);
            base.Write(buffer, offset, count);
        }
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
