using PForge.Tasks.Config;
using PForge.Tasks.Templating;

namespace PForge.Tasks.Emit;

/// <summary>
/// Binds checked text templates (the <c>{{ }}</c> strings of cli and http tools) to the generated input record: each
/// template becomes the parts the generated code concatenates (literal text, an environment variable read at call time,
/// a member of <c>input</c> formatted by the runtime's <c>TemplateFormat</c>). No template is parsed at run time.
/// </summary>
internal sealed class TextTemplateBuilder
{
    private readonly Func<ParamConfig, (FieldDescriptor Field, string Owner)?> _lookup;

    /// <param name="lookup">The descriptor of a parameter or property, and the record class that declares it.</param>
    public TextTemplateBuilder(Func<ParamConfig, (FieldDescriptor Field, string Owner)?> lookup) => _lookup = lookup;

    /// <summary>True when any of the templates reads the input.</summary>
    public static bool UsesInput(IEnumerable<Template> templates) =>
        templates.Any(t => t.Segments.Any(s => s is ValueSegment));

    /// <summary>A string: the template's parts in order.</summary>
    public TextTemplateDescriptor Text(Template template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new() { Parts = [.. template.Segments.Select(segment => Part(segment, string.Empty))] };
    }

    /// <summary>
    /// One element of argv: one argument, or, for a template that is exactly <c>{{x}}</c> of an array of strings,
    /// numbers or booleans, a spread of one argument per item (never re-split).
    /// </summary>
    public CliArgumentDescriptor Argument(Template template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (template.SingleValue is { Json: false, JsonPath.Count: 0 } value
            && Access(value) is { } access
            && access.Field is { Kind: "array", Item.Kind: "string" or "integer" or "number" or "boolean" } field)
        {
            return new() { Template = Text(template), Spread = true, SpreadStrings = field.Item.Kind == "string", Members = access.Members, MaybeNull = access.MaybeNull };
        }

        return new() { Template = Text(template) };
    }

    /// <summary>
    /// An http endpoint: literal text as written; each value after the host a URL path segment (<c>PathSegment</c>:
    /// '/', '?', '#' and '..' cannot change the URL's structure); a value in the host (only with <c>dynamic_host</c>)
    /// checked to be a host name (<c>Host</c>).
    /// </summary>
    public TextTemplateDescriptor Url(Template template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var parts = new List<TextPartDescriptor>();
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
                parts.Add(Part(segment, string.Empty));
            }
            else
            {
                parts.Add(Part(segment, inPath ? "PathSegment" : "Host"));
            }
        }

        return new() { Parts = parts };
    }

    /// <summary>
    /// An http body: a body that is exactly <c>{{x}}</c> is x's JSON value unchanged; otherwise the template as text,
    /// <c>{{json x}}</c> JSON-encoded.
    /// </summary>
    public TextTemplateDescriptor Body(Template template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return template.SingleValue is { Json: false } value ? new() { Parts = [Part(value with { Json = true }, string.Empty)] } : Text(template);
    }

    /// <summary>The media type of a body: JSON when it is one value, or text that starts with '{' or '['; else plain text.</summary>
    public static string BodyContentType(Template template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var json = template.SingleValue is not null
            || (template.Segments.FirstOrDefault() is TextSegment first && first.Text.TrimStart() is ['{' or '[', ..]);
        return json ? "application/json" : "text/plain";
    }

    private TextPartDescriptor Part(TemplateSegment segment, string wrapper) => segment switch
    {
        TextSegment text => new() { Kind = "text", Text = text.Text },
        EnvSegment env => new() { Kind = "env", Wrapper = wrapper, EnvName = env.Name, EnvFallback = env.Fallback },
        ValueSegment value => Value(value, wrapper),
        _ => throw new InvalidOperationException($"no part for template segment {segment.GetType().Name}"),
    };

    private TextPartDescriptor Value(ValueSegment value, string wrapper)
    {
        if (Access(value) is not { } access)
        {
            // Only after a reported error (a member dropped as a name collision): generation stops anyway.
            return new() { Kind = "none", Wrapper = wrapper };
        }

        var (field, owner) = (access.Field, access.Owner);
        var (format, writer) = field.Kind switch
        {
            "json" when value.JsonPath.Count > 0 => ("path", string.Empty),
            "object" => ("writer", field.ObjectClass + ".WriteObject"),
            "array" => ("writer", owner + "." + field.ListWriter),
            _ => ("plain", string.Empty),
        };
        return new() { Kind = "value", Wrapper = wrapper, Members = access.Members, Json = value.Json, Format = format, JsonPath = value.JsonPath, Writer = writer };
    }

    private sealed record MemberAccess(IReadOnlyList<MemberStepDescriptor> Members, bool MaybeNull, FieldDescriptor Field, string Owner);

    /// <summary><c>input.Location?.City</c>: null-conditional after a member that may be null.</summary>
    private MemberAccess? Access(ValueSegment value)
    {
        var members = new List<MemberStepDescriptor>();
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

            members.Add(new MemberStepDescriptor(found.Field.PropertyName, previousNullable));
            conditional |= previousNullable;
            previousNullable = found.Field.Nullable;
            (field, owner) = found;
        }

        return new MemberAccess(members, conditional || field!.Nullable, field!, owner);
    }
}
