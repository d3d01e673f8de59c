using PForge.Runtime.Server;

namespace PForge.Benchmarks;

/// <summary>
/// A sink that copies each message into one reusable buffer, as a transport copies it into its output pipe.
/// Single-threaded: the benchmarks only send synchronous responses from the calling thread.
/// </summary>
internal sealed class BufferSink : MessageSink
{
    private byte[] _buffer = new byte[4096];
    private int _length;

    /// <summary>How many messages were sent since the last <see cref="Clear"/>.</summary>
    public int Count { get; private set; }

    /// <summary>The last message sent.</summary>
    public ReadOnlySpan<byte> Last => _buffer.AsSpan(0, _length);

    public override void Send(ReadOnlySpan<byte> message)
    {
        if (message.Length > _buffer.Length)
        {
            _buffer = new byte[Math.Max(message.Length, _buffer.Length * 2)];
        }

        message.CopyTo(_buffer);
        _length = message.Length;
        Count++;
    }

    public void Clear()
    {
        _length = 0;
        Count = 0;
    }
}
