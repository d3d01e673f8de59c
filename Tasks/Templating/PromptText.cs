using PForge.Tasks.Config;
using PForge.Tasks.Diagnostics;

namespace PForge.Tasks.Templating;

/// <summary>A prompt argument's value, substituted as plain text (an absent optional argument is empty text).</summary>
public sealed record ArgumentSegment(string Name) : TemplateSegment;

/// <summary>
/// Parses and checks the text templates of prompts: <c>{{argument}}</c> (spaces inside the braces allowed) and
/// <c>{{"text"}}</c> for a literal <c>{{</c>. Everything else, <c>${NAME}</c> included, is literal text: prompts read no
/// environment. Each problem is reported at its <c>{{</c>.
/// </summary>
public static class PromptText
{
    private const string Forms = "{{argument}} or {{\"text\"}}";

    /// <summary>The checked template (<see cref="TextSegment"/> and <see cref="ArgumentSegment"/>), or null when it has errors.</summary>
    public static Template? Bind(string text, IReadOnlyCollection<string> arguments, string place, Func<int, SourcePosition> locate, List<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(locate);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var segments = new List<TemplateSegment>();
        var literal = new System.Text.StringBuilder();
        var failed = false;
        var i = 0;
        while (i < text.Length)
        {
            if (TemplateParser.IsOpener(text, i) && text[i] == '$')
            {
                // An environment reference is plain text in a prompt; skip both characters like the locator does.
                literal.Append(text, i, 2);
                i += 2;
                continue;
            }

            if (!TemplateParser.IsOpener(text, i))
            {
                literal.Append(text[i]);
                i++;
                continue;
            }

            var close = text.IndexOf("}}", i + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                diagnostics.Add(DiagnosticCodes.UnclosedTemplate(locate(i), "{{", place, "}}"));
                return null;
            }

            var source = text[i..(close + 2)];
            var expression = text[(i + 2)..close].Trim(' ', '\t');
            if (expression.Length >= 2 && expression[0] == '"' && expression[^1] == '"' && !expression[1..^1].Contains('"', StringComparison.Ordinal))
            {
                literal.Append(expression[1..^1]);
            }
            else if (expression.Contains('.', StringComparison.Ordinal) && IsName(expression.Split('.')[0]) && arguments.Contains(expression.Split('.')[0]))
            {
                diagnostics.Add(DiagnosticCodes.BadTemplatePath(locate(i), expression, place, $"'{expression.Split('.')[0]}' is a prompt argument (text), which has no members"));
                failed = true;
            }
            else if (!IsName(expression))
            {
                diagnostics.Add(DiagnosticCodes.MalformedTemplate(locate(i), source, place, Forms));
                failed = true;
            }
            else if (!arguments.Contains(expression))
            {
                var known = arguments.Count == 0 ? "the prompt has no arguments" : $"the prompt's arguments are {string.Join(", ", arguments)}";
                diagnostics.Add(DiagnosticCodes.UnknownTemplateVariable(locate(i), expression, place, known));
                failed = true;
            }
            else
            {
                if (literal.Length > 0)
                {
                    segments.Add(new TextSegment(literal.ToString()));
                    literal.Clear();
                }

                segments.Add(new ArgumentSegment(expression));
            }

            i = close + 2;
        }

        if (literal.Length > 0)
        {
            segments.Add(new TextSegment(literal.ToString()));
        }

        return failed ? null : new Template(text, segments);
    }

    private static bool IsName(string name) => name.Length > 0 && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '-');
}
