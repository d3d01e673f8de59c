using System.Globalization;

namespace PForge.Tasks.Templating;

/// <summary>A step condition, parsed and checked at build time and compiled to C#.</summary>
public abstract record ConditionNode(int Offset);

/// <summary><c>var.path</c>: the value exists and is truthy (not null, false, empty text, an empty array or object).</summary>
public sealed record ConditionTruthy(ConditionPath Path) : ConditionNode(Path.Offset);

public sealed record ConditionNot(ConditionNode Inner, int At) : ConditionNode(At);

public sealed record ConditionAnd(ConditionNode Left, ConditionNode Right) : ConditionNode(Left.Offset);

public sealed record ConditionOr(ConditionNode Left, ConditionNode Right) : ConditionNode(Left.Offset);

/// <summary><c>left op right</c> with op one of <c>== != &lt; &gt; &lt;= &gt;=</c>.</summary>
public sealed record ConditionCompare(ConditionOperand Left, string Operator, ConditionOperand Right) : ConditionNode(Left.Offset);

public abstract record ConditionOperand(int Offset);

/// <summary>A variable and the members to follow into it.</summary>
public sealed record ConditionPath(IReadOnlyList<string> Path, int At) : ConditionOperand(At);

/// <summary>A number (double), a string, a boolean, or null (<see cref="Value"/> null).</summary>
public sealed record ConditionLiteral(object? Value, int At) : ConditionOperand(At);

/// <summary>A syntax error at an offset of the condition text.</summary>
public sealed record ConditionError(string Problem, int Offset);

/// <summary>
/// Parses conditions: <c>var</c>, <c>!var</c>, comparisons (<c>==</c>, <c>!=</c>, <c>&lt;</c>, <c>&gt;</c>,
/// <c>&lt;=</c>, <c>&gt;=</c>) between paths and literals (numbers, 'single' or "double" quoted strings, true,
/// false, null), combined with <c>&amp;&amp;</c>, <c>||</c> (binding looser) and parentheses.
/// </summary>
public sealed class ConditionParser
{
    private readonly string _text;
    private int _at;

    private ConditionParser(string text) => _text = text;

    public static (ConditionNode? Node, ConditionError? Error) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new ConditionParser(text);
        try
        {
            parser.Skip();
            if (parser._at >= text.Length)
            {
                return (null, new ConditionError("it is empty", 0));
            }

            var node = parser.Or();
            parser.Skip();
            if (parser._at < text.Length)
            {
                throw new Failure($"unexpected '{text[parser._at..]}'", parser._at);
            }

            return (node, null);
        }
        catch (Failure failure)
        {
            return (null, new ConditionError(failure.Message, failure.Offset));
        }
    }

    /// <summary>Every path the condition reads, for checking against the variables in scope.</summary>
    public static IEnumerable<ConditionPath> Paths(ConditionNode node) => node switch
    {
        ConditionTruthy t => [t.Path],
        ConditionNot n => Paths(n.Inner),
        ConditionAnd a => Paths(a.Left).Concat(Paths(a.Right)),
        ConditionOr o => Paths(o.Left).Concat(Paths(o.Right)),
        ConditionCompare c => new[] { c.Left, c.Right }.OfType<ConditionPath>(),
        _ => [],
    };

    private ConditionNode Or()
    {
        var left = And();
        while (Accept("||"))
        {
            left = new ConditionOr(left, And());
        }

        return left;
    }

    private ConditionNode And()
    {
        var left = Unary();
        while (Accept("&&"))
        {
            left = new ConditionAnd(left, Unary());
        }

        return left;
    }

    private ConditionNode Unary()
    {
        Skip();
        var at = _at;
        if (_at < _text.Length && _text[_at] == '!' && !(_at + 1 < _text.Length && _text[_at + 1] == '='))
        {
            _at++;
            return new ConditionNot(Unary(), at);
        }

        if (_at < _text.Length && _text[_at] == '(')
        {
            _at++;
            var inner = Or();
            if (!Accept(")"))
            {
                throw new Failure("'(' without ')'", at);
            }

            return inner;
        }

        var left = Operand();
        Skip();
        foreach (var op in new[] { "==", "!=", "<=", ">=", "<", ">" })
        {
            if (Accept(op))
            {
                return new ConditionCompare(left, op, Operand());
            }
        }

        if (_at < _text.Length && _text[_at] == '=')
        {
            throw new Failure("'=' is no operator; compare with '=='", _at);
        }

        return left is ConditionPath path
            ? new ConditionTruthy(path)
            : throw new Failure("a literal alone is no condition; compare it with a variable", left.Offset);
    }

    private ConditionOperand Operand()
    {
        Skip();
        var at = _at;
        if (_at >= _text.Length)
        {
            throw new Failure("a variable or a literal is missing at the end", _at);
        }

        var c = _text[_at];
        if (c is '\'' or '"')
        {
            var close = _text.IndexOf(c, _at + 1);
            if (close < 0)
            {
                throw new Failure($"unclosed string: the closing {c} is missing", at);
            }

            _at = close + 1;
            return new ConditionLiteral(_text[(at + 1)..close], at);
        }

        if (char.IsAsciiDigit(c) || ((c is '-' or '+') && _at + 1 < _text.Length && char.IsAsciiDigit(_text[_at + 1])))
        {
            _at++;
            while (_at < _text.Length && (char.IsAsciiDigit(_text[_at]) || _text[_at] is '.' or 'e' or 'E' || (_text[_at] is '-' or '+' && _text[_at - 1] is 'e' or 'E')))
            {
                _at++;
            }

            var number = _text[at.._at];
            return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
                ? new ConditionLiteral(value, at)
                : throw new Failure($"'{number}' is no number", at);
        }

        if (!IsNameChar(c))
        {
            throw new Failure($"expected a variable or a literal at '{_text[_at..]}'", at);
        }

        var segments = new List<string>();
        while (true)
        {
            var start = _at;
            while (_at < _text.Length && IsNameChar(_text[_at]))
            {
                _at++;
            }

            if (_at == start)
            {
                throw new Failure("a path cannot end with '.' or hold '..'", start);
            }

            segments.Add(_text[start.._at]);
            if (_at < _text.Length && _text[_at] == '.')
            {
                _at++;
                continue;
            }

            break;
        }

        if (segments.Count == 1)
        {
            switch (segments[0])
            {
                case "true":
                    return new ConditionLiteral(true, at);
                case "false":
                    return new ConditionLiteral(false, at);
                case "null":
                    return new ConditionLiteral(null, at);
            }
        }

        return new ConditionPath(segments, at);
    }

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-';

    private bool Accept(string token)
    {
        Skip();
        if (string.CompareOrdinal(_text, _at, token, 0, token.Length) == 0)
        {
            _at += token.Length;
            return true;
        }

        return false;
    }

    private void Skip()
    {
        while (_at < _text.Length && _text[_at] is ' ' or '\t' or '\n' or '\r')
        {
            _at++;
        }
    }

    private sealed class Failure(string message, int offset) : Exception(message)
    {
        public int Offset { get; } = offset;
    }
}
