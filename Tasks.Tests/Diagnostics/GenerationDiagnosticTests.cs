using static PForge.Tasks.Tests.Diagnostics.DiagnosticCase;

namespace PForge.Tasks.Tests.Diagnostics;

/// <summary>PF1001, PF1003: C# names; PF1004: a tool the generated requests file leaves out (a note; the build goes on).</summary>
[TestClass]
public sealed class GenerationDiagnosticTests
{
    public static IEnumerable<object[]> Cases =>
    [
        Case(
            "PF1001 parameters my-param and my_param",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      my-param: string
                      my_param: string
                """),
            Error("PF1001", 9, 7, "'my_param' and 'my-param' both become the C# name 'MyParam'; rename one of them")),
        Case(
            "PF1001 tools get-user and get_user",
            Yaml.Server("""
                tools:
                  - type: native
                    name: get-user
                  - type: native
                    name: get_user
                """),
            Error("PF1001", 8, 11, "'get_user' and 'get-user' both become the C# name 'GetUser'; rename one of them")),
        Case(
            "PF1001 two tools with the same handler",
            Yaml.Server("""
                tools:
                  - type: native
                    name: add
                    handler: { path: Handlers.MathHandler }
                  - type: native
                    name: subtract
                    handler: { path: Handlers.MathHandler }
                """),
            Error("PF1001", 10, 22, "'subtract' and 'add' both become the C# name 'global::App.Handlers.MathHandler'")),
        Case(
            "PF1001 output fields",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    output:
                      Total: integer
                      total: integer
                """),
            Error("PF1001", 9, 7, "'total' and 'Total' both become the C# name 'Total'")),
        Case(
            "PF1001 a nested record and another tool's input record",
            Yaml.Server("""
                tools:
                  - type: native
                    name: a
                    params:
                      input: { type: object, properties: { x: integer } }
                  - type: native
                    name: a_input
                """),
            Error("PF1001", 10, 11, "'a_input' and 'input' both become the C# name 'AInputInput'; rename one of them")),
        Case(
            "PF1003 a tool name of punctuation only",
            Yaml.Server("""
                tools:
                  - type: native
                    name: "-"
                """),
            Error("PF1003", 6, 11, "Tool name '-' has no letter or digit to make C# names from; add one")),
        Case(
            "PF1004 a required pattern too hard to satisfy, and a raw input_schema without example_arguments",
            Yaml.Server("""
                tools:
                  - type: native
                    name: lookup
                    params:
                      id: { type: string, required: true, validation: { pattern: "^(?=.*[0-9])[a-z0-9]{8}$" } }
                      slug: { type: string, required: true, validation: { pattern: "^[a-z0-9-]{3,32}$" } }
                  - type: native
                    name: echo
                    input_schema: { type: object }
                """),
            Info("PF1004", 8, 7, "Tool 'lookup' is left out of the generated requests file pforge.requests.jsonl (the perf gate's and benchmarks' workload): no value of 'id' could be built to match its pattern '^(?=.*[0-9])[a-z0-9]{8}$'; give 'id' 'examples:' (a list of valid values; the first is sent)", exact: true),
            Info("PF1004", 11, 11, "Tool 'echo' is left out of the generated requests file pforge.requests.jsonl (the perf gate's and benchmarks' workload): its input is a raw 'input_schema', whose arguments PForge cannot build; give the tool 'example_arguments:' (a mapping of the arguments to send)", exact: true)),
    ];

    [TestMethod]
    [DynamicData(nameof(Cases), DynamicDataDisplayName = nameof(DiagnosticCase.Name), DynamicDataDisplayNameDeclaringType = typeof(DiagnosticCase))]
    public void ReportsDiagnostic(string name, string yaml, string[] expected) => DiagnosticAssert.Reports(name, yaml, expected);
}
