using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PForge.Runtime.Server;

/// <summary>The four list methods, each served from one constant JSON payload of the definition.</summary>
internal enum ListKind
{
    Tools,
    Resources,
    ResourceTemplates,
    Prompts,
}

/// <summary>
/// Where each item of a constant list payload (<c>{"tools":[…]}</c>) lies, found once, so that a page is a copy of
/// slices. Cursors are opaque to clients: base64 of the offset of the page's first item.
/// </summary>
internal sealed class ListIndex
{
    private readonly (int Start, int Length)[] _items;

    private ListIndex(byte[] name, (int Start, int Length)[] items)
    {
        Name = name;
        _items = items;
    }

    /// <summary>The member name of the array, as UTF-8 (<c>tools</c>, <c>resources</c>, …).</summary>
    public byte[] Name { get; }

    public int Count => _items.Length;

    public static ListIndex Build(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan.ToArray();
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                continue;
            }

            List<(int, int)> items = [];
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                items.Add((start, (int)reader.BytesConsumed - start));
            }

            return new ListIndex(name, [.. items]);
        }

        throw new InvalidOperationException("A list payload of the server definition has no array.");
    }

    /// <summary>Writes the page that starts at <paramref name="offset"/>, with <c>nextCursor</c> unless it is the last.</summary>
    public void WritePage(Utf8JsonWriter writer, ReadOnlySpan<byte> json, int offset, int pageSize)
    {
        var end = (int)Math.Min((long)offset + pageSize, _items.Length);
        writer.WriteStartObject();
        writer.WriteStartArray(Name);
        for (var i = offset; i < end; i++)
        {
            var (start, length) = _items[i];
            writer.WriteRawValue(json.Slice(start, length), skipInputValidation: true);
        }

        writer.WriteEndArray();
        if (end < _items.Length)
        {
            writer.WriteString("nextCursor"u8, Cursor(end));
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes up to <paramref name="pageSize"/> items that <paramref name="visible"/> lets through, from place
    /// <paramref name="offset"/> on; the cursor names the place after the last one looked at.
    /// </summary>
    public void WritePage(Utf8JsonWriter writer, ReadOnlySpan<byte> json, int offset, int pageSize, Func<int, bool> visible)
    {
        writer.WriteStartObject();
        writer.WriteStartArray(Name);
        var written = 0;
        var next = offset;
        for (; next < _items.Length && written < pageSize; next++)
        {
            if (visible(next))
            {
                var (start, length) = _items[next];
                writer.WriteRawValue(json.Slice(start, length), skipInputValidation: true);
                written++;
            }
        }

        writer.WriteEndArray();
        var more = false;
        for (var i = next; i < _items.Length && !more; i++)
        {
            more = visible(i);
        }

        if (more)
        {
            writer.WriteString("nextCursor"u8, Cursor(next));
        }

        writer.WriteEndObject();
    }

    public static string Cursor(int offset) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes("offset:" + offset.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The offset a cursor of this server stands for, or -1 when it is not one (or points past the list).</summary>
    public int ParseCursor(string cursor)
    {
        Span<byte> decoded = stackalloc byte[32];
        if (cursor.Length > 40 || !Convert.TryFromBase64String(cursor, decoded, out var written))
        {
            return -1;
        }

        var text = decoded[..written];
        return text.StartsWith("offset:"u8)
            && Utf8Parser.TryParse(text["offset:"u8.Length..], out int offset, out var consumed)
            && consumed == written - "offset:"u8.Length
            && offset > 0 && offset < _items.Length
            ? offset
            : -1;
    }
}
