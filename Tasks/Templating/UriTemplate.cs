using System.Text;

namespace PForge.Tasks.Templating;

/// <summary>
/// A resource URI template of RFC 6570 level 1: literal text and <c>{name}</c> expressions. A variable matches a
/// non-empty run of characters without '/', and its value is percent-decoded. Operators (<c>{+x}</c>, <c>{?x}</c>, …),
/// lists (<c>{a,b}</c>) and modifiers (<c>{x*}</c>, <c>{x:3}</c>) are level 2 to 4 and refused at build time.
/// </summary>
public sealed record UriTemplate(string Text, IReadOnlyList<UriTemplatePart> Parts)
{
    private const string Operators = "+#./;?&=,!@|";

    /// <summary>The variable names, in the order they appear.</summary>
    public IReadOnlyList<string> Variables => [.. Parts.Where(p => p.IsVariable).Select(p => p.Text)];

    /// <summary>
    /// The .NET regular expression that matches a whole URI of this template: literal text escaped, each variable a
    /// numbered group of one or more characters other than '/'.
    /// </summary>
    public string ToRegex()
    {
        var pattern = new StringBuilder(@"\A");
        foreach (var part in Parts)
        {
            pattern.Append(part.IsVariable ? "([^/]+)" : System.Text.RegularExpressions.Regex.Escape(part.Text));
        }

        return pattern.Append(@"\z").ToString();
    }

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says where and why.</summary>
    public static UriTemplate? Parse(string text, out UriTemplateError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<UriTemplatePart>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '}')
            {
                error = new UriTemplateError(i, "}", Unsupported: false, "a '}' without its '{'");
                return null;
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            var close = text.IndexOf('}', i + 1);
            if (close < 0)
            {
                error = new UriTemplateError(i, text[i..], Unsupported: false, "the '{' has no closing '}'");
                return null;
            }

            var expression = text[i..(close + 1)];
            var name = text[(i + 1)..close];
            if (name.Length > 0 && Operators.Contains(name[0], StringComparison.Ordinal))
            {
                error = new UriTemplateError(i, expression, Unsupported: true, $"the operator '{name[0]}' is RFC 6570 level 2 or 3");
                return null;
            }

            if (name.Contains(',', StringComparison.Ordinal))
            {
                error = new UriTemplateError(i, expression, Unsupported: true, "a list of variables is RFC 6570 level 3");
                return null;
            }

            if (name.EndsWith('*') || name.Contains(':', StringComparison.Ordinal))
            {
                error = new UriTemplateError(i, expression, Unsupported: true, "a modifier ('*' or ':n') is RFC 6570 level 4");
                return null;
            }

            if (!IsVariableName(name))
            {
                error = new UriTemplateError(i, expression, Unsupported: false, name.Length == 0
                    ? "the expression is empty"
                    : $"'{name}' is no variable name (letters, digits and '_', with '.' between them)");
                return null;
            }

            if (!seen.Add(name))
            {
                error = new UriTemplateError(i, expression, Unsupported: false, $"variable '{name}' appears twice");
                return null;
            }

            if (literal.Length == 0 && parts.Count > 0 && parts[^1].IsVariable)
            {
                error = new UriTemplateError(i, expression, Unsupported: false, $"'{name}' follows '{parts[^1].Text}' with no text between them, so no URI tells where one ends");
                return null;
            }

            if (literal.Length > 0)
            {
                parts.Add(new UriTemplatePart(literal.ToString(), IsVariable: false));
                literal.Clear();
            }

            parts.Add(new UriTemplatePart(name, IsVariable: true));
            i = close;
        }

        if (literal.Length > 0)
        {
            parts.Add(new UriTemplatePart(literal.ToString(), IsVariable: false));
        }

        error = null;
        return new UriTemplate(text, parts);
    }

    private static bool IsVariableName(string name) =>
        name.Length > 0 && name[0] != '.' && name[^1] != '.' && !name.Contains("..", StringComparison.Ordinal)
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.');
}

/// <summary>Literal text, or a variable's name.</summary>
public sealed record UriTemplatePart(string Text, bool IsVariable);

/// <summary>What is wrong with a URI template, at the offset of the expression (or character) that is.</summary>
/// <param name="Unsupported">True for valid RFC 6570 that PForge does not serve (levels 2 to 4).</param>
public sealed record UriTemplateError(int Offset, string Expression, bool Unsupported, string Problem);
