using PForge.Tasks.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PForge.Tasks.Config;

/// <summary>
/// Bounds a pforge.yaml before it is loaded into nodes: its size, its nesting (loading nests one call per level, and a
/// stack overflow would end the build's process) and how many nodes its aliases stand for once expanded (a few lines of
/// anchors can stand for billions of nodes, which the readers would walk when they turn values into JSON) and aliases that
/// stand for a node containing them (the loader hashes such a node's children forever and overflows the stack).
/// </summary>
internal static class YamlLimits
{
    public const int MaxCharacters = 4 * 1024 * 1024;
    public const int MaxDepth = 256;
    public const int MaxExpandedNodes = 1_000_000;

    /// <summary>The first limit <paramref name="yaml"/> passes, or null; a syntax error is left to the loader to report.</summary>
    public static Diagnostic? Check(string yaml)
    {
        if (yaml.Length > MaxCharacters)
        {
            return DiagnosticCodes.YamlTooLarge(yaml.Length, MaxCharacters);
        }

        if (Scan(yaml, MaxDepth, MaxExpandedNodes) is not { } found)
        {
            return null;
        }

        return found.Kind switch
        {
            Limit.Depth => DiagnosticCodes.YamlTooDeep(found.At, MaxDepth),
            Limit.RecursiveAlias => DiagnosticCodes.YamlRecursiveAlias(found.At, found.Anchor!),
            _ => DiagnosticCodes.YamlTooManyNodes(found.At, MaxExpandedNodes),
        };
    }

    /// <summary>Which limit a YAML (or JSON) text passes.</summary>
    public enum Limit
    {
        Depth,
        RecursiveAlias,
        Nodes,
    }

    /// <summary>
    /// The first limit the text passes, by YamlDotNet's event parser (it never recurses, so no text can exhaust the
    /// stack here): nesting deeper than <paramref name="maxDepth"/>, an alias inside its own anchor, or more than
    /// <paramref name="maxNodes"/> values once aliases are expanded. Null when none (a syntax error is left to the reader).
    /// </summary>
    public static (Limit Kind, SourcePosition At, string? Anchor)? Scan(string yaml, int maxDepth, long maxNodes)
    {
        var parser = new Parser(new StringReader(Terminated(yaml)));
        var sizes = new Dictionary<AnchorName, long>();

        // Whether each anchor's latest node is still open (started, not yet ended): an alias to it would be inside it.
        var opened = new Dictionary<AnchorName, bool>();
        var open = new Stack<(AnchorName Anchor, long NodesBefore)>();
        long nodes = 0;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                switch (current)
                {
                    case MappingStart or SequenceStart:
                        nodes++;
                        var started = ((NodeEvent)current).Anchor;
                        open.Push((started, nodes - 1));
                        if (!started.IsEmpty)
                        {
                            opened[started] = true;
                        }

                        if (open.Count > maxDepth)
                        {
                            return (Limit.Depth, At(current), null);
                        }

                        break;
                    case MappingEnd or SequenceEnd:
                        var (anchor, before) = open.Pop();
                        if (!anchor.IsEmpty)
                        {
                            sizes[anchor] = nodes - before;
                            opened[anchor] = false;
                        }

                        break;
                    case Scalar scalar:
                        nodes++;
                        if (!scalar.Anchor.IsEmpty)
                        {
                            sizes[scalar.Anchor] = 1;
                            opened[scalar.Anchor] = false;
                        }

                        break;
                    case AnchorAlias alias:
                        if (opened.TryGetValue(alias.Value, out var inside) && inside)
                        {
                            return (Limit.RecursiveAlias, At(current), alias.Value.Value);
                        }

                        // An alias stands for its whole anchored node wherever a reader walks it.
                        nodes += sizes.TryGetValue(alias.Value, out var size) ? size : 1;
                        break;
                }

                if (nodes > maxNodes)
                {
                    return (Limit.Nodes, At(current), null);
                }
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner throws InvalidOperationException on some broken plain scalars, and ArgumentException
            // for a tag that is no URI (!!+!): syntax errors too, which the load reports.
            return null;
        }

        return null;
    }

    /// <summary>
    /// The text ending in a line break, as it must reach YamlDotNet: its scanner loops forever on a reserved directive
    /// (<c>%X …</c>) that runs to the end of a text of 1,024·n characters (found by fuzzing). Positions do not change.
    /// </summary>
    public static string Terminated(string yaml) => yaml.Length == 0 || yaml[^1] is '\n' or '\r' ? yaml : yaml + "\n";

    private static SourcePosition At(ParsingEvent e) => new((int)Math.Max(1, e.Start.Line), (int)Math.Max(1, e.Start.Column));
}
