using PForge.Tasks.Templating;

namespace PForge.Tasks.Tests;

/// <summary>Pipeline conditions (parsed and compiled at build time) and the generated shape of a pipeline tool.</summary>
[TestClass]
public sealed class PipelineTests
{
    private const string F = "global::PForge.Runtime.Tools.Pipeline.PipelineFormat";
    private const string O = "global::PForge.Runtime.Tools.Pipeline.PipelineOperand";
    private const string C = "global::PForge.Runtime.Tools.Pipeline.PipelineComparison";

    [TestMethod]
    [DataRow("user", "T(user)")]
    [DataRow("!user.admin", "!T(user.admin)")]
    [DataRow("a && b || c", "((T(a) && T(b)) || T(c))")]
    [DataRow("a || b && c", "(T(a) || (T(b) && T(c)))")]
    [DataRow("(a || b) && !(c)", "((T(a) || T(b)) && !T(c))")]
    [DataRow("user.age >= 18", "(user.age >= 18)")]
    [DataRow("x.y<-1.5e2", "(x.y < -150)")]
    [DataRow("name == 'it''s'", "ERROR")]
    [DataRow("name != \"bob\"", "(name != \"bob\")")]
    [DataRow("name == 'bob'", "(name == \"bob\")")]
    [DataRow("flag == true && other != false && gone == null", "(((flag == true) && (other != false)) && (gone == null))")]
    [DataRow("  a  ", "T(a)")]
    [DataRow("3 < a", "(3 < a)")]
    public void ConditionsParseWithPrecedence(string text, string expected)
    {
        var (node, error) = ConditionParser.Parse(text);
        Assert.AreEqual(expected, node is null ? "ERROR" : Show(node), error?.Problem);
    }

    [TestMethod]
    [DataRow("", 0, "it is empty")]
    [DataRow("a =", 2, "'=' is no operator; compare with '=='")]
    [DataRow("(a", 0, "'(' without ')'")]
    [DataRow("a &&", 4, "a variable or a literal is missing at the end")]
    [DataRow("a b", 2, "unexpected 'b'")]
    [DataRow("'x'", 0, "a literal alone is no condition; compare it with a variable")]
    [DataRow("a == 'x", 5, "unclosed string: the closing ' is missing")]
    [DataRow("a.", 2, "a path cannot end with '.' or hold '..'")]
    [DataRow("a == 1.2.3", 5, "'1.2.3' is no number")]
    [DataRow("a & b", 2, "unexpected '& b'")]
    public void MalformedConditionsSayWhereAndWhy(string text, int offset, string problem)
    {
        var (node, error) = ConditionParser.Parse(text);
        Assert.IsNull(node);
        Assert.AreEqual(problem, error!.Problem);
        Assert.AreEqual(offset, error.Offset);
    }

    [TestMethod]
    public void ConditionsCompileToRuntimeHelpersOverJsonValues()
    {
        // The condition's tree is written by the codegen template (Server.scriban) into the step's Condition lambda.
        var result = Generator.Run(
            """
            forge: { name: x, version: 1.0.0 }
            tools:
              - type: pipeline
                name: p
                params: { user: { type: object }, x: string, y: number, z: boolean }
                steps:
                  - { tool: t, condition: "user.age >= 18 && !user.banned || user.name == 'root' || x != null || y < 2.5 || z == false" }
                  - { tool: t }
              - { type: cli, name: t, command: echo }
            """,
            new GeneratorOptions("App", GenerateEntryPoint: false));
        Assert.IsTrue(result.Succeeded, string.Join("\n", result.Diagnostics));
        var server = result.Sources.Single(s => s.RelativePath == "PForgeServer.g.cs").Content;
        Assert.Contains(
            "Condition = static variables => "
            + $"((((({F}.Compare({O}.Of(variables.Get(\"user\", \"age\")), {C}.GreaterOrEqual, {O}.Of(18d)) && !({F}.Truthy(variables.Get(\"user\", \"banned\")))) || "
            + $"{F}.Compare({O}.Of(variables.Get(\"user\", \"name\")), {C}.Equal, {O}.Of(\"root\"))) || "
            + $"{F}.Compare({O}.Of(variables.Get(\"x\")), {C}.NotEqual, {O}.Null)) || "
            + $"{F}.Compare({O}.Of(variables.Get(\"y\")), {C}.Less, {O}.Of(2.5d))) || "
            + $"{F}.Compare({O}.Of(variables.Get(\"z\")), {C}.Equal, {O}.Of(false))),",
            server);
        Assert.Contains("Condition = null,", server);
    }

    [TestMethod]
    public void APipelineHasNoHandlerTheFixedOutputSchemaAndCallsStepsByIndex()
    {
        var result = Generator.Run(
            """
            forge: { name: x, version: 1.0.0 }
            tools:
              - type: pipeline
                name: report
                params: { city: string, n: { type: integer, default: 2 } }
                steps:
                  - tool: fetch
                    input: { q: "{{city}}", n: "{{n}}", label: "n={{n}}", raw: "{{json city}}", lit: 1.5, on: true, none: null, list: [a, "{{city}}"] }
                    output_var: data
                  - tool: report_inner
                    params: { data: "{{data.items}}" }
                    condition: data.count > 0
                    error_policy: continue
              - { type: cli, name: fetch, command: echo, args: ["{{q}}"], params: { q: string, n: integer, label: string, raw: string, lit: number, on: boolean, none: string, list: { type: array, items: string } } }
              - type: pipeline
                name: report_inner
                params: { data: { type: array } }
                steps: [{ tool: fetch }]
            """,
            new GeneratorOptions("App", GenerateEntryPoint: false));

        Assert.IsTrue(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.IsEmpty(result.HandlerStubs);
        CollectionAssert.AreEqual(
            new[] { "report.input.json", "report.output.json", "fetch.input.json", "fetch.output.json", "report_inner.input.json", "report_inner.output.json" },
            result.Schemas.Select(s => s.RelativePath).ToArray());
        const string OutputSchema = """{"type":"object","properties":{"results":{"type":"array"},"variables":{"type":"object"}},"required":["results","variables"]}""";
        Assert.AreEqual(OutputSchema, System.Text.Json.Nodes.JsonNode.Parse(result.Schemas.Single(s => s.RelativePath == "report.output.json").Content)!.ToJsonString());

        var server = result.Sources.Single(s => s.RelativePath == "PForgeServer.g.cs").Content;
        Assert.Contains(Emit.CSharpNames.StringLiteral("\"outputSchema\":" + OutputSchema)[1..^1], server);
        Assert.Contains("global::PForge.Runtime.Tools.Pipeline.PipelineRunner.RunAsync(\n                        this,\n                        s_0Steps,\n                        global::PForge.Runtime.Tools.Pipeline.PipelineVariables.FromInput(input, global::App.ReportInput.WriteObject),\n                        context);", server.ReplaceLineEndings("\n"));
        const string T = "global::PForge.Runtime.Tools.Templating.TemplateFormat";
        Assert.Contains(
            $$"""
                    new()
                    {
                        ToolName = "fetch",
                        ToolIndex = 1,
                        Input = static (writer, variables) =>
                        {
                            writer.WriteStartObject();
                            writer.WritePropertyName("q");
                            {{F}}.WriteValue(writer, variables.Get("city"));
                            writer.WritePropertyName("n");
                            {{F}}.WriteValue(writer, variables.Get("n"));
                            writer.WritePropertyName("label");
                            writer.WriteStringValue(string.Concat("n=", {{T}}.Text(variables.Get("n"))));
                            writer.WritePropertyName("raw");
                            writer.WriteStringValue({{T}}.Json(variables.Get("city")));
                            writer.WritePropertyName("lit");
                            writer.WriteNumberValue(1.5d);
                            writer.WritePropertyName("on");
                            writer.WriteBooleanValue(true);
                            writer.WritePropertyName("none");
                            writer.WriteNullValue();
                            writer.WritePropertyName("list");
                            writer.WriteStartArray();
                            writer.WriteStringValue("a");
                            {{F}}.WriteValue(writer, variables.Get("city"));
                            writer.WriteEndArray();
                            writer.WriteEndObject();
                        },
                        OutputVariable = "data",
                        Condition = null,
                        ContinueOnError = false,
                    },
                    new()
                    {
                        ToolName = "report_inner",
                        ToolIndex = 2,
                        Input = static (writer, variables) =>
                        {
                            writer.WriteStartObject();
                            writer.WritePropertyName("data");
                            {{F}}.WriteValue(writer, variables.Get("data", "items"));
                            writer.WriteEndObject();
                        },
                        OutputVariable = null,
                        Condition = static variables => {{F}}.Compare({{O}}.Of(variables.Get("data", "count")), {{C}}.Greater, {{O}}.Of(0d)),
                        ContinueOnError = true,
                    },
            """.ReplaceLineEndings("\n"),
            server.ReplaceLineEndings("\n"));
    }

    private static string Show(ConditionNode node) => node switch
    {
        ConditionTruthy t => $"T({string.Join('.', t.Path.Path)})",
        ConditionNot n => "!" + Show(n.Inner),
        ConditionAnd a => $"({Show(a.Left)} && {Show(a.Right)})",
        ConditionOr o => $"({Show(o.Left)} || {Show(o.Right)})",
        ConditionCompare c => $"({Show(c.Left)} {c.Operator} {Show(c.Right)})",
        _ => "?",
    };

    private static string Show(ConditionOperand operand) => operand switch
    {
        ConditionPath p => string.Join('.', p.Path),
        ConditionLiteral { Value: null } => "null",
        ConditionLiteral { Value: string s } => $"\"{s}\"",
        ConditionLiteral { Value: bool b } => b ? "true" : "false",
        ConditionLiteral { Value: double d } => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "?",
    };
}
