using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace PForge.Runtime.Generated;

/// <summary>
/// The reader generated argument records read with: the tokens of a <see cref="Utf8JsonReader"/> over the arguments,
/// read by hand while the text is of the plain kind (valid JSON without escapes, shallow), which is almost every call.
/// At anything else (an escape, a syntax error, deep nesting) it replays a real <see cref="Utf8JsonReader"/> to the
/// same token and goes on with it, so every token, value and exception is the real reader's.
/// </summary>
public ref struct ArgumentTokenReader
{
    // Shallower than the options' limit, so that the real reader alone judges depth.
    private const int MaxPlainDepth = 32;

    private readonly ReadOnlySpan<byte> _json;
    private Utf8JsonReader _full;
    private bool _isFull;
    private int _at;
    private int _tokens;
    private int _depth;
    private ulong _arrays;
    private JsonTokenType _token;
    private int _valueStart;
    private int _valueLength;
    private long _integer;
    private bool _hasInteger;

    /// <summary>A reader before the first token of <paramref name="json"/>, with <see cref="ArgumentReader.Options"/>.</summary>
    public ArgumentTokenReader(ReadOnlySpan<byte> json)
    {
        _json = json;
    }

    /// <summary>As <see cref="Utf8JsonReader.TokenType"/>.</summary>
    public readonly JsonTokenType TokenType => _isFull ? _full.TokenType : _token;

    /// <summary>As <see cref="Utf8JsonReader.CurrentDepth"/>.</summary>
    public readonly int CurrentDepth => _isFull ? _full.CurrentDepth
        : _token is JsonTokenType.StartObject or JsonTokenType.StartArray ? _depth - 1 : _depth;

    /// <summary>As <see cref="Utf8JsonReader.HasValueSequence"/> (always false: the arguments are one span).</summary>
    public readonly bool HasValueSequence => _isFull && _full.HasValueSequence;

    /// <summary>As <see cref="Utf8JsonReader.ValueSpan"/>.</summary>
    public readonly ReadOnlySpan<byte> ValueSpan => _isFull ? _full.ValueSpan : _json.Slice(_valueStart, _valueLength);

    /// <summary>True while the tokens are read by hand (for tests).</summary>
    internal readonly bool IsPlain => !_isFull;

    /// <summary>As <see cref="Utf8JsonReader.Read"/>: false at the end, a <see cref="JsonException"/> for invalid JSON.</summary>
    public bool Read()
    {
        if (_isFull)
        {
            return _full.Read();
        }

        var json = _json;
        var at = SkipWhitespace(json, _at);
        var previous = _token;
        if (previous == JsonTokenType.None)
        {
            return ReadValue(at);
        }

        if (previous == JsonTokenType.PropertyName)
        {
            return ReadValue(at);
        }

        if (previous is JsonTokenType.StartObject)
        {
            return (uint)at < (uint)json.Length && json[at] == (byte)'}' ? End(at, JsonTokenType.EndObject) : ReadName(at);
        }

        if (previous is JsonTokenType.StartArray)
        {
            return (uint)at < (uint)json.Length && json[at] == (byte)']' ? End(at, JsonTokenType.EndArray) : ReadValue(at);
        }

        // After a value: the end of the root, a comma, or the end of the container.
        if (_depth == 0)
        {
            return at < json.Length ? Replay() : false;
        }

        if ((uint)at >= (uint)json.Length)
        {
            return Replay();
        }

        var inArray = (_arrays & (1UL << (_depth - 1))) != 0;
        var next = json[at];
        if (next == (byte)',')
        {
            at = SkipWhitespace(json, at + 1);
            return inArray ? ReadValue(at) : ReadName(at);
        }

        return inArray
            ? next == (byte)']' ? End(at, JsonTokenType.EndArray) : Replay()
            : next == (byte)'}' ? End(at, JsonTokenType.EndObject) : Replay();
    }

    /// <summary>As <see cref="Utf8JsonReader.Skip"/>: past the value at a property name, or past the container at its start.</summary>
    public void Skip()
    {
        if (TokenType == JsonTokenType.PropertyName)
        {
            Read();
        }

        if (TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            var depth = CurrentDepth;
            do
            {
                Read();
            }
            while (depth < CurrentDepth);
        }
    }

    /// <summary>As <see cref="Utf8JsonReader.ValueTextEquals(ReadOnlySpan{byte})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool ValueTextEquals(ReadOnlySpan<byte> utf8Text) =>
        !_isFull && _token is JsonTokenType.String or JsonTokenType.PropertyName
            ? _valueLength == utf8Text.Length && _json.Slice(_valueStart, _valueLength).SequenceEqual(utf8Text)
            : FullValueTextEquals(utf8Text);

    private readonly bool FullValueTextEquals(ReadOnlySpan<byte> utf8Text) => _isFull ? _full.ValueTextEquals(utf8Text)
        : throw new InvalidOperationException($"Cannot compare the value of a token type '{_token}' to text.");

    /// <summary>As <see cref="Utf8JsonReader.GetString"/> on a string token.</summary>
    public readonly string? GetString() => _isFull ? _full.GetString()
        : _token is JsonTokenType.String or JsonTokenType.PropertyName ? Encoding.UTF8.GetString(ValueSpan)
        : _token == JsonTokenType.Null ? null
        : throw new InvalidOperationException($"Cannot get the value of a token type '{_token}' as a string.");

    /// <summary>As <see cref="Utf8JsonReader.TryGetInt64"/> on a number token.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool TryGetInt64(out long value)
    {
        if (!_isFull && _hasInteger)
        {
            value = _integer;
            return true;
        }

        return TryParseInt64(out value);
    }

    private readonly bool TryParseInt64(out long value)
    {
        if (_isFull)
        {
            return _full.TryGetInt64(out value);
        }

        var span = NumberSpan();
        if (Utf8Parser.TryParse(span, out value, out var consumed) && consumed == span.Length)
        {
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>As <see cref="Utf8JsonReader.TryGetDouble"/> on a number token.</summary>
    public readonly bool TryGetDouble(out double value)
    {
        if (_isFull)
        {
            return _full.TryGetDouble(out value);
        }

        var span = NumberSpan();
        if (Utf8Parser.TryParse(span, out value, out var consumed) && consumed == span.Length)
        {
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>As <see cref="JsonElement.ParseValue(ref Utf8JsonReader)"/>: the value at the reader's position, read past.</summary>
    public JsonElement ParseValue()
    {
        if (!_isFull)
        {
            Replay(readNext: false);
        }

        return JsonElement.ParseValue(ref _full);
    }

    private readonly ReadOnlySpan<byte> NumberSpan() =>
        _token == JsonTokenType.Number ? ValueSpan : throw new InvalidOperationException($"Cannot get the value of a token type '{_token}' as a number.");

    private bool ReadValue(int at)
    {
        if (at >= _json.Length)
        {
            return Replay();
        }

        var start = at;
        switch (_json[at])
        {
            case (byte)'"':
                return ReadString(at, JsonTokenType.String);
            case (byte)'{':
                return Start(at, JsonTokenType.StartObject);
            case (byte)'[':
                return Start(at, JsonTokenType.StartArray);
            case (byte)'t':
                return Literal(at, "true"u8, JsonTokenType.True);
            case (byte)'f':
                return Literal(at, "false"u8, JsonTokenType.False);
            case (byte)'n':
                return Literal(at, "null"u8, JsonTokenType.Null);
        }

        // A short whole number, the common argument: summed while it is scanned, so TryGetInt64 has it at once.
        var end = ShortIntegerEnd(_json, at, out var whole);
        if (end > start && EndsValue(end))
        {
            Token(JsonTokenType.Number, start, end - start, end);
            (_integer, _hasInteger) = (whole, true);
            return true;
        }

        at = NumberEnd(_json, at);
        return at > start && EndsValue(at) ? Token(JsonTokenType.Number, start, at - start, at) : Replay();
    }

    /// <summary>The end of a number that is <c>-?(0|[1-9][0-9]{0,17})</c> and not the start of a longer one, with its value; else <paramref name="start"/>.</summary>
    private static int ShortIntegerEnd(ReadOnlySpan<byte> json, int start, out long value)
    {
        value = 0;
        var at = start;
        var negative = (uint)at < (uint)json.Length && json[at] == (byte)'-';
        if (negative)
        {
            at++;
        }

        var first = at;
        while ((uint)at < (uint)json.Length && IsDigit(json[at]) && at - first < 18)
        {
            value = (value * 10) + (json[at] - '0');
            at++;
        }

        var digits = at - first;
        if (digits == 0 || (digits > 1 && json[first] == (byte)'0') || ((uint)at < (uint)json.Length && json[at] is (byte)'.' or (byte)'e' or (byte)'E' or (>= (byte)'0' and <= (byte)'9')))
        {
            value = 0;
            return start;
        }

        value = negative ? -value : value;
        return at;
    }

    private bool ReadName(int at)
    {
        if (at >= _json.Length || _json[at] != (byte)'"')
        {
            return Replay();
        }

        var json = _json;
        var end = StringEnd(json, at + 1);
        if (end < 0)
        {
            return Replay();
        }

        var colon = SkipWhitespace(json, end + 1);
        return (uint)colon < (uint)json.Length && json[colon] == (byte)':'
            ? Token(JsonTokenType.PropertyName, at + 1, end - at - 1, colon + 1)
            : Replay();
    }

    private bool ReadString(int at, JsonTokenType token)
    {
        var end = StringEnd(_json, at + 1);
        return end >= 0 ? Token(token, at + 1, end - at - 1, end + 1) : Replay();
    }

    /// <summary>The closing quote of a string whose text starts at <paramref name="at"/>, or -1 for one with an escape, a control or invalid UTF-8.</summary>
    private static int StringEnd(ReadOnlySpan<byte> json, int at)
    {
        var text = json[at..];
        var high = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var b = text[i];
            if (b == (byte)'"')
            {
                return high < 0x80 || Utf8.IsValid(text[..i]) ? at + i : -1;
            }

            if (b == (byte)'\\' || b < 0x20)
            {
                return -1;
            }

            high |= b;
        }

        return -1;
    }

    /// <summary>The end of a number by the JSON grammar <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>, or <paramref name="start"/> for none.</summary>
    private static int NumberEnd(ReadOnlySpan<byte> json, int start)
    {
        var at = start;
        if ((uint)at < (uint)json.Length && json[at] == (byte)'-')
        {
            at++;
        }

        if ((uint)at >= (uint)json.Length || !IsDigit(json[at]))
        {
            return start;
        }

        at = json[at] == (byte)'0' ? at + 1 : Digits(json, at);
        if ((uint)at < (uint)json.Length && json[at] == (byte)'.')
        {
            var fraction = Digits(json, at + 1);
            if (fraction == at + 1)
            {
                return start;
            }

            at = fraction;
        }

        if ((uint)at < (uint)json.Length && (json[at] | 0x20) == (byte)'e')
        {
            at++;
            if ((uint)at < (uint)json.Length && json[at] is (byte)'+' or (byte)'-')
            {
                at++;
            }

            var exponent = Digits(json, at);
            if (exponent == at)
            {
                return start;
            }

            at = exponent;
        }

        return at;
    }

    private static int Digits(ReadOnlySpan<byte> json, int at)
    {
        while ((uint)at < (uint)json.Length && IsDigit(json[at]))
        {
            at++;
        }

        return at;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    /// <summary>True when a number or literal may end before <paramref name="at"/>: whitespace or a delimiter, or the end of a root value.</summary>
    private readonly bool EndsValue(int at) =>
        at >= _json.Length ? _depth == 0 : _json[at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)',' or (byte)'}' or (byte)']';

    private bool Literal(int at, ReadOnlySpan<byte> literal, JsonTokenType token) =>
        _json[at..].StartsWith(literal) && EndsValue(at + literal.Length)
            ? Token(token, at, literal.Length, at + literal.Length)
            : Replay();

    private bool Start(int at, JsonTokenType token)
    {
        if (_depth >= MaxPlainDepth)
        {
            return Replay();
        }

        var bit = 1UL << _depth;
        _arrays = token == JsonTokenType.StartArray ? _arrays | bit : _arrays & ~bit;
        _depth++;
        return Token(token, at, 1, at + 1);
    }

    private bool End(int at, JsonTokenType token)
    {
        _depth--;
        return Token(token, at, 1, at + 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Token(JsonTokenType token, int start, int length, int next)
    {
        (_token, _valueStart, _valueLength, _at, _hasInteger) = (token, start, length, next, false);
        _tokens++;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipWhitespace(ReadOnlySpan<byte> json, int at)
    {
        // Most tokens follow their predecessor directly.
        if ((uint)at < (uint)json.Length && json[at] > (byte)' ')
        {
            return at;
        }

        while ((uint)at < (uint)json.Length && json[at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            at++;
        }

        return at;
    }

    /// <summary>Hands over to a real reader, replayed to the token read so far, which then reads the next one (or not).</summary>
    private bool Replay(bool readNext = true)
    {
        _full = new Utf8JsonReader(_json, ArgumentReader.Options);
        for (var i = 0; i < _tokens; i++)
        {
            _full.Read();
        }

        _isFull = true;
        return !readNext || _full.Read();
    }
}
