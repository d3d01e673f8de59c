using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PForge.Runtime.Protocol;

/// <summary>
/// A growable buffer with its writer, pooled per thread: building a message allocates nothing once warm.
/// Rent, write, read <see cref="WrittenSpan"/>, dispose.
/// </summary>
public sealed class JsonScratch : IDisposable
{
    /// <summary>Relaxed escaping: JSON-RPC text is not HTML, so keep non-ASCII and quotes readable.</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private const int KeepCapacity = 1 << 20;

    // Two slots: a message and the structured output written inside it are rented at once.
    [ThreadStatic]
    private static JsonScratch? t_first;

    [ThreadStatic]
    private static JsonScratch? t_second;

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

    private readonly Utf8JsonWriter _writer;

    // A message written as bytes (RawJson) never touches the writer: then it needs no flush and no reset.
    private bool _writerUsed;

    private JsonScratch()
    {
        _writer = new Utf8JsonWriter(_buffer, WriterOptions);
    }

    public Utf8JsonWriter Writer
    {
        get
        {
            _writerUsed = true;
            return _writer;
        }
    }

    public IBufferWriter<byte> Buffer => _buffer;

    /// <summary>The bytes written so far (flushes the writer first).</summary>
    public ReadOnlySpan<byte> WrittenSpan
    {
        get
        {
            if (_writerUsed)
            {
                _writer.Flush();
            }

            return _buffer.WrittenSpan;
        }
    }

    /// <summary>Changes each time the scratch goes back to the pool: a holder that kept the number can tell it lost the buffer.</summary>
    internal int Generation { get; private set; }

    public static JsonScratch Rent()
    {
        var scratch = t_first;
        if (scratch is not null)
        {
            t_first = null;
            return scratch;
        }

        scratch = t_second;
        if (scratch is not null)
        {
            t_second = null;
            return scratch;
        }

        return new JsonScratch();
    }

    public void Dispose()
    {
        Generation++;

        // A huge buffer goes back to the GC rather than staying pinned to this thread.
        if (_buffer.Capacity > KeepCapacity)
        {
            return;
        }

        if (_writerUsed)
        {
            _writer.Reset(_buffer);
            _writerUsed = false;
        }

        _buffer.ResetWrittenCount();
        if (t_first is null)
        {
            t_first = this;
        }
        else
        {
            t_second ??= this;
        }
    }
}
