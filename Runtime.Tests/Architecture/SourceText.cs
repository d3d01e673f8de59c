using System.Text;

namespace PForge.Runtime.Tests.Architecture;

/// <summary>C# source with its comments and literals blanked out (lines kept), so only code is searched for names.</summary>
internal static class SourceText
{
    /// <summary>The text with every comment, string and character literal replaced by spaces; line breaks stay.</summary>
    public static string CodeOnly(string source)
    {
        var code = new StringBuilder(source.Length);
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            if (c == '/' && Next(source, i) == '/')
            {
                i = Blank(source, code, i, source.IndexOf('\n', i) is var end and >= 0 ? end : source.Length);
            }
            else if (c == '/' && Next(source, i) == '*')
            {
                var end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = Blank(source, code, i, end < 0 ? source.Length : end + 2);
            }
            else if (c == '"' && Next(source, i) == '"' && Next(source, i + 1) == '"')
            {
                // A raw string: as many quotes close it as opened it.
                var quotes = 0;
                while (i + quotes < source.Length && source[i + quotes] == '"')
                {
                    quotes++;
                }

                var end = source.IndexOf(new string('"', quotes), i + quotes, StringComparison.Ordinal);
                i = Blank(source, code, i, end < 0 ? source.Length : end + quotes);
            }
            else if (c == '"')
            {
                var verbatim = i > 0 && (source[i - 1] == '@' || (source[i - 1] == '$' && i > 1 && source[i - 2] == '@'));
                i = Blank(source, code, i, StringEnd(source, i + 1, verbatim));
            }
            else if (c == '\'')
            {
                i = Blank(source, code, i, StringEnd(source, i + 1, verbatim: false, quote: '\''));
            }
            else
            {
                code.Append(c);
                i++;
            }
        }

        return code.ToString();
    }

    private static char Next(string source, int i) => i + 1 < source.Length ? source[i + 1] : '\0';

    /// <summary>Where a string or character literal whose text starts at <paramref name="i"/> ends (after its quote).</summary>
    private static int StringEnd(string source, int i, bool verbatim, char quote = '"')
    {
        while (i < source.Length)
        {
            var c = source[i];
            if (!verbatim && c == '\\')
            {
                i += 2;
            }
            else if (c == quote && verbatim && Next(source, i) == quote)
            {
                i += 2;
            }
            else if (c == quote || (!verbatim && c == '\n'))
            {
                return i + 1;
            }
            else
            {
                i++;
            }
        }

        return source.Length;
    }

    private static int Blank(string source, StringBuilder code, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            code.Append(source[i] == '\n' ? '\n' : ' ');
        }

        return end;
    }
}
