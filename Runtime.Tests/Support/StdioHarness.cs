using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using PForge.Runtime.Server;
using PForge.Runtime.Transports;

namespace PForge.Runtime.Tests.Support;

/// <summary>
/// Runs a <see cref="StdioTransport"/> over two in-memory pipes: the test writes the client's bytes and reads the
/// server's lines, with every wait bounded.
/// </summary>
internal sealed class StdioHarness : IAsyncDisposable
{
    // Never block the writer: a test that reads late must not stall the server.
    private static readonly PipeOptions Options = new(pauseWriterThreshold: 0, useSynchronizationContext: false);

    private readonly Pipe _input = new(Options);
    private readonly Pipe _output = new(Options);
    private readonly CancellationTokenSource _stop = new();
    private bool _inputClosed;

    public StdioHarness(McpServerDefinition? server = null, int maxMessageBytes = StdioTransport.DefaultMaxMessageBytes, TimeSpan? drainTimeout = null, TimeSpan? drainGrace = null)
    {
        Server = server ?? new TestServer();
        var transport = new StdioTransport(_input.Reader.AsStream(), _output.Writer.AsStream(), maxMessageBytes: maxMessageBytes)
        {
            DrainTimeout = drainTimeout ?? TestTimeouts.Wait,
            DrainGrace = drainGrace ?? TimeSpan.Zero,
        };
        Run = Task.Run(() => transport.RunAsync(Server, _stop.Token));
    }

    public McpServerDefinition Server { get; }

    /// <summary>The transport's <c>RunAsync</c>.</summary>
    public Task Run { get; }

    public async Task WriteAsync(string text) => await WriteAsync(Encoding.UTF8.GetBytes(text));

    public async Task WriteAsync(byte[] bytes)
    {
        var flush = await _input.Writer.WriteAsync(bytes).AsTask().WaitAsync(TestTimeouts.Wait);
        Assert.IsFalse(flush.IsCompleted, "the transport stopped reading its input");
    }

    /// <summary>Writes each message followed by <c>\n</c>, all in one write.</summary>
    public Task SendAsync(params string[] messages) => WriteAsync(string.Concat(messages.Select(static m => m + "\n")));

    public async Task<string> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        var reader = _output.Reader;
        while (true)
        {
            ReadResult read;
            try
            {
                read = await reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new AssertFailedException($"no output line within {TestTimeouts.Wait}");
            }

            var buffer = read.Buffer;
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is { } position)
            {
                var line = Encoding.UTF8.GetString(buffer.Slice(0, position));
                reader.AdvanceTo(buffer.GetPosition(1, position));
                return line;
            }

            var rest = Encoding.UTF8.GetString(buffer);
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
            {
                throw new AssertFailedException($"output ended without another line; rest: '{rest}'");
            }
        }
    }

    /// <summary>Reads <paramref name="count"/> lines.</summary>
    public async Task<List<string>> ReadLinesAsync(int count)
    {
        var lines = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            lines.Add(await ReadLineAsync());
        }

        return lines;
    }

    /// <summary>Closes the input (EOF), waits for <c>RunAsync</c> to return, and returns all output not read yet.</summary>
    public async Task<string> FinishAsync()
    {
        await CloseInputAsync();
        await Run.WaitAsync(TestTimeouts.Wait);
        return await ReadRestAsync();
    }

    /// <summary>Stops the transport through its cancellation token, waits for it, and returns all output not read yet.</summary>
    public async Task<string> StopAsync()
    {
        await _stop.CancelAsync();
        await Run.WaitAsync(TestTimeouts.Wait);
        return await ReadRestAsync();
    }

    public async Task CloseInputAsync()
    {
        if (!_inputClosed)
        {
            _inputClosed = true;
            await _input.Writer.CompleteAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseInputAsync();
        await _stop.CancelAsync();
        try
        {
            await Run.WaitAsync(TestTimeouts.Wait);
        }
        finally
        {
            _stop.Dispose();
        }
    }

    private async Task<string> ReadRestAsync()
    {
        // The transport never closes its output stream (it belongs to the caller), so end it here.
        await _output.Writer.CompleteAsync();
        var text = new StringBuilder();
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        while (true)
        {
            var read = await _output.Reader.ReadAsync(timeout.Token);
            text.Append(Encoding.UTF8.GetString(read.Buffer));
            _output.Reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                return text.ToString();
            }
        }
    }
}
