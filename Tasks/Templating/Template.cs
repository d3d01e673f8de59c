using PForge.Tasks.Config;

namespace PForge.Tasks.Templating;

/// <summary>A template checked against a tool's parameters: what the generated code concatenates, in order.</summary>
public sealed record Template(string Text, IReadOnlyList<TemplateSegment> Segments)
{
    /// <summary>True when the template has no value and no environment reference: it compiles to one literal.</summary>
    public bool IsLiteral => Segments.All(s => s is TextSegment);

    /// <summary>The value when the template is exactly one <c>{{x}}</c> and nothing else, or null.</summary>
    public ValueSegment? SingleValue => Segments is [ValueSegment value] ? value : null;
}

public abstract record TemplateSegment;

/// <summary>Literal text.</summary>
public sealed record TextSegment(string Text) : TemplateSegment;

/// <summary>
/// A parameter's value: <see cref="Members"/> are the declared parameter and the declared properties followed into it
/// (records); <see cref="JsonPath"/> the member names followed at run time into an untyped object (a <c>JsonElement</c>).
/// </summary>
public sealed record ValueSegment(IReadOnlyList<ParamConfig> Members, IReadOnlyList<string> JsonPath, bool Json) : TemplateSegment
{
    public ParamConfig Last => Members[^1];
}

/// <summary>An environment variable of the server, read when the tool is called (never at build time).</summary>
public sealed record EnvSegment(string Name, string? Fallback) : TemplateSegment;
