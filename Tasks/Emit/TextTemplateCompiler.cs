using PForge.Tasks.Config;
using PForge.Tasks.Templating;

namespace PForge.Tasks.Emit;

/// <summary>
/// Compiles checked text templates (the <c>{{ }}</c> strings of cli and http tools) into C# expressions over the
/// generated input record (<c>input</c>): no template is parsed at run time. A template is a literal, or
/// <c>string.Concat</c> of literals and calls of the runtime's <c>TemplateFormat</c>: <c>Text</c> or <c>Json</c> of a typed member, <c>Path</c> into an untyped object, and
/// <c>Env</c> for an environment variable read at call time (only its name and fallback are compiled in).
/// </summary>
internal sealed class TextTemplateCompiler
{
    public const string Format = "global::PForge.Runtime.Tools.Templating.TemplateFormat";
    public const string Input = "input";

    private readonly string _namespace;
    private readonly Func<ParamConfig, (FieldDescriptor Field, string Owner)?> _lookup;

    /// <param name="ns">The namespace of the generated records.</param>
    /// <param name="lookup">The descriptor of a parameter or property, and the record class that declares it.</param>
    public TextTemplateCompiler(string ns, Func<ParamConfig, (FieldDescriptor Field, string Owner)?> lookup)
    {
        _namespace = ns;
        _lookup = lookup;
    }

    /// <summary>True when any of the templates reads the input.</summary>
    public static bool UsesInput(IEnumerable<Template> templates) =>
        templates.Any(t => t.Segments.Any(s => s is ValueSegment));

    /// <summary>A C# expression of type string.</summary>
    public string Text(Template template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var parts = template.Segments.Select(Segment).ToList();
        return parts.Count switch
        {
            0 => "\"\"",
            1 => parts[0],
            _ => $"string.Concat({string.Join(", ", parts)})",
        };
    }

    /// <summary>
    /// The element of a collection expression of argv: one argument, or, for a template that is exactly
    /// <c>{{x}}</c> of an array of strings, numbers or booleans, a spread of one argument per item (never re-split).
    /// </summary>
    public string Argument(Template template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (template.SingleValue is { Json: false, JsonPath.Count: 0 } value
            && Access(value) is { } access
            && access.Field is { Kind: "array", Item.Kind: "string" or "integer" or "number" or "boolean" } field)
        {
            var list = access.MaybeNull ? $"({access.Expression} ?? [])" : access.Expression;
            return field.Item.Kind == "string"
                ? ".. " + list
                : $".. global::System.Linq.Enumerable.Select({(access.MaybeNull ? access.Expression + " ?? []" : access.Expression)}, static item => {Format}.Text(item))";
        }

        return Text(template);
    }

    /// <summary>
    /// An http endpoint as a string expression: literal text as written; each value after the host a URL path segment
    /// (<c>PathSegment</c>: '/', '?', '#' and '..' cannot change the URL's structure); a value in the host (only with
    /// <c>dynamic_host</c>) checked to be a host name (<c>Host</c>).
    /// </summary>
    public string Url(Template template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var parts = new List<string>();
        var seenScheme = false;
        var inPath = false;
        foreach (var segment in template.Segments)
        {
            if (segment is TextSegment text)
            {
                var from = 0;
                if (!seenScheme && text.Text.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0)
                {
                    seenScheme = true;
                    from = scheme + 3;
                }

                inPath |= seenScheme && text.Text.IndexOfAny(['/', '?', '#'], from) >= 0;
                parts.Add(CSharpNames.StringLiteral(text.Text));
            }
            else
            {
                parts.Add($"{Format}.{(inPath ? "PathSegment" : "Host")}({Segment(segment)})");
            }
        }

        return Concat(parts);
    }

    /// <summary>
    /// An http body as a string expression: a body that is exactly <c>{{x}}</c> is x's JSON value unchanged; otherwise
    /// the template as text, <c>{{json x}}</c> JSON-encoded.
    /// </summary>
    public string Body(Template template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return template.SingleValue is { Json: false } value ? Segment(value with { Json = true }) : Text(template);
    }

    /// <summary>The value of a bearer <c>Authorization</c> header over the secret's template.</summary>
    public string Bearer(Template secret) => $"string.Concat(\"Bearer \", {Text(secret)})";

    /// <summary>The value of a basic <c>Authorization</c> header over the user name's and the secret's templates.</summary>
    public string Basic(Template username, Template secret) =>
        $"global::PForge.Runtime.Tools.Http.HttpToolRunner.Basic({Text(username)}, {Text(secret)})";

    /// <summary>The media type of a body: JSON when it is one value, or text that starts with '{' or '['; else plain text.</summary>
    public static string BodyContentType(Template template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var json = template.SingleValue is not null
            || (template.Segments.FirstOrDefault() is TextSegment first && first.Text.TrimStart() is ['{' or '[', ..]);
        return json ? "application/json" : "text/plain";
    }

    private static string Concat(List<string> parts) => parts.Count switch
    {
        0 => "\"\"",
        1 => parts[0],
        _ => $"string.Concat({string.Join(", ", parts)})",
    };

    private string Segment(TemplateSegment segment) => segment switch
    {
        TextSegment text => CSharpNames.StringLiteral(text.Text),
        EnvSegment env => $"{Format}.Env({CSharpNames.StringLiteral(env.Name)}, {(env.Fallback is null ? "null" : CSharpNames.StringLiteral(env.Fallback))})",
        ValueSegment value => Value(value),
        _ => throw new InvalidOperationException($"no C# for template segment {segment.GetType().Name}"),
    };

    private string Value(ValueSegment value)
    {
        var method = value.Json ? "Json" : "Text";
        if (Access(value) is not { } access)
        {
            // Only after a reported error (a member dropped as a name collision): generation stops anyway.
            return "\"\"";
        }

        var (expression, field, owner) = (access.Expression, access.Field, access.Owner);
        return field.Kind switch
        {
            "json" when value.JsonPath.Count > 0 =>
                $"{Format}.{method}({Format}.Path({expression}, {string.Join(", ", value.JsonPath.Select(CSharpNames.StringLiteral))}))",
            "object" => $"{Format}.{method}({expression}, global::{_namespace}.{field.ObjectClass}.WriteObject)",
            "array" => $"{Format}.{method}({expression}, global::{_namespace}.{owner}.{field.ListWriter})",
            _ => $"{Format}.{method}({expression})",
        };
    }

    private sealed record MemberAccess(string Expression, bool MaybeNull, FieldDescriptor Field, string Owner);

    /// <summary><c>input.Location?.City</c>: null-conditional after a member that may be null.</summary>
    private MemberAccess? Access(ValueSegment value)
    {
        var expression = Input;
        var previousNullable = false;
        var conditional = false;
        FieldDescriptor? field = null;
        var owner = string.Empty;
        foreach (var member in value.Members)
        {
            if (_lookup(member) is not { } found)
            {
                return null;
            }

            expression += previousNullable ? "?." : ".";
            expression += found.Field.PropertyName;
            conditional |= previousNullable;
            previousNullable = found.Field.Nullable;
            (field, owner) = found;
        }

        return new MemberAccess(expression, conditional || field!.Nullable, field!, owner);
    }
}
