using System.Buffers.Text;
using System.Runtime.CompilerServices;
using PForge.Runtime.Protocol.Messages;

namespace PForge.Runtime.Protocol;

/// <summary>
/// The envelope of a valid message of the common shape, read by hand in one pass: ASCII text, member names, method and
/// version without escapes, shallow nesting, an id that is a string or an integer. It accepts only JSON that
/// <see cref="System.Text.Json.Utf8JsonReader"/> accepts and gives the envelope <see cref="JsonRpcReader"/>'s full read
/// gives; for anything else (an escape it would have to decode, non-ASCII, any error) it says no and the full read decides.
/// </summary>
internal ref struct PlainEnvelopeReader
{
    // Shallower than the full read's limit: deeper messages are rare and take the full read, so the limits never differ.
    private const int MaxDepth = 32;

    private readonly ReadOnlySpan<byte> _text;
    private int _at;

    private PlainEnvelopeReader(ReadOnlySpan<byte> text)
    {
        _text = text;
    }

    /// <summary>True, with the envelope, when the message is a valid request, notification or response of the plain shape.</summary>
    public static bool TryRead(ReadOnlySpan<byte> message, out JsonRpcEnvelope envelope)
    {
        var reader = new PlainEnvelopeReader(message);
        return reader.ReadEnvelope(out envelope) && reader.AtEnd();
    }

    private bool ReadEnvelope(out JsonRpcEnvelope envelope)
    {
        envelope = default;
        SkipWhitespace();
        if (!Take((byte)'{'))
        {
            return false;
        }

        int method = -1, methodLength = 0, id = -1, idLength = 0, parameters = -1, parametersLength = 0;
        int result = -1, resultLength = 0, error = -1, errorLength = 0;
        var hasVersion = false;
        CallToolScan toolCall = default;
        SkipWhitespace();
        if (Take((byte)'}'))
        {
            return false;
        }

        do
        {
            SkipWhitespace();
            var member = ReadEnvelopeName();
            if (member == EnvelopeMember.Invalid)
            {
                return false;
            }

            SkipWhitespace();
            var start = _at;
            if (member == EnvelopeMember.Version)
            {
                // Any other version, or "2.0" escaped, is the full read's to judge.
                if (hasVersion || !TakeText("\"2.0\""u8))
                {
                    return false;
                }

                hasVersion = true;
            }
            else if (member == EnvelopeMember.Id)
            {
                if (id >= 0 || !ReadId())
                {
                    return false;
                }

                (id, idLength) = (start, _at - start);
            }
            else if (member == EnvelopeMember.Method)
            {
                if (method >= 0 || !(TakeText(ToolsCallQuoted) || (ReadString(out var escaped) && !escaped)) || _at - start == 2)
                {
                    return false;
                }

                (method, methodLength) = (start + 1, _at - start - 2);
            }
            else if (member == EnvelopeMember.Params)
            {
                if (parameters >= 0 || Peek() != (byte)'{')
                {
                    return false;
                }

                if (method >= 0 && _text.Slice(method, methodLength).SequenceEqual(McpMethods.ToolsCall))
                {
                    if (!ReadCallToolParams(out toolCall))
                    {
                        return false;
                    }
                }
                else if (!ReadValue(1))
                {
                    return false;
                }

                (parameters, parametersLength) = (start, _at - start);
            }
            else if (member == EnvelopeMember.Result)
            {
                if (result >= 0 || !ReadValue(1))
                {
                    return false;
                }

                (result, resultLength) = (start, _at - start);
            }
            else if (member == EnvelopeMember.Error)
            {
                if (error >= 0 || !ReadValue(1))
                {
                    return false;
                }

                (error, errorLength) = (start, _at - start);
            }
            else if (!ReadValue(1))
            {
                return false;
            }

            SkipWhitespace();
        }
        while (Take((byte)','));

        var hasResult = result >= 0 || error >= 0;
        var hasMethod = method >= 0;

        // What the full read answers with an error, or reads in a way this one does not, is left to it.
        if (!Take((byte)'}') || !hasVersion || hasResult == hasMethod)
        {
            return false;
        }

        envelope = new JsonRpcEnvelope
        {
            Method = hasMethod ? _text.Slice(method, methodLength) : default,
            Id = id >= 0 ? _text.Slice(id, idLength) : default,
            Params = parameters >= 0 ? _text.Slice(parameters, parametersLength) : default,
            ToolCall = toolCall,
            Result = result >= 0 ? _text.Slice(result, resultLength) : default,
            Error = error >= 0 ? _text.Slice(error, errorLength) : default,
            IsNotification = hasMethod && id < 0,
            IsResponse = hasResult,
        };
        return true;
    }

    /// <summary>Reads the params object of tools/call as <see cref="CallToolScan.Read"/> does, offsets counted from its start.</summary>
    private bool ReadCallToolParams(out CallToolScan scan)
    {
        scan = default;
        var origin = _at;
        _at++;
        int names = 0, nameStart = -1, nameLength = 0, argumentMembers = 0, argumentsStart = -1, argumentsLength = 0;
        int progressTokens = 0, progressTokenStart = -1, progressTokenLength = 0;
        bool nameIsEscaped = false, badArguments = false, hasMeta = false;
        SkipWhitespace();
        if (!Take((byte)'}'))
        {
            do
            {
                SkipWhitespace();
                var member = ReadCallToolName();
                if (member == CallToolMember.Invalid)
                {
                    return false;
                }

                SkipWhitespace();
                var start = _at;
                if (member == CallToolMember.Name)
                {
                    names++;
                    if (Peek() == (byte)'"')
                    {
                        if (!ReadString(out nameIsEscaped))
                        {
                            return false;
                        }

                        (nameStart, nameLength) = (start + 1 - origin, _at - start - 2);
                    }
                    else if (!ReadValue(2))
                    {
                        return false;
                    }
                }
                else if (member == CallToolMember.Arguments)
                {
                    argumentMembers++;
                    var kind = Peek();
                    if (!ReadValue(2))
                    {
                        return false;
                    }

                    if (kind == (byte)'{')
                    {
                        (argumentsStart, argumentsLength) = (start - origin, _at - start);
                    }
                    else if (!_text[start.._at].SequenceEqual("null"u8))
                    {
                        badArguments = true;
                    }
                }
                else if (member == CallToolMember.Meta && Peek() == (byte)'{')
                {
                    hasMeta = true;
                    int tokenStart = -1, tokenLength = 0;
                    if (!ReadMeta(origin, ref progressTokens, ref tokenStart, ref tokenLength))
                    {
                        return false;
                    }

                    if (tokenStart >= 0)
                    {
                        (progressTokenStart, progressTokenLength) = (tokenStart, tokenLength);
                    }
                }
                else if (!ReadValue(2))
                {
                    return false;
                }

                SkipWhitespace();
            }
            while (Take((byte)','));

            if (!Take((byte)'}'))
            {
                return false;
            }
        }

        scan = CallToolScan.Create(names, nameStart, nameLength, nameIsEscaped, argumentMembers, argumentsStart, argumentsLength, badArguments, hasMeta, progressTokens, progressTokenStart, progressTokenLength);
        return true;
    }

    /// <summary>Reads a <c>_meta</c> object as <see cref="ProgressToken.ReadMeta"/> does; an escaped token (which might not decode) is left to the full read.</summary>
    private bool ReadMeta(int origin, ref int count, ref int start, ref int length)
    {
        _at++;
        SkipWhitespace();
        if (Take((byte)'}'))
        {
            return true;
        }

        do
        {
            SkipWhitespace();
            if (!ReadName(out var memberStart, out var memberLength))
            {
                return false;
            }

            var isToken = _text.Slice(memberStart, memberLength).SequenceEqual("progressToken"u8);
            SkipWhitespace();
            var value = _at;
            if (isToken)
            {
                count++;
                var kind = Peek();
                if (kind == (byte)'"')
                {
                    if (!ReadString(out var escaped) || escaped)
                    {
                        return false;
                    }
                }
                else if (!ReadValue(3))
                {
                    return false;
                }

                start = -1;
                if (kind == (byte)'"' || IsInt64(_text[value.._at]))
                {
                    (start, length) = (value - origin, _at - value);
                }
            }
            else if (!ReadValue(3))
            {
                return false;
            }

            SkipWhitespace();
        }
        while (Take((byte)','));

        return Take((byte)'}');
    }

    private bool ReadId()
    {
        var start = _at;
        var kind = Peek();
        if (kind == (byte)'"')
        {
            return ReadString(out _);
        }

        return (kind == (byte)'-' || IsDigit(kind)) && ReadNumber() && IsInt64(_text[start.._at]);
    }

    /// <summary>What <c>Utf8JsonReader.TryGetInt64</c> accepts of a number token: an integer without fraction or exponent, in range.</summary>
    private static bool IsInt64(ReadOnlySpan<byte> number) =>
        Utf8Parser.TryParse(number, out long _, out var consumed) && consumed == number.Length;

    /// <summary>Reads any value; false for anything not valid, not ASCII, or deeper than <see cref="MaxDepth"/>.</summary>
    private bool ReadValue(int depth)
    {
        var kind = Peek();
        switch (kind)
        {
            case (byte)'"':
                return ReadString(out _);
            case (byte)'{':
                return ReadObject(depth + 1);
            case (byte)'[':
                return ReadArray(depth + 1);
            case (byte)'t':
                return TakeWord("true"u8);
            case (byte)'f':
                return TakeWord("false"u8);
            case (byte)'n':
                return TakeWord("null"u8);
            default:
                return (kind == (byte)'-' || IsDigit(kind)) && ReadNumber();
        }
    }

    private bool ReadObject(int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        _at++;
        SkipWhitespace();
        if (Take((byte)'}'))
        {
            return true;
        }

        do
        {
            SkipWhitespace();
            if (!ReadName(out _, out _))
            {
                return false;
            }

            SkipWhitespace();
            if (!ReadValue(depth))
            {
                return false;
            }

            SkipWhitespace();
        }
        while (Take((byte)','));

        return Take((byte)'}');
    }

    private bool ReadArray(int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        _at++;
        SkipWhitespace();
        if (Take((byte)']'))
        {
            return true;
        }

        do
        {
            SkipWhitespace();
            if (!ReadValue(depth))
            {
                return false;
            }

            SkipWhitespace();
        }
        while (Take((byte)','));

        return Take((byte)']');
    }

    /// <summary>Reads a member name without escapes and the colon after it; the name's bytes between the quotes.</summary>
    private static ReadOnlySpan<byte> ToolsCallQuoted => "\"tools/call\""u8;

    private enum EnvelopeMember
    {
        Invalid,
        Other,
        Version,
        Id,
        Method,
        Params,
        Result,
        Error,
    }

    private enum CallToolMember
    {
        Invalid,
        Other,
        Name,
        Arguments,
        Meta,
    }

    /// <summary>
    /// Reads a member name of the envelope and its colon. The names it knows are matched as quoted literals, a compare
    /// each instead of a scan; an escaped spelling of one fails <see cref="ReadName"/> and goes to the full read.
    /// </summary>
    private EnvelopeMember ReadEnvelopeName()
    {
        var member = TakeText("\"jsonrpc\""u8) ? EnvelopeMember.Version
            : TakeText("\"id\""u8) ? EnvelopeMember.Id
            : TakeText("\"method\""u8) ? EnvelopeMember.Method
            : TakeText("\"params\""u8) ? EnvelopeMember.Params
            : TakeText("\"result\""u8) ? EnvelopeMember.Result
            : TakeText("\"error\""u8) ? EnvelopeMember.Error
            : EnvelopeMember.Other;
        if (member == EnvelopeMember.Other)
        {
            return ReadName(out _, out _) ? EnvelopeMember.Other : EnvelopeMember.Invalid;
        }

        SkipWhitespace();
        return Take((byte)':') ? member : EnvelopeMember.Invalid;
    }

    /// <summary>Reads a member name of tools/call's params and its colon, as <see cref="ReadEnvelopeName"/> does.</summary>
    private CallToolMember ReadCallToolName()
    {
        var member = TakeText("\"name\""u8) ? CallToolMember.Name
            : TakeText("\"arguments\""u8) ? CallToolMember.Arguments
            : TakeText("\"_meta\""u8) ? CallToolMember.Meta
            : CallToolMember.Other;
        if (member == CallToolMember.Other)
        {
            return ReadName(out _, out _) ? CallToolMember.Other : CallToolMember.Invalid;
        }

        SkipWhitespace();
        return Take((byte)':') ? member : CallToolMember.Invalid;
    }

    /// <summary>Takes <paramref name="text"/> when the message goes on with it.</summary>
    private bool TakeText(ReadOnlySpan<byte> text)
    {
        if (!_text[_at..].StartsWith(text))
        {
            return false;
        }

        _at += text.Length;
        return true;
    }

    private bool ReadName(out int start, out int length)
    {
        start = _at + 1;
        length = 0;
        if (!ReadString(out var escaped) || escaped)
        {
            return false;
        }

        length = _at - start - 1;
        SkipWhitespace();
        return Take((byte)':');
    }

    /// <summary>Reads a string token: printable ASCII, and only the escapes JSON defines.</summary>
    private bool ReadString(out bool escaped)
    {
        escaped = false;
        if (Peek() != (byte)'"')
        {
            return false;
        }

        var at = _at + 1;
        var text = _text;
        while (at < text.Length)
        {
            var b = text[at];
            if (b == (byte)'"')
            {
                _at = at + 1;
                return true;
            }

            if (b == (byte)'\\')
            {
                escaped = true;
                if (at + 1 >= text.Length)
                {
                    return false;
                }

                var next = text[at + 1];
                if (next == (byte)'u')
                {
                    if (at + 5 >= text.Length || !IsHex(text[at + 2]) || !IsHex(text[at + 3]) || !IsHex(text[at + 4]) || !IsHex(text[at + 5]))
                    {
                        return false;
                    }

                    at += 6;
                    continue;
                }

                if (next is not ((byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t'))
                {
                    return false;
                }

                at += 2;
                continue;
            }

            // Controls are invalid; other non-ASCII bytes are left to the full read, which knows what to make of them.
            if (b < 0x20 || b > 0x7E)
            {
                return false;
            }

            at++;
        }

        return false;
    }

    /// <summary>Reads a number by the JSON grammar: <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>.</summary>
    private bool ReadNumber()
    {
        Take((byte)'-');
        if (Take((byte)'0'))
        {
            // A leading zero stands alone.
        }
        else if (!TakeDigits())
        {
            return false;
        }

        if (Take((byte)'.') && !TakeDigits())
        {
            return false;
        }

        if (Take((byte)'e') || Take((byte)'E'))
        {
            if (!Take((byte)'+'))
            {
                Take((byte)'-');
            }

            if (!TakeDigits())
            {
                return false;
            }
        }

        // A number ends at a delimiter; "01" or "1x" is no number.
        return AtDelimiter();
    }

    private bool TakeDigits()
    {
        var start = _at;
        while (_at < _text.Length && IsDigit(_text[_at]))
        {
            _at++;
        }

        return _at > start;
    }

    private bool TakeWord(ReadOnlySpan<byte> word)
    {
        if (!_text[_at..].StartsWith(word))
        {
            return false;
        }

        _at += word.Length;
        return AtDelimiter();
    }

    /// <summary>True at what may follow a number or a literal: the end, a separator, a closing bracket or whitespace.</summary>
    private readonly bool AtDelimiter() =>
        Peek() is 0 or (byte)',' or (byte)'}' or (byte)']' or (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    private bool AtEnd()
    {
        SkipWhitespace();
        return _at == _text.Length;
    }

    /// <summary>The byte at the position, or 0 at the end (a NUL byte is never valid where it is looked at).</summary>
    private readonly byte Peek() => _at < _text.Length ? _text[_at] : (byte)0;

    private bool Take(byte expected)
    {
        if (_at < _text.Length && _text[_at] == expected)
        {
            _at++;
            return true;
        }

        return false;
    }

    // Inlined, with the common case first: compact JSON has no whitespace, and a call per token cost ~1,000 instructions a request.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SkipWhitespace()
    {
        if (_at < _text.Length && _text[_at] > (byte)' ')
        {
            return;
        }

        while (_at < _text.Length && _text[_at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            _at++;
        }
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool IsHex(byte b) => IsDigit(b) || (uint)((b | 0x20) - 'a') <= 5;
}
