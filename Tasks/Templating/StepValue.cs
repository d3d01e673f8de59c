using PForge.Tasks.Config;

namespace PForge.Tasks.Templating;

/// <summary>A value of a pipeline step's <c>input</c>, checked against the variables in scope at that step.</summary>
public abstract record StepValue;

/// <summary>A literal YAML value that is no string (number, boolean, null): written as it is.</summary>
public sealed record StepLiteral(YamlValue Value) : StepValue;

/// <summary>A string: literal text and variable values (<c>{{x.a}}</c>, <c>{{json x}}</c>).</summary>
public sealed record StepTemplate(string Text, IReadOnlyList<StepSegment> Segments) : StepValue
{
    /// <summary>The variable when the template is exactly one <c>{{x}}</c> (its JSON value passes through), or null.</summary>
    public StepVariable? SingleValue => Segments is [StepVariable { Json: false } value] ? value : null;
}

public sealed record StepObject(IReadOnlyList<KeyValuePair<string, StepValue>> Members) : StepValue;

public sealed record StepArray(IReadOnlyList<StepValue> Items) : StepValue;

public abstract record StepSegment;

public sealed record StepText(string Text) : StepSegment;

/// <summary>A variable of the pipeline (a parameter or an earlier step's output) and the members to follow into it at run time.</summary>
public sealed record StepVariable(string Name, IReadOnlyList<string> Path, bool Json) : StepSegment;
