using PForge.Tasks.Config;
using PForge.Tasks.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PForge.Tasks.OpenApi;

/// <summary>
/// Turns a JSON pointer into the document (<c>#/paths/~1pets/get</c>) into its line and column, so a diagnostic about
/// the document points into it; the text is parsed for positions only when a diagnostic needs one.
/// </summary>
internal sealed class SpecLocator(string text, string? file, SourcePosition specPosition)
{
    private YamlNode? _root;
    private SourcePosition _syntaxError = SourcePosition.Start;
    private bool _parsed;

    /// <summary>The diagnostic pointed at the document's file, or at the entry's <c>spec</c> in pforge.yaml for a URL.</summary>
    public Diagnostic At(Diagnostic diagnostic) => file is null
        ? diagnostic with { Line = specPosition.Line, Column = specPosition.Column }
        : diagnostic with { File = file };

    public SourcePosition Locate(string? pointer)
    {
        if (Root() is not { } node)
        {
            // Not YAML: where the syntax error is.
            return _syntaxError;
        }

        var at = node;
        foreach (var raw in (pointer ?? string.Empty).TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var step = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            YamlNode? next = at switch
            {
                YamlMappingNode mapping => mapping.Children.FirstOrDefault(p => p.Key is YamlScalarNode { Value: { } k } && k == step).Value,
                YamlSequenceNode sequence when int.TryParse(step, out var i) && i >= 0 && i < sequence.Children.Count => sequence.Children[i],
                _ => null,
            };
            if (next is null)
            {
                break;
            }

            at = next;
        }

        return MappingReader.At(at);
    }

    private YamlNode? Root()
    {
        if (!_parsed)
        {
            _parsed = true;
            try
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(YamlLimits.Terminated(text)));
                _root = stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
            }
            catch (YamlException ex)
            {
                _root = null;
                _syntaxError = new SourcePosition((int)Math.Max(1, ex.Start.Line), (int)Math.Max(1, ex.Start.Column));
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
            {
                // YamlDotNet throws these for some broken scalars and for a tag that is no URI (!!+!): no positions then.
                _root = null;
            }
        }

        return _root;
    }
}
