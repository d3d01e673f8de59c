using PForge.Tasks.Config;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PForge.Tasks.Templating;

/// <summary>
/// Finds where a template expression is written in pforge.yaml. The k-th <c>{{</c> or <c>${</c> of a scalar's value
/// is the k-th one of its source text (escapes, quotes and line folding never create or remove one), so its position
/// is exact in plain, quoted and block scalars, on any line of a multi-line scalar. When the counts disagree (an
/// opener written with an escape such as <c>"\x7B{"</c>), the position is the scalar's start.
/// </summary>
public sealed class TemplateLocator(string yaml)
{
    /// <summary>A function from an offset in <paramref name="value"/> (the scalar's value) to its line and column.</summary>
    public Func<int, SourcePosition> For(YamlScalarNode node, string value)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(value);
        return offset => Locate(node, value, offset);
    }

    public SourcePosition Locate(YamlScalarNode node, string value, int offset)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(value);
        var start = new SourcePosition((int)node.Start.Line, (int)node.Start.Column);
        var from = (int)node.Start.Index;
        var to = (int)Math.Min(node.End.Index, yaml.Length);
        if (from < 0 || from >= to)
        {
            return start;
        }

        var block = node.Style is ScalarStyle.Literal or ScalarStyle.Folded;
        var contentFrom = from;
        if (block)
        {
            // The header line ('|', '>-', '|2' and a comment) is no content.
            var lineEnd = yaml.IndexOfAny(['\n', '\r'], from, to - from);
            contentFrom = lineEnd < 0 ? to : lineEnd;
        }

        var inValue = TemplateParser.Openers(value).ToList();
        var inSource = TemplateParser.Openers(yaml, contentFrom, to).ToList();
        var ordinal = inValue.IndexOf(offset);
        // A block scalar's source may run on into comment lines after its content: extra openers come last there.
        var matches = block ? inSource.Count >= inValue.Count : inSource.Count == inValue.Count;
        if (ordinal < 0 || !matches)
        {
            return start;
        }

        return Advance(start, from, inSource[ordinal]);
    }

    /// <summary>
    /// The position of any character of a scalar's value (not only an opener): exact when the scalar is written on one
    /// line as it reads (plain, or quoted without escapes); otherwise the scalar's start.
    /// </summary>
    public SourcePosition LocateCharacter(YamlScalarNode node, string value, int offset)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(value);
        var start = new SourcePosition((int)node.Start.Line, (int)node.Start.Column);
        var from = (int)node.Start.Index;
        var to = (int)Math.Min(node.End.Index, yaml.Length);
        if (from < 0 || from >= to || node.Start.Line != node.End.Line)
        {
            return start;
        }

        var source = yaml[from..to];
        var quote = node.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? 1 : 0;
        var written = quote == 1 ? (source.Length >= 2 ? source[1..^1] : string.Empty) : source;
        return written == value ? new SourcePosition(start.Line, start.Column + quote + offset) : start;
    }

    /// <summary>The position of <paramref name="index"/>, counting lines and columns from a known position.</summary>
    private SourcePosition Advance(SourcePosition start, int from, int index)
    {
        var (line, column) = (start.Line, start.Column);
        for (var i = from; i < index; i++)
        {
            var c = yaml[i];
            if (c == '\n' || (c == '\r' && (i + 1 >= yaml.Length || yaml[i + 1] != '\n')))
            {
                line++;
                column = 1;
            }
            else if (c != '\r')
            {
                column++;
            }
        }

        return new SourcePosition(line, column);
    }
}
