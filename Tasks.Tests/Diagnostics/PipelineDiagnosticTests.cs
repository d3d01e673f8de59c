using static PForge.Tasks.Tests.Diagnostics.DiagnosticCase;

namespace PForge.Tasks.Tests.Diagnostics;

/// <summary>PF0701..PF0707: pipeline steps, their variables, conditions and error policies.</summary>
[TestClass]
public sealed class PipelineDiagnosticTests
{
    public static IEnumerable<object[]> Cases =>
    [
        Case(
            "PF0701 unknown step tool",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: echo
                    command: echo
                  - type: pipeline
                    name: report
                    steps:
                      - tool: echo
                      - tool: ecko
                """),
            Error("PF0701", 12, 15, "Unknown tool 'ecko' in a step of pipeline 'report': the server's tools are echo, report", exact: true)),
        Case(
            "PF0702 pipelines reaching themselves",
            Yaml.Server("""
                tools:
                  - type: pipeline
                    name: a
                    steps:
                      - tool: b
                  - type: pipeline
                    name: b
                    steps:
                      - tool: a
                  - type: pipeline
                    name: self
                    steps:
                      - tool: self
                """),
            Error("PF0702", 8, 15, "Pipeline 'a' calls itself through its steps (a → b → a); a pipeline cannot reach itself", exact: true),
            Error("PF0702", 12, 15, "Pipeline 'b' calls itself through its steps (b → a → b)"),
            Error("PF0702", 16, 15, "Pipeline 'self' calls itself through its steps (self → self)")),
        Case(
            "PF0703 variables not in scope",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: echo
                    command: echo
                  - type: pipeline
                    name: report
                    params:
                      city: string
                    steps:
                      - tool: echo
                        input: { text: "{{later.x}} in {{city}}" }
                        condition: later && city
                      - tool: echo
                        output_var: later
                      - tool: echo
                        input: { nested: { list: ["{{nope}}"] } }
                """),
            Error("PF0703", 14, 25, "Unknown variable 'later' in 'steps[0].input.text' of pipeline 'report': the variables in scope here are city (parameters, and the 'output_var' of earlier steps)", exact: true),
            Error("PF0703", 15, 20, "Unknown variable 'later' in the condition of steps[0] of pipeline 'report'"),
            Error("PF0703", 19, 36, "Unknown variable 'nope' in 'steps[2].input.nested.list[0]' of pipeline 'report': the variables in scope here are city, later")),
        Case(
            "PF0704 output variables that shadow, repeat or are no name",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: echo
                    command: echo
                  - type: pipeline
                    name: report
                    params:
                      city: string
                    steps:
                      - tool: echo
                        output_var: city
                      - tool: echo
                        output_var: out
                      - tool: echo
                        output_var: out
                      - tool: echo
                        output_var: "a b"
                """),
            Error("PF0704", 14, 21, "Invalid 'output_var' 'city' in pipeline 'report': it is a parameter of the pipeline; a step's output cannot replace it", exact: true),
            Error("PF0704", 18, 21, "Invalid 'output_var' 'out' in pipeline 'report': an earlier step already keeps its output in it"),
            Error("PF0704", 20, 21, "Invalid 'output_var' 'a b' in pipeline 'report': a variable name is letters")),
        Case(
            "PF0705 malformed conditions",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: echo
                    command: echo
                  - type: pipeline
                    name: report
                    params:
                      age: integer
                    steps:
                      - tool: echo
                        condition: age = 3
                      - tool: echo
                        condition: "(age > 3"
                      - tool: echo
                        condition: age > 3 &&
                      - tool: echo
                        condition: 3
                """),
            Error("PF0705", 14, 24, "Malformed condition 'age = 3' in pipeline 'report': '=' is no operator; compare with '=='", exact: true),
            Error("PF0705", 16, 21, "Malformed condition '(age > 3' in pipeline 'report': '(' without ')'"),
            Error("PF0705", 18, 30, "Malformed condition 'age > 3 &&' in pipeline 'report': a variable or a literal is missing at the end"),
            Error("PF0705", 20, 20, "Malformed condition '3' in pipeline 'report': a literal alone is no condition")),
        Case(
            "PF0706 unknown error policy",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: echo
                    command: echo
                  - type: pipeline
                    name: report
                    steps:
                      - tool: echo
                        error_policy: ignore
                """),
            Error("PF0706", 12, 23, "Invalid 'error_policy' 'ignore' in pipeline 'report': expected fail_fast (the default) or continue", exact: true)),
        Case(
            "PF0707 empty steps, PF0101 no steps",
            Yaml.Server("""
                tools:
                  - type: pipeline
                    name: report
                    steps: []
                  - type: pipeline
                    name: other
                """),
            Error("PF0707", 7, 12, "Pipeline 'report' has no steps: 'steps' must list at least one step", exact: true),
            Error("PF0101", 8, 5, "Missing required key 'steps' in tool 'other'")),
        Case(
            "PF0405 environment reference in a step input",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: echo
                    command: echo
                  - type: pipeline
                    name: report
                    steps:
                      - tool: echo
                        input: { token: "Bearer ${TOKEN}" }
                """),
            Error("PF0405", 12, 33, "Environment reference '${TOKEN}' in 'steps[0].input.token' of pipeline 'report' could reach the client; a pipeline's step input is sent to its step tool", exact: false)),
        Case(
            "PF0206 handler and output of a pipeline",
            Yaml.Server("""
                tools:
                  - type: pipeline
                    name: report
                    handler: { path: Handlers.Report }
                    output: { text: string }
                    steps:
                      - tool: report2
                  - type: native
                    name: report2
                    handler: { path: Handlers.Report2 }
                """),
            Error("PF0206", 7, 5, "'handler' does not apply to a pipeline tool: it runs its 'steps'; there is no handler to write", exact: true),
            Error("PF0206", 8, 5, "'output' does not apply to a pipeline tool: its result is always {results, variables}")),
    ];

    [TestMethod]
    [DynamicData(nameof(Cases), DynamicDataDisplayName = nameof(DiagnosticCase.Name), DynamicDataDisplayNameDeclaringType = typeof(DiagnosticCase))]
    public void ReportsDiagnostic(string name, string yaml, string[] expected) => DiagnosticAssert.Reports(name, yaml, expected);
}
