using System.IO.Pipelines;

namespace PForge.Runtime.Transports;

/// <summary>
/// Reads a blocking input (stdin) on a thread of its own into a pipe whose reader continues inline: a message is
/// handled on the thread that read it, with no hop through the thread pool between the read and the answer.
/// </summary>
internal sealed class InputPump
{
    private readonly Stream _input;
    private readonly int _readSize;

    /// <summary>
    /// The least room a read is given. A read goes into what is left of the current buffer segment while this much is;
    /// asking for a whole <c>readSize</c> each time would start a new segment after every short read, so input that
    /// trickles in (a line written a few bytes at a time) held many times its own size in mostly empty segments.
    /// </summary>
    internal const int MinimumRead = 4 * 1024;

    // No back-pressure: the transport consumes every read at once and bounds what it keeps by its message limit.
    private readonly Pipe _pipe;

    private readonly int _spinDescriptor;

    /// <summary><paramref name="spinDescriptor"/>: the file descriptor of <paramref name="input"/> to poll before each read, or -1.</summary>
    public InputPump(Stream input, int readSize, int spinDescriptor)
    {
        _input = input;
        _readSize = readSize;
        _spinDescriptor = spinDescriptor;
        _pipe = new(new PipeOptions(
            readerScheduler: PipeScheduler.Inline,
            writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: 0,
            minimumSegmentSize: readSize,
            useSynchronizationContext: false));
    }

    public PipeReader Reader => _pipe.Reader;

    /// <summary>Starts the reading thread; a background one, so that a read blocked on an open stdin never holds the process.</summary>
    public void Start() => new Thread(Pump) { IsBackground = true, Name = "pforge-input" }.Start();

    private void Pump()
    {
        var writer = _pipe.Writer;
        try
        {
            while (true)
            {
                if (_spinDescriptor >= 0)
                {
                    InputPoll.SpinUntilReadable(_spinDescriptor);
                }

                // A fresh segment is readSize long; a partly filled one is read into while MinimumRead of it is left.
                var read = _input.Read(writer.GetSpan(Math.Min(MinimumRead, _readSize)));
                if (read == 0)
                {
                    break;
                }

                writer.Advance(read);

                // The reader runs here, inline, until it waits for more input.
                var flush = writer.FlushAsync();
                var result = flush.IsCompleted ? flush.Result : flush.AsTask().GetAwaiter().GetResult();
                if (result.IsCompleted)
                {
                    break;
                }
            }

            writer.Complete();
        }
        catch (Exception ex)
        {
            writer.Complete(ex);
        }
    }
}
