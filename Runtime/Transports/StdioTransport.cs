using System.Buffers;
using System.IO.Pipelines;
using PForge.Runtime.Protocol;
using PForge.Runtime.Server;
using PForge.Runtime.Telemetry;

namespace PForge.Runtime.Transports;

/// <summary>
/// MCP over stdio: one JSON-RPC message per line, <c>\n</c>-delimited, in and out. Lines read in one batch are
/// answered in one write, so a pipelining client costs few system calls.
/// </summary>
public sealed class StdioTransport
{
    /// <summary>Default limit of one incoming line; a longer one is refused with an error and skipped.</summary>
    public const int DefaultMaxMessageBytes = Settings.MessageLimit.DefaultStdioBytes;

    /// <summary>The most one read of the input takes.</summary>
    private const int ReadSize = 64 * 1024;

    /// <summary>How much of the start of an oversized line is searched for its request's id.</summary>
    private const int IdSearchBytes = 64 * 1024;

    private readonly Stream _input;
    private readonly Stream _output;
    private readonly ServerLog _log;
    private readonly int _maxMessageBytes;

    public StdioTransport(Stream input, Stream output, ServerLog? log = null, int maxMessageBytes = DefaultMaxMessageBytes)
    {
        _input = input ?? throw new ArgumentNullException(nameof(input));
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _log = log ?? ServerLog.Silent;
        _maxMessageBytes = maxMessageBytes > 0 ? maxMessageBytes : throw new ArgumentOutOfRangeException(nameof(maxMessageBytes));
    }

    /// <summary>
    /// The file descriptor the input reads (0 for the process's stdin), or -1: with one, the reader spins briefly for the
    /// next message before it blocks, which keeps one request at a time fast on an idle virtual machine.
    /// </summary>
    public int InputDescriptor { get; init; } = -1;

    /// <summary>How long calls still running at end of input may go on and answer before they are cancelled.</summary>
    public TimeSpan DrainGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long cancelled calls may take to end before the transport returns anyway.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Serves until the input ends (EOF) or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(McpServerDefinition definition, CancellationToken cancellationToken = default)
    {
        var sink = new LineSink(_output);
        var session = new McpSession(definition, sink, _log);
        var pump = new InputPump(_input, ReadSize, InputDescriptor);
        var reader = pump.Reader;
        pump.Start();
        var skipping = false;
        var readAbandoned = false;

        // How much of the start of the unconsumed input is known to hold no newline: a long line is searched once, not
        // again from its start after every read (which made a line near the limit cost its length times the reads).
        var scanned = 0L;
        try
        {
            while (true)
            {
                ReadResult read;
                try
                {
                    read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    readAbandoned = true;
                    break;
                }

                var buffer = read.Buffer;
                sink.BeginBatch();
                try
                {
                    while (TryReadLine(ref buffer, ref scanned, out var line))
                    {
                        if (skipping)
                        {
                            // The tail of an oversized line: its error was already sent.
                            skipping = false;
                            continue;
                        }

                        if (line.Length > _maxMessageBytes)
                        {
                            // A whole line can arrive in one read: hold it to the same limit as one still incomplete.
                            RefuseOversized(sink, line);
                            continue;
                        }

                        Dispatch(session, line);
                    }

                    if (!skipping && buffer.Length > _maxMessageBytes)
                    {
                        RefuseOversized(sink, buffer);
                        skipping = true;
                    }

                    if (skipping)
                    {
                        buffer = buffer.Slice(buffer.End);
                        scanned = 0;
                    }
                    else if (read.IsCompleted && !buffer.IsEmpty)
                    {
                        // A last message without its newline still counts.
                        Dispatch(session, buffer);
                        buffer = buffer.Slice(buffer.End);
                    }
                }
                finally
                {
                    sink.EndBatch();
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    break;
                }
            }
        }
        finally
        {
            // A read still blocked on stdin keeps its buffer: the pipe returns it only once the pump has stopped too.
            await reader.CompleteAsync().ConfigureAwait(false);
        }

        _log.Debug(readAbandoned ? "stopped; finishing running calls" : "input closed; finishing running calls");
        await session.DrainAsync(DrainTimeout, DrainGrace).ConfigureAwait(false);

        // Tasks outlive their request, not the process: cancelled and recorded so before it exits.
        await session.Definition.Tasks.DrainAsync(DrainTimeout).ConfigureAwait(false);
        session.End();
        sink.Close();
    }

    /// <summary>
    /// Answers a line over the limit, with its request's id when the start of the line shows one (most clients write
    /// <c>jsonrpc</c>, <c>id</c> and <c>method</c> before <c>params</c>), so the client can fail that request at once; else
    /// with a null id, as JSON-RPC asks when the id cannot be read.
    /// </summary>
    private void RefuseOversized(LineSink sink, in ReadOnlySequence<byte> line)
    {
        var id = JsonRpcReader.TryReadRequestId(line.Slice(0, Math.Min(line.Length, IdSearchBytes)));
        _log.Warning(id is null
            ? $"message over {_maxMessageBytes} bytes refused"
            : $"message over {_maxMessageBytes} bytes refused (request {System.Text.Encoding.UTF8.GetString(id)})");
        sink.SendError(id, McpErrorCodes.InvalidRequest, $"Invalid request: message larger than the limit of {_maxMessageBytes} bytes");
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, ref long scanned, out ReadOnlySequence<byte> line)
    {
        var newline = (scanned == 0 ? buffer : buffer.Slice(scanned)).PositionOf((byte)'\n');
        if (newline is null)
        {
            scanned = buffer.Length;
            line = default;
            return false;
        }

        line = buffer.Slice(0, newline.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
        scanned = 0;
        return true;
    }

    private static void Dispatch(McpSession session, in ReadOnlySequence<byte> line)
    {
        ReadOnlySpan<byte> span = line.IsSingleSegment ? line.FirstSpan : line.ToArray();

        // Tolerate CRLF and blank lines, as clients' own readers do.
        if (!span.IsEmpty && span[^1] == (byte)'\r')
        {
            span = span[..^1];
        }

        if (span.Trim(" \t"u8).IsEmpty)
        {
            return;
        }

        session.HandleMessage(span);
    }

    /// <summary>
    /// Frames messages as lines on the output; holds them while a batch of input is handled, up to
    /// <see cref="FlushBytes"/>, so a batch with large answers never buffers more than about that much.
    /// </summary>
    internal sealed class LineSink(Stream output) : MessageSink
    {
        /// <summary>Pending output that is written at once, even mid-batch.</summary>
        internal const int FlushBytes = 64 * 1024;

        /// <summary>A buffer grown beyond this (by one huge message) is dropped after a flush rather than kept.</summary>
        internal const int KeepCapacity = 1024 * 1024;

        private readonly Lock _gate = new();
        private ArrayBufferWriter<byte> _pending = new(FlushBytes);
        private bool _batching;
        private bool _closed;

        /// <summary>The capacity of the output buffer (tests check it shrinks).</summary>
        internal int Capacity
        {
            get
            {
                lock (_gate)
                {
                    return _pending.Capacity;
                }
            }
        }

        public override void Send(ReadOnlySpan<byte> message)
        {
            lock (_gate)
            {
                if (_closed)
                {
                    return;
                }

                // One span for the line and its newline: a buffer writer's checks per piece cost more than the copy.
                var line = _pending.GetSpan(message.Length + 1);
                message.CopyTo(line);
                line[message.Length] = (byte)'\n';
                _pending.Advance(message.Length + 1);
                if (!_batching || _pending.WrittenCount > FlushBytes)
                {
                    FlushLocked();
                }
            }
        }

        /// <summary>Sends an error for the request <paramref name="id"/> (exactly as it was sent), or with a null id.</summary>
        public void SendError(ReadOnlySpan<byte> id, int code, string message)
        {
            using var scratch = JsonScratch.Rent();
            JsonRpcWriter.WriteError(scratch.Writer, id, code, message);
            Send(scratch.WrittenSpan);
        }

        public void BeginBatch()
        {
            lock (_gate)
            {
                _batching = true;
            }
        }

        public void EndBatch()
        {
            lock (_gate)
            {
                _batching = false;
                FlushLocked();
            }
        }

        public void Close()
        {
            lock (_gate)
            {
                FlushLocked();
                _closed = true;
            }
        }

        private void FlushLocked()
        {
            if (_pending.WrittenCount == 0)
            {
                return;
            }

            try
            {
                output.Write(_pending.WrittenSpan);
                output.Flush();
            }
            catch (IOException)
            {
                // The client closed its end: nothing more can be delivered.
                _closed = true;
            }
            finally
            {
                _pending.ResetWrittenCount();
                if (_pending.Capacity > KeepCapacity)
                {
                    _pending = new ArrayBufferWriter<byte>(FlushBytes);
                }
            }
        }
    }
}
