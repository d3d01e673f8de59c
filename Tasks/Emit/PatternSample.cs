using System.Text;
using System.Text.RegularExpressions;
using PForge.Tasks.Config;

namespace PForge.Tasks.Emit;

/// <summary>
/// Builds a string that matches a simple <c>pattern</c> (literals, escapes, classes, groups, alternatives, quantifiers):
/// enough for the usual id, slug and code patterns. Anything else (look-arounds, back-references) gives null, and so
/// does a result the real pattern (ECMA-262 semantics) does not match: the caller then asks the author for an example.
/// </summary>
internal static class PatternSample
{
    /// <summary>Characters tried, in order, for a class, an escape or '.': the first one the piece matches wins.</summary>
    private const string Candidates = "a0bxA1_-. @:/,+zZ9";

    /// <summary>A string matching <paramref name="pattern"/> whose length in code points is at least <paramref name="minLength"/> when possible.</summary>
    public static string? Build(string pattern, int minLength, int? maxLength)
    {
        Regex check;
        try
        {
            check = new Regex(EcmaPattern.ToDotNet(pattern), RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return null;
        }

        // The shortest repetition first; then unbounded repetitions stretched to reach min_length.
        foreach (var stretch in new[] { 0, minLength })
        {
            var text = new Parser(pattern, stretch).Parse();
            if (text is not null && Fits(text, minLength, maxLength) && Matches(check, text))
            {
                return text;
            }
        }

        return null;
    }

    private static bool Fits(string text, int minLength, int? maxLength)
    {
        var length = text.EnumerateRunes().Count();
        return length >= minLength && (maxLength is not { } max || length <= max);
    }

    private static bool Matches(Regex check, string text)
    {
        try
        {
            return check.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>A recursive descent over the pattern that writes one matching string, or gives up (null).</summary>
    private sealed class Parser(string pattern, int stretch)
    {
        private int _position;

        public string? Parse()
        {
            var text = Alternatives();
            return text is not null && _position == pattern.Length ? text : null;
        }

        /// <summary>a|b|c: the first alternative (the others are only read past). Any piece it cannot build gives up.</summary>
        private string? Alternatives()
        {
            var chosen = Sequence();
            while (chosen is not null && _position < pattern.Length && pattern[_position] == '|')
            {
                _position++;
                if (Sequence() is null)
                {
                    return null;
                }
            }

            return chosen;
        }

        private string? Sequence()
        {
            var result = new StringBuilder();
            while (_position < pattern.Length && pattern[_position] is not ('|' or ')'))
            {
                var atom = Atom();
                if (atom is null)
                {
                    return null;
                }

                var (min, unbounded) = Quantifier();
                if (min < 0)
                {
                    return null;
                }

                var count = unbounded ? Math.Max(min, stretch) : min;
                for (var i = 0; i < count; i++)
                {
                    result.Append(atom);
                }
            }

            return result.ToString();
        }

        /// <summary>One piece: its text when repeated once ("" for an anchor), or null when it cannot be built.</summary>
        private string? Atom()
        {
            var c = pattern[_position];
            switch (c)
            {
                case '^' or '$':
                    _position++;
                    return string.Empty;
                case '(':
                    _position++;
                    if (_position < pattern.Length && pattern[_position] == '?')
                    {
                        if (_position + 1 < pattern.Length && pattern[_position + 1] == ':')
                        {
                            _position += 2;
                        }
                        else if (_position + 1 < pattern.Length && pattern[_position + 1] == '<' && _position + 2 < pattern.Length && pattern[_position + 2] is not ('=' or '!'))
                        {
                            // A named group: (?<name>...).
                            var close = pattern.IndexOf('>', _position);
                            if (close < 0)
                            {
                                return Fail();
                            }

                            _position = close + 1;
                        }
                        else
                        {
                            return Fail(); // Look-arounds and inline options: not simple.
                        }
                    }

                    var inner = Alternatives();
                    if (_position >= pattern.Length || pattern[_position] != ')')
                    {
                        return Fail();
                    }

                    _position++;
                    return inner;
                case '[':
                    var end = ClassEnd(_position);
                    if (end < 0)
                    {
                        return Fail();
                    }

                    var set = pattern[_position..(end + 1)];
                    _position = end + 1;
                    return Pick(set);
                case '.':
                    _position++;
                    return Pick(".");
                case '\\':
                    if (_position + 1 >= pattern.Length)
                    {
                        return Fail();
                    }

                    var escaped = pattern[_position + 1];
                    _position += 2;
                    if (escaped is 'b' or 'B' || char.IsAsciiDigit(escaped) || escaped is 'k' or 'u' or 'x' or 'c' or 'p' or 'P')
                    {
                        return escaped is 'b' or 'B' ? string.Empty : Fail(); // Boundaries are checked by the final match.
                    }

                    return escaped is 'd' or 'D' or 'w' or 'W' or 's' or 'S' ? Pick("\\" + escaped)
                        : escaped switch
                        {
                            'n' => "\n",
                            't' => "\t",
                            'r' => "\r",
                            'f' => "\f",
                            'v' => "\v",
                            _ => escaped.ToString(),
                        };
                case '*' or '+' or '?' or '{' when c != '{' || LooksLikeQuantifier(_position):
                    return Fail();
                default:
                    _position++;
                    return c.ToString();
            }
        }

        /// <summary>The least count of the quantifier after an atom (1 when none), and whether it is unbounded; -1 on a bad one.</summary>
        private (int Min, bool Unbounded) Quantifier()
        {
            if (_position >= pattern.Length)
            {
                return (1, false);
            }

            (int, bool) result;
            switch (pattern[_position])
            {
                case '*':
                    _position++;
                    result = (0, true);
                    break;
                case '+':
                    _position++;
                    result = (1, true);
                    break;
                case '?':
                    _position++;
                    result = (0, false);
                    break;
                case '{' when LooksLikeQuantifier(_position):
                    var close = pattern.IndexOf('}', _position);
                    var body = pattern[(_position + 1)..close].Split(',');
                    _position = close + 1;
                    var min = int.Parse(body[0], System.Globalization.CultureInfo.InvariantCulture);
                    var upper = body.Length > 1 ? body[1] : body[0];
                    var bounded = upper.Length > 0 ? int.Parse(upper, System.Globalization.CultureInfo.InvariantCulture) : int.MaxValue;
                    result = min > 1000 ? (-1, false) : (min, bounded > min);
                    break;
                default:
                    return (1, false);
            }

            if (_position < pattern.Length && pattern[_position] == '?')
            {
                _position++; // Lazy: the same strings match.
            }

            return result;
        }

        private bool LooksLikeQuantifier(int at)
        {
            var close = pattern.IndexOf('}', at);
            return close > at + 1 && Regex.IsMatch(pattern[(at + 1)..close], @"^\d+(,\d*)?$", RegexOptions.None, TimeSpan.FromSeconds(1));
        }

        private int ClassEnd(int start)
        {
            var i = start + 1;
            if (i < pattern.Length && pattern[i] == '^')
            {
                i++;
            }

            if (i < pattern.Length && pattern[i] == ']')
            {
                i++; // A leading ']' is literal in .NET (ECMA reads [] as empty; the final check settles it).
            }

            for (; i < pattern.Length; i++)
            {
                if (pattern[i] == '\\')
                {
                    i++;
                }
                else if (pattern[i] == ']')
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>The first candidate character the piece (a class, an escape or '.') matches with ECMA-262 semantics.</summary>
        private string? Pick(string piece)
        {
            try
            {
                var single = new Regex("^(?:" + EcmaPattern.ToDotNet(piece) + ")$", RegexOptions.None, TimeSpan.FromSeconds(1));
                foreach (var candidate in Candidates)
                {
                    if (single.IsMatch(candidate.ToString()))
                    {
                        return candidate.ToString();
                    }
                }
            }
            catch (ArgumentException)
            {
                // Not a piece .NET reads alone.
            }

            return Fail();
        }

        private static string? Fail() => null;
    }
}
