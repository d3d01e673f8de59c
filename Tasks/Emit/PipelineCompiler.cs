using System.Globalization;
using PForge.Tasks.Config;
using PForge.Tasks.Templating;

namespace PForge.Tasks.Emit;

/// <summary>
/// Compiles a pipeline's steps into C#: each step input into statements that write its JSON object from the
/// variables (<c>writer</c>, <c>variables</c>), each condition into a boolean expression over the variables. Nothing is
/// parsed at run time.
/// </summary>
internal static class PipelineCompiler
{
    public const string Format = "global::PForge.Runtime.Tools.Pipeline.PipelineFormat";
    private const string Operand = "global::PForge.Runtime.Tools.Pipeline.PipelineOperand";
    private const string Comparison = "global::PForge.Runtime.Tools.Pipeline.PipelineComparison";
    private const string Text = "global::PForge.Runtime.Tools.Templating.TemplateFormat";

    /// <summary>The statements that write a step's input object.</summary>
    public static IReadOnlyList<string> Input(IReadOnlyList<KeyValuePair<string, StepValue>> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var lines = new List<string>();
        Write(new StepObject(input), lines);
        return lines;
    }

    /// <summary>A C# lambda <c>Func&lt;PipelineVariables, bool&gt;</c>, or <c>null</c>.</summary>
    public static string Condition(ConditionNode? condition) =>
        condition is null ? "null" : "static variables => " + Expression(condition);

    public static string Expression(ConditionNode node) => node switch
    {
        ConditionTruthy t => $"{Format}.Truthy({Get(t.Path.Path)})",
        ConditionNot n => $"!({Expression(n.Inner)})",
        ConditionAnd a => $"({Expression(a.Left)} && {Expression(a.Right)})",
        ConditionOr o => $"({Expression(o.Left)} || {Expression(o.Right)})",
        ConditionCompare c => $"{Format}.Compare({OperandExpression(c.Left)}, {Comparison}.{ComparisonName(c.Operator)}, {OperandExpression(c.Right)})",
        _ => throw new InvalidOperationException($"no C# for condition {node.GetType().Name}"),
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

    private static string OperandExpression(ConditionOperand operand) => operand switch
    {
        ConditionPath p => $"{Operand}.Of({Get(p.Path)})",
        ConditionLiteral { Value: null } => $"{Operand}.Null",
        ConditionLiteral { Value: bool b } => $"{Operand}.Of({(b ? "true" : "false")})",
        ConditionLiteral { Value: double d } => $"{Operand}.Of({NumberLiteral(d)})",
        ConditionLiteral { Value: string s } => $"{Operand}.Of({CSharpNames.StringLiteral(s)})",
        _ => throw new InvalidOperationException("no C# for this operand"),
    };

    private static string NumberLiteral(double value) => value.ToString("R", CultureInfo.InvariantCulture) + "d";

    /// <summary><c>variables.Get("name", "a", "b")</c>.</summary>
    private static string Get(IReadOnlyList<string> path) =>
        $"variables.Get({string.Join(", ", path.Select(CSharpNames.StringLiteral))})";

    private static void Write(StepValue value, List<string> lines)
    {
        switch (value)
        {
            case StepObject obj:
                lines.Add("writer.WriteStartObject();");
                foreach (var (name, member) in obj.Members)
                {
                    lines.Add($"writer.WritePropertyName({CSharpNames.StringLiteral(name)});");
                    Write(member, lines);
                }

                lines.Add("writer.WriteEndObject();");
                break;
            case StepArray array:
                lines.Add("writer.WriteStartArray();");
                foreach (var item in array.Items)
                {
                    Write(item, lines);
                }

                lines.Add("writer.WriteEndArray();");
                break;
            case StepLiteral literal:
                lines.Add(literal.Value.Kind switch
                {
                    YamlValueKind.Null => "writer.WriteNullValue();",
                    YamlValueKind.Boolean => $"writer.WriteBooleanValue({((bool)literal.Value.Value! ? "true" : "false")});",
                    YamlValueKind.Integer => $"writer.WriteNumberValue({((long)literal.Value.Value!).ToString(CultureInfo.InvariantCulture)}L);",
                    YamlValueKind.Number => $"writer.WriteNumberValue({NumberLiteral(literal.Value.AsDouble)});",
                    _ => $"writer.WriteStringValue({CSharpNames.StringLiteral(literal.Value.Text)});",
                });
                break;
            case StepTemplate template when template.SingleValue is { } single:
                lines.Add($"{Format}.WriteValue(writer, {Get([single.Name, .. single.Path])});");
                break;
            case StepTemplate template:
                var parts = template.Segments.Select(s => s switch
                {
                    StepText t => CSharpNames.StringLiteral(t.Text),
                    StepVariable v => $"{Text}.{(v.Json ? "Json" : "Text")}({Get([v.Name, .. v.Path])})",
                    _ => throw new InvalidOperationException("no C# for this segment"),
                }).ToList();
                var expression = parts.Count switch
                {
                    0 => "\"\"",
                    1 => parts[0],
                    _ => $"string.Concat({string.Join(", ", parts)})",
                };
                lines.Add($"writer.WriteStringValue({expression});");
                break;
        }
    }
}
