using System.Globalization;
using System.Text;

namespace PForge.Tasks.Tests;

/// <summary>A unified diff of two texts with line numbers, for test failure messages.</summary>
internal static class LineDiff
{
    private const int Context = 3;
    private const int MaxLines = 120;
    private const long MaxCells = 4_000_000;

    public static string Unified(string expected, string actual, string path)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var ops = Operations(expected.Split('\n'), actual.Split('\n'));
        var builder = new StringBuilder()
            .Append("--- expected/").AppendLine(path)
            .Append("+++ actual/").AppendLine(path);
        var shown = 0;
        foreach (var (from, to) in Hunks(ops))
        {
            var first = ops[from];
            var wantCount = ops.Skip(from).Take(to - from).Count(o => o.Kind != '+');
            var gotCount = ops.Skip(from).Take(to - from).Count(o => o.Kind != '-');
            builder.AppendLine(CultureInfo.InvariantCulture, $"@@ -{first.Want + 1},{wantCount} +{first.Got + 1},{gotCount} @@");
            for (var i = from; i < to; i++)
            {
                if (++shown > MaxLines)
                {
                    return builder.AppendLine("… (diff cut short)").ToString();
                }

                var op = ops[i];
                var line = op.Kind == '+' ? op.Got : op.Want;
                builder.Append(op.Kind).Append((line + 1).ToString(CultureInfo.InvariantCulture).PadLeft(5)).Append(" | ").AppendLine(op.Text);
            }
        }

        return builder.ToString();
    }

    /// <summary>One line of the diff: kept (' '), removed ('-') or added ('+'), with its 0-based line in each text.</summary>
    private readonly record struct Op(char Kind, int Want, int Got, string Text);

    private static List<Op> Operations(string[] want, string[] got)
    {
        var prefix = 0;
        while (prefix < want.Length && prefix < got.Length && want[prefix] == got[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < want.Length - prefix && suffix < got.Length - prefix && want[^(suffix + 1)] == got[^(suffix + 1)])
        {
            suffix++;
        }

        var ops = new List<Op>();
        for (var i = 0; i < prefix; i++)
        {
            ops.Add(new(' ', i, i, want[i]));
        }

        // The middle by longest common subsequence, unless it is too large: then all removed, then all added.
        int n = want.Length - prefix - suffix, m = got.Length - prefix - suffix;
        var lcs = (long)n * m <= MaxCells ? new int[n + 1, m + 1] : new int[1, 1];
        if (lcs.Length > 1)
        {
            for (var i = n - 1; i >= 0; i--)
            {
                for (var j = m - 1; j >= 0; j--)
                {
                    lcs[i, j] = want[prefix + i] == got[prefix + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
                }
            }
        }

        int a = 0, b = 0;
        while (a < n || b < m)
        {
            if (lcs.Length > 1 && a < n && b < m && want[prefix + a] == got[prefix + b])
            {
                ops.Add(new(' ', prefix + a, prefix + b, want[prefix + a]));
                a++;
                b++;
            }
            else if (a < n && (b == m || lcs.Length == 1 || lcs[a + 1, b] >= lcs[a, b + 1]))
            {
                ops.Add(new('-', prefix + a, prefix + b, want[prefix + a]));
                a++;
            }
            else
            {
                ops.Add(new('+', prefix + a, prefix + b, got[prefix + b]));
                b++;
            }
        }

        for (var i = 0; i < suffix; i++)
        {
            ops.Add(new(' ', want.Length - suffix + i, got.Length - suffix + i, want[want.Length - suffix + i]));
        }

        return ops;
    }

    /// <summary>Ranges of operations around changes, with <see cref="Context"/> kept lines on each side, merged when close.</summary>
    private static List<(int From, int To)> Hunks(List<Op> ops)
    {
        var hunks = new List<(int From, int To)>();
        for (var i = 0; i < ops.Count; i++)
        {
            if (ops[i].Kind == ' ')
            {
                continue;
            }

            var from = Math.Max(0, i - Context);
            var end = i;
            while (end < ops.Count && ops[end].Kind != ' ')
            {
                end++;
            }

            var to = Math.Min(ops.Count, end + Context);
            if (hunks.Count > 0 && hunks[^1].To >= from)
            {
                hunks[^1] = (hunks[^1].From, to);
            }
            else
            {
                hunks.Add((from, to));
            }

            i = end - 1;
        }

        return hunks;
    }
}
