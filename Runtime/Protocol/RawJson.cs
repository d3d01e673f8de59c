using System.Buffers;

namespace PForge.Runtime.Protocol;

/// <summary>
/// The fixed frame of a hot response written as bytes, without <see cref="System.Text.Json.Utf8JsonWriter"/>: the same
/// bytes the writer produces with <see cref="JsonScratch.WriterOptions"/>, at a fraction of its per-token checks.
/// </summary>
public static class RawJson
{
    /// <summary>Writes <c>{"jsonrpc":"2.0","id":…,"result":</c> (the id exactly as sent, or null); the caller adds the result and <c>}</c>.</summary>
    public static void WriteResultStart(IBufferWriter<byte> buffer, ReadOnlySpan<byte> id)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ReadOnlySpan<byte> head = "{\"jsonrpc\":\"2.0\",\"id\":"u8;
        ReadOnlySpan<byte> tail = ",\"result\":"u8;
        var value = id.IsEmpty ? "null"u8 : id;
        var span = buffer.GetSpan(head.Length + value.Length + tail.Length);
        buffer.Advance(Put(span, Put(span, Put(span, 0, head), value), tail));
    }

    /// <summary>
    /// True when <paramref name="text"/> is printable ASCII: then it is written as a JSON string with only quotes and
    /// backslashes escaped, as the relaxed encoder does; anything else (controls, non-ASCII) is left to the writer.
    /// </summary>
    public static bool IsPlain(ReadOnlySpan<byte> text)
    {
        // A short output (the common one) is checked byte by byte: the vectorised search costs more to set up.
        if (text.Length > 64)
        {
            return !text.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E);
        }

        foreach (var b in text)
        {
            if ((uint)(b - 0x20) > 0x7E - 0x20)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The most bytes <see cref="WritePlainString"/> writes for <paramref name="length"/> bytes of text.</summary>
    public static int MaxPlainStringLength(int length) => (2 * length) + 2;

    /// <summary>Writes plain text (<see cref="IsPlain"/>) as a JSON string, quotes included, into <paramref name="destination"/> (<see cref="MaxPlainStringLength"/> long at least); the bytes written.</summary>
    public static int WritePlainString(Span<byte> destination, ReadOnlySpan<byte> text)
    {
        // Byte by byte: in JSON text the quotes to escape come every few bytes, too often for a vectorised search.
        destination[0] = (byte)'"';
        var written = 1;
        foreach (var b in text)
        {
            if (b is (byte)'"' or (byte)'\\')
            {
                destination[written++] = (byte)'\\';
            }

            destination[written++] = b;
        }

        destination[written] = (byte)'"';
        return written + 1;
    }

    /// <summary>Copies <paramref name="bytes"/> to <paramref name="destination"/> at <paramref name="offset"/>; the offset after them.</summary>
    public static int Put(Span<byte> destination, int offset, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination[offset..]);
        return offset + bytes.Length;
    }
}
