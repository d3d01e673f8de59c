using PForge.Tasks.Config;
using PForge.Tasks.Templating;

namespace PForge.Tasks.Emit;

/// <summary>
/// The steps of a pipeline tool: each step's input as the JSON it writes from literals and variables, its condition as
/// a tree over the variables; the tool index is filled in once every tool has one. Nothing is parsed at run time.
/// </summary>
internal static class PipelineToolBuilder
{
    public static PipelineDescriptor Build(PipelineConfig pipeline) => new()
    {
        Steps = [.. pipeline.Steps.Select(step => new PipelineStepDescriptor
        {
            Tool = step.Tool,
            Input = Value(new StepObject(step.Input)),
            OutputVariable = step.OutputVar,
            Condition = step.Condition is null ? null : Condition(step.Condition),
            ContinueOnError = step.ContinueOnError,
        })],
    };

    private static StepValueDescriptor Value(StepValue value) => value switch
    {
        StepObject obj => new() { Kind = "object", Members = [.. obj.Members.Select(m => new StepMemberDescriptor(m.Key, Value(m.Value)))] },
        StepArray array => new() { Kind = "array", Items = [.. array.Items.Select(Value)] },
        StepLiteral literal => literal.Value.Kind switch
        {
            YamlValueKind.Null => new() { Kind = "null" },
            YamlValueKind.Boolean => new() { Kind = "boolean", Value = (bool)literal.Value.Value! },
            YamlValueKind.Integer => new() { Kind = "integer", Value = (long)literal.Value.Value! },
            YamlValueKind.Number => new() { Kind = "number", Value = literal.Value.AsDouble },
            _ => new() { Kind = "string", Value = literal.Value.Text },
        },
        StepTemplate template when template.SingleValue is { } single => new() { Kind = "variable", Path = [single.Name, .. single.Path] },
        StepTemplate template => new()
        {
            Kind = "text",
            Parts = [.. template.Segments.Select(segment => segment switch
            {
                StepText text => new StepTextPartDescriptor(text.Text, [], false),
                StepVariable variable => new StepTextPartDescriptor(null, [variable.Name, .. variable.Path], variable.Json),
                _ => throw new InvalidOperationException("no part for this segment"),
            })],
        },
        _ => throw new InvalidOperationException($"no step value for {value.GetType().Name}"),
    };

    private static ConditionDescriptor Condition(ConditionNode node) => node switch
    {
        ConditionTruthy t => new() { Kind = "truthy", Path = t.Path.Path },
        ConditionNot n => new() { Kind = "not", Inner = Condition(n.Inner) },
        ConditionAnd a => new() { Kind = "and", Left = Condition(a.Left), Right = Condition(a.Right) },
        ConditionOr o => new() { Kind = "or", Left = Condition(o.Left), Right = Condition(o.Right) },
        ConditionCompare c => new() { Kind = "compare", LeftOperand = Operand(c.Left), Comparison = ComparisonName(c.Operator), RightOperand = Operand(c.Right) },
        _ => throw new InvalidOperationException($"no condition for {node.GetType().Name}"),
    };

    private static string ComparisonName(string op) => op switch
    {
        "==" => "Equal",
        "!=" => "NotEqual",
        "<" => "Less",
        ">" => "Greater",
        "<=" => "LessOrEqual",
        _ => "GreaterOrEqual",
    };

    private static OperandDescriptor Operand(ConditionOperand operand) => operand switch
    {
        ConditionPath p => new("path", p.Path, null),
        ConditionLiteral { Value: null } => new("null", [], null),
        ConditionLiteral { Value: bool b } => new("boolean", [], b),
        ConditionLiteral { Value: double d } => new("number", [], d),
        ConditionLiteral { Value: string s } => new("string", [], s),
        _ => throw new InvalidOperationException("no operand for this literal"),
    };
}
