using System.Text;

namespace PForge.Tasks.Templating;

/// <summary>One piece of a parsed template, at its character offset in the template text.</summary>
public abstract record TemplatePart(int Offset);

/// <summary>Literal text, copied as it is.</summary>
public sealed record TextPart(string Text, int Offset) : TemplatePart(Offset);

/// <summary><c>{{a.b.c}}</c> (text) or <c>{{json a.b}}</c> (JSON): a parameter and the members to follow into it.</summary>
public sealed record ValuePart(IReadOnlyList<string> Path, bool Json, string Source, int Offset) : TemplatePart(Offset);

/// <summary><c>${NAME}</c> or <c>${NAME:-fallback}</c>: an environment variable of the server, read at call time.</summary>
public sealed record EnvPart(string Name, string? Fallback, string Source, int Offset) : TemplatePart(Offset);

public enum TemplateErrorKind
{
    /// <summary><c>{{</c> without <c>}}</c>.</summary>
    UnclosedValue,

    /// <summary><c>${</c> without <c>}</c>.</summary>
    UnclosedEnv,

    /// <summary><c>{{ }}</c> or <c>${}</c>.</summary>
    Empty,

    /// <summary>Anything else between the braces that is no expression.</summary>
    Malformed,
}

/// <summary>A syntax error at the offset of its <c>{{</c> or <c>${</c>; <see cref="Source"/> is the expression as written.</summary>
public sealed record TemplateError(TemplateErrorKind Kind, string Source, int Offset);

/// <summary>A template split into literal text, values and environment references, with its syntax errors.</summary>
public sealed record ParsedTemplate(string Text, IReadOnlyList<TemplatePart> Parts, IReadOnlyList<TemplateError> Errors)
{
    /// <summary>True when the template has no expression at all (it may have literal escapes).</summary>
    public bool IsLiteral => Errors.Count == 0 && Parts.All(p => p is TextPart);
}

/// <summary>
/// Parses the template language of cli, http and pipeline tools, at build time:
/// <list type="bullet">
/// <item><c>{{param}}</c>, <c>{{param.field.sub}}</c>: a parameter's value (inside text, formatted as text);</item>
/// <item><c>{{json param}}</c>: the value as JSON;</item>
/// <item><c>{{"text"}}</c>: the text as it is, the way to write a literal <c>{{</c> (<c>{{"{{"}}</c>) or <c>${</c>;</item>
/// <item><c>${NAME}</c>, <c>${NAME:-fallback}</c>: an environment variable of the server;</item>
/// </list>
/// everything else is literal text. Spaces and tabs just inside the braces of <c>{{ }}</c> are allowed.
/// </summary>
public static class TemplateParser
{
    public static ParsedTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<TemplatePart>();
        var errors = new List<TemplateError>();
        var literal = new StringBuilder();
        var literalStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (!IsOpener(text, i))
            {
                if (literal.Length == 0)
                {
                    literalStart = i;
                }

                literal.Append(text[i]);
                i++;
                continue;
            }

            var value = text[i] == '{';
            var close = value ? text.IndexOf("}}", i + 2, StringComparison.Ordinal) : text.IndexOf('}', i + 2);
            if (close < 0)
            {
                errors.Add(new TemplateError(value ? TemplateErrorKind.UnclosedValue : TemplateErrorKind.UnclosedEnv, text[i..], i));
                break;
            }

            var end = close + (value ? 2 : 1);
            var source = text[i..end];
            var content = text[(i + 2)..close];
            TemplatePart? part;
            TemplateErrorKind? error;
            if (value)
            {
                (part, error) = ParseValue(content, source, i);
            }
            else
            {
                (part, error) = ParseEnv(content, source, i);
            }

            if (error is { } kind)
            {
                errors.Add(new TemplateError(kind, source, i));
            }
            else if (part is TextPart quoted)
            {
                if (literal.Length == 0)
                {
                    literalStart = i;
                }

                literal.Append(quoted.Text);
            }
            else
            {
                Flush();
                parts.Add(part!);
            }

            i = end;
        }

        Flush();
        return new ParsedTemplate(text, parts, errors);

        void Flush()
        {
            if (literal.Length > 0)
            {
                parts.Add(new TextPart(literal.ToString(), literalStart));
                literal.Clear();
            }
        }
    }

    /// <summary>True when a <c>{{</c> or <c>${</c> starts at <paramref name="index"/>.</summary>
    public static bool IsOpener(string text, int index)
    {
        ArgumentNullException.ThrowIfNull(text);
        return index + 1 < text.Length && text[index + 1] == '{' && text[index] is '{' or '$';
    }

    /// <summary>
    /// The offsets of every <c>{{</c> and <c>${</c>, scanned left to right without overlap: the same scan over the
    /// YAML source of a scalar finds the same openers in the same order, which maps an offset to a column.
    /// </summary>
    public static IEnumerable<int> Openers(string text, int start = 0, int end = -1)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stop = end < 0 ? text.Length : end;
        for (var i = start; i + 1 < stop; i++)
        {
            if (IsOpener(text, i))
            {
                yield return i;
                i++;
            }
        }
    }

    private static (TemplatePart?, TemplateErrorKind?) ParseValue(string content, string source, int offset)
    {
        var expression = content.Trim(' ', '\t');
        if (expression.Length == 0)
        {
            return (null, TemplateErrorKind.Empty);
        }

        if (expression.Length >= 2 && expression[0] == '"' && expression[^1] == '"')
        {
            var quoted = expression[1..^1];
            return quoted.Contains('"', StringComparison.Ordinal) ? (null, TemplateErrorKind.Malformed) : (new TextPart(quoted, offset), null);
        }

        var json = false;
        if (expression.StartsWith("json", StringComparison.Ordinal) && expression.Length > 4 && expression[4] is ' ' or '\t')
        {
            json = true;
            expression = expression[4..].TrimStart(' ', '\t');
        }

        var path = expression.Split('.');
        return path.All(IsName) ? (new ValuePart(path, json, source, offset), null) : (null, TemplateErrorKind.Malformed);
    }

    private static (TemplatePart?, TemplateErrorKind?) ParseEnv(string content, string source, int offset)
    {
        if (content.Length == 0)
        {
            return (null, TemplateErrorKind.Empty);
        }

        var separator = content.IndexOf(":-", StringComparison.Ordinal);
        var name = separator < 0 ? content : content[..separator];
        var fallback = separator < 0 ? null : content[(separator + 2)..];
        var valid = IsEnvName(name) && (fallback is null || !Openers(fallback).Any());
        return valid ? (new EnvPart(name, fallback, source, offset), null) : (null, TemplateErrorKind.Malformed);
    }

    /// <summary>A parameter or member name in a path: letters, digits, '_' and '-'.</summary>
    private static bool IsName(string segment) =>
        segment.Length > 0 && segment.All(c => char.IsLetterOrDigit(c) || c is '_' or '-');

    /// <summary>An environment variable name as POSIX shells write it: a letter or '_', then letters, digits and '_'.</summary>
    public static bool IsEnvName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
    }
}
