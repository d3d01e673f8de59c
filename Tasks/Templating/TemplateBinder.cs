using PForge.Tasks.Config;
using PForge.Tasks.Diagnostics;

namespace PForge.Tasks.Templating;

/// <summary>Where a template is written, and what may appear in it.</summary>
/// <param name="Description">The place in messages, e.g. <c>'args[1]' of tool 'list_dir'</c>.</param>
/// <param name="EnvAllowed">True where an environment variable's value cannot reach the client (cli <c>env</c> values).</param>
/// <param name="EnvRule">Where environment references are allowed, for the message when one is not.</param>
public sealed record TemplatePlace(string Description, bool EnvAllowed, string EnvRule);

/// <summary>Checks a parsed template against the tool's parameters, reporting each problem at its <c>{{</c> or <c>${</c>.</summary>
public static class TemplateBinder
{
    private const string ValueForms = "{{param}}, {{param.field}}, {{json param}} or {{\"text\"}}";
    private const string EnvForms = "${NAME} or ${NAME:-fallback}";

    /// <summary>The checked template, or null when it has errors (all reported).</summary>
    /// <param name="locate">Turns an offset in the template text into its position in pforge.yaml.</param>
    /// <param name="unreadable">Parameters declared in the YAML but not read (their errors are reported): a template
    /// naming one fails without a second diagnostic.</param>
    public static Template? Bind(
        ParsedTemplate parsed,
        IReadOnlyList<ParamConfig> parameters,
        TemplatePlace place,
        Func<int, SourcePosition> locate,
        List<Diagnostic> diagnostics,
        IReadOnlySet<string>? unreadable = null)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(place);
        ArgumentNullException.ThrowIfNull(locate);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var before = diagnostics.Count;
        var failed = false;
        var segments = new List<TemplateSegment>();
        foreach (var part in parsed.Parts.Select(p => (p.Offset, Part: (object)p)).Concat(parsed.Errors.Select(e => (e.Offset, Part: (object)e))).OrderBy(p => p.Offset))
        {
            switch (part.Part)
            {
                case TemplateError error:
                    diagnostics.Add(error.Kind switch
                    {
                        TemplateErrorKind.UnclosedValue => DiagnosticCodes.UnclosedTemplate(locate(error.Offset), "{{", place.Description, "}}"),
                        TemplateErrorKind.UnclosedEnv => DiagnosticCodes.UnclosedTemplate(locate(error.Offset), "${", place.Description, "}"),
                        _ => DiagnosticCodes.MalformedTemplate(locate(error.Offset), error.Source, place.Description, error.Source.StartsWith('$') ? EnvForms : ValueForms),
                    });
                    break;
                case TextPart text:
                    segments.Add(new TextSegment(text.Text));
                    break;
                case EnvPart env when !place.EnvAllowed:
                    diagnostics.Add(DiagnosticCodes.EnvReferenceNotAllowed(locate(env.Offset), env.Source, place.Description, place.EnvRule));
                    break;
                case EnvPart env:
                    segments.Add(new EnvSegment(env.Name, env.Fallback));
                    break;
                case ValuePart value when unreadable is not null && unreadable.Contains(value.Path[0]) && parameters.All(p => p.Name != value.Path[0]):
                    failed = true;
                    break;
                case ValuePart value when BindValue(value, parameters, place, locate, diagnostics) is { } bound:
                    segments.Add(bound);
                    break;
            }
        }

        return failed || diagnostics.Count > before ? null : new Template(parsed.Text, Merge(segments));
    }

    /// <summary>Adjacent text (around a <c>{{"text"}}</c>) as one segment.</summary>
    private static List<TemplateSegment> Merge(List<TemplateSegment> segments)
    {
        var merged = new List<TemplateSegment>(segments.Count);
        foreach (var segment in segments)
        {
            if (segment is TextSegment next && merged.Count > 0 && merged[^1] is TextSegment previous)
            {
                merged[^1] = new TextSegment(previous.Text + next.Text);
            }
            else
            {
                merged.Add(segment);
            }
        }

        return merged;
    }

    private static ValueSegment? BindValue(ValuePart value, IReadOnlyList<ParamConfig> parameters, TemplatePlace place, Func<int, SourcePosition> locate, List<Diagnostic> diagnostics)
    {
        var root = parameters.FirstOrDefault(p => p.Name == value.Path[0]);
        if (root is null)
        {
            var known = parameters.Count == 0
                ? "the tool has no parameters"
                : $"the tool's parameters are {string.Join(", ", parameters.Select(p => p.Name))}";
            diagnostics.Add(DiagnosticCodes.UnknownTemplateVariable(locate(value.Offset), value.Path[0], place.Description, known));
            return null;
        }

        var members = new List<ParamConfig> { root };
        for (var i = 1; i < value.Path.Count; i++)
        {
            var current = members[^1];
            var walked = string.Join('.', value.Path.Take(i));
            if (current.Type == ParamType.Object && current.Properties is null)
            {
                // An untyped object: the rest of the path is followed at run time, missing members read as empty.
                return new ValueSegment(members, value.Path.Skip(i).ToList(), value.Json);
            }

            string? problem = null;
            if (current.Type != ParamType.Object)
            {
                problem = $"'{walked}' is {Article(current.Type)}, which has no members";
            }
            else if (current.Properties!.FirstOrDefault(p => p.Name == value.Path[i]) is { } member)
            {
                members.Add(member);
            }
            else
            {
                problem = current.Properties!.Count == 0
                    ? $"'{walked}' declares no properties"
                    : $"'{walked}' has no property '{value.Path[i]}' (its properties are {string.Join(", ", current.Properties!.Select(p => p.Name))})";
            }

            if (problem is not null)
            {
                diagnostics.Add(DiagnosticCodes.BadTemplatePath(locate(value.Offset), string.Join('.', value.Path), place.Description, problem));
                return null;
            }
        }

        return new ValueSegment(members, [], value.Json);
    }

    private static string Article(ParamType type) => type switch
    {
        ParamType.Integer or ParamType.Array or ParamType.Object => "an " + ParamReader.TypeName(type),
        _ => "a " + ParamReader.TypeName(type),
    };
}
