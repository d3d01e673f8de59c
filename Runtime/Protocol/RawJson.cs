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
        buffer.Write("{\"jsonrpc\":\"2.0\",\"id\":"u8);
        buffer.Write(id.IsEmpty ? "null"u8 : id);
        buffer.Write(",\"result\":"u8);
    }

    /// <summary>
    /// True when <paramref name="text"/> is printable ASCII: then it is written as a JSON string with only quotes and
    /// backslashes escaped, as the relaxed encoder does; anything else (controls, non-ASCII) is left to the writer.
    /// </summary>
    public static bool IsPlain(ReadOnlySpan<byte> text) => !text.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E);

    /// <summary>Writes plain text (<see cref="IsPlain"/>) as a JSON string, quotes included.</summary>
    public static void WritePlainString(IBufferWriter<byte> buffer, ReadOnlySpan<byte> text)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        buffer.Write("\""u8);
        while (true)
        {
            var escape = text.IndexOfAny((byte)'"', (byte)'\\');
            if (escape < 0)
            {
                buffer.Write(text);
                break;
            }

            var span = buffer.GetSpan(escape + 2);
            text[..escape].CopyTo(span);
            span[escape] = (byte)'\\';
            span[escape + 1] = text[escape];
            buffer.Advance(escape + 2);
            text = text[(escape + 1)..];
        }

        buffer.Write("\""u8);
    }
}
