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

    // No back-pressure: the transport consumes every read at once and bounds what it keeps by its message limit.
    private readonly Pipe _pipe = new(new PipeOptions(
        readerScheduler: PipeScheduler.Inline,
        writerScheduler: PipeScheduler.Inline,
        pauseWriterThreshold: 0,
        useSynchronizationContext: false));

    private readonly int _spinDescriptor;

    /// <summary><paramref name="spinDescriptor"/>: the file descriptor of <paramref name="input"/> to poll before each read, or -1.</summary>
    public InputPump(Stream input, int readSize, int spinDescriptor)
    {
        _input = input;
        _readSize = readSize;
        _spinDescriptor = spinDescriptor;
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

                var read = _input.Read(writer.GetSpan(_readSize));
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
