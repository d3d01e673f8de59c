using System.Text;

namespace PForge.Tasks.Config;

/// <summary>
/// Turns a JSON Schema <c>pattern</c> (ECMA-262 semantics, as the schema promises clients) into a .NET pattern that
/// matches the same strings. The schema keeps the original; the argument reader and the default check use this one.
/// </summary>
/// <remarks>
/// Where .NET differs from ECMA-262 without flags: <c>$</c> also matches before a final newline (→ <c>\z</c>);
/// <c>\d</c>, <c>\w</c>, <c>\b</c> are Unicode-aware (→ ASCII forms); <c>\s</c> has another set of spaces; <c>.</c>
/// matches <c>\r</c>, U+2028 and U+2029 (→ any character but the four line terminators). Patterns that turn on .NET's
/// inline <c>m</c> or <c>s</c> options keep .NET's meaning of <c>$</c> or <c>.</c>.
/// </remarks>
public static class EcmaPattern
{
    private const string Digit = "0-9";
    private const string Word = "a-zA-Z0-9_";
    private const string Space = @"\t\n\v\f\r \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF";

    // The complements as ranges, for use inside a character class where a nested [^...] is not allowed.
    private const string NotDigit = @"\u0000-\u002F\u003A-\uFFFF";
    private const string NotWord = @"\u0000-\u002F\u003A-\u0040\u005B-\u005E\u0060\u007B-\uFFFF";
    private const string NotSpace = @"\u0000-\u0008\u000E-\u001F\u0021-\u009F\u00A1-\u167F\u1681-\u1FFF\u200B-\u2027\u202A-\u202E\u2030-\u205E\u2060-\u2FFF\u3001-\uFEFE\uFF00-\uFFFF";

    private const string WordBoundary = $"(?:(?<=[{Word}])(?![{Word}])|(?<![{Word}])(?=[{Word}]))";
    private const string NotWordBoundary = $"(?:(?<=[{Word}])(?=[{Word}])|(?<![{Word}])(?![{Word}]))";
    private const string AnyButLineTerminator = @"[^\n\r\u2028\u2029]";

    /// <summary>The .NET pattern with the ECMA-262 meaning of <paramref name="pattern"/>.</summary>
    public static string ToDotNet(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var (multiline, singleline) = InlineOptions(pattern);
        var result = new StringBuilder(pattern.Length + 16);
        var classDepth = 0;
        var afterDash = false; // the previous character was an unescaped '-' inside a class
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            var dash = afterDash;
            afterDash = false;
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[++i];
                var expansion = classDepth > 0 ? InClass(next) : OutsideClass(next);
                if (expansion is null)
                {
                    result.Append(c).Append(next);
                    if (next == 'c' && i + 1 < pattern.Length)
                    {
                        // \cX: X is the control letter, never syntax (\c[ is ESC, not a class).
                        result.Append(pattern[++i]);
                    }

                    continue;
                }

                result.Append(expansion);
                if (classDepth > 0 && i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] is not (']' or '['))
                {
                    // .NET reads [\w-z] as \w, '-' and 'z'; after the expansion the '-' would start a range.
                    result.Append(@"\-");
                    i++;
                }

                continue;
            }

            if (classDepth > 0)
            {
                result.Append(c);
                afterDash = c == '-';
                if (c == '[' && dash)
                {
                    // .NET class subtraction: [a-z-[aeiou]].
                    classDepth++;
                    i = OpenClass(pattern, i, result);
                }
                else if (c == ']')
                {
                    classDepth--;
                }

                continue;
            }

            switch (c)
            {
                case '[':
                    result.Append(c);
                    classDepth = 1;
                    i = OpenClass(pattern, i, result);
                    break;
                case '$' when !multiline:
                    result.Append(@"\z");
                    break;
                case '.' when !singleline:
                    result.Append(AnyButLineTerminator);
                    break;
                case '(' when i + 2 < pattern.Length && pattern[i + 1] == '?' && pattern[i + 2] == '#':
                    // A comment runs to the first ')' and is copied as it is.
                    var end = pattern.IndexOf(')', i);
                    end = end < 0 ? pattern.Length - 1 : end;
                    result.Append(pattern, i, end - i + 1);
                    i = end;
                    break;
                default:
                    result.Append(c);
                    break;
            }
        }

        return result.ToString();
    }

    /// <summary>Copies what .NET reads literally right after a class's '[': an optional '^' and a leading ']'.</summary>
    private static int OpenClass(string pattern, int i, StringBuilder result)
    {
        if (i + 1 < pattern.Length && pattern[i + 1] == '^')
        {
            result.Append('^');
            i++;
        }

        if (i + 1 < pattern.Length && pattern[i + 1] == ']')
        {
            result.Append(']');
            i++;
        }

        return i;
    }

    private static string? OutsideClass(char escaped) => escaped switch
    {
        'd' => $"[{Digit}]",
        'D' => $"[^{Digit}]",
        'w' => $"[{Word}]",
        'W' => $"[^{Word}]",
        's' => $"[{Space}]",
        'S' => $"[^{Space}]",
        'b' => WordBoundary,
        'B' => NotWordBoundary,
        _ => null,
    };

    private static string? InClass(char escaped) => escaped switch
    {
        'd' => Digit,
        'D' => NotDigit,
        'w' => Word,
        'W' => NotWord,
        's' => Space,
        'S' => NotSpace,
        _ => null, // [\b] is a backspace in both.
    };

    /// <summary>Whether an inline option group such as <c>(?m)</c> or <c>(?sm:...)</c> turns multiline or singleline on.</summary>
    private static (bool Multiline, bool Singleline) InlineOptions(string pattern)
    {
        var multiline = false;
        var singleline = false;
        for (var i = 0; i + 1 < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
            {
                i++;
                continue;
            }

            if (pattern[i] != '(' || pattern[i + 1] != '?')
            {
                continue;
            }

            var j = i + 2;
            var on = true;
            while (j < pattern.Length && pattern[j] is 'i' or 'm' or 'n' or 's' or 'x' or '-')
            {
                on &= pattern[j] != '-';
                multiline |= on && pattern[j] == 'm';
                singleline |= on && pattern[j] == 's';
                j++;
            }
        }

        return (multiline, singleline);
    }
}
