using static PForge.Tasks.Tests.Diagnostics.DiagnosticCase;

namespace PForge.Tasks.Tests.Diagnostics;

/// <summary>PF0401..PF0406: templates; the position is the '{{' or '${' of the expression.</summary>
[TestClass]
public sealed class TemplateDiagnosticTests
{
    public static IEnumerable<object[]> Cases =>
    [
        Case(
            "PF0401 unclosed {{ in a plain scalar",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: list_dir
                    command: ls
                    args:
                      - --path={{path
                    params:
                      path: string
                """),
            Error("PF0401", 9, 16, "Unclosed '{{' in 'args[0]' of tool 'list_dir': the expression must end with '}}'", exact: true)),
        Case(
            "PF0401 unclosed ${ in a double-quoted scalar",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: call_api
                    command: curl
                    env:
                      AUTH: "Bearer ${TOKEN"
                """),
            Error("PF0401", 9, 21, "Unclosed '${' in 'env.AUTH' of tool 'call_api': the expression must end with '}'", exact: true)),
        Case(
            "PF0402 malformed expression in a single-quoted flow item",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: list_dir
                    command: ls
                    args: ['{{ a b }}']
                """),
            Error("PF0402", 8, 13, "Malformed template expression '{{ a b }}' in 'args[0]' of tool 'list_dir': expected {{param}}, {{param.field}}, {{json param}} or {{\"text\"}}", exact: true)),
        Case(
            "PF0402 empty and malformed expressions, each at its own column",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: list_dir
                    command: ls
                    env:
                      A: x{{}}y${}z${1X:-a}w{{.Name}}
                """),
            Error("PF0402", 9, 11, "Malformed template expression '{{}}' in 'env.A' of tool 'list_dir'"),
            Error("PF0402", 9, 16, "Malformed template expression '${}' in 'env.A' of tool 'list_dir': expected ${NAME} or ${NAME:-fallback}"),
            Error("PF0402", 9, 20, "Malformed template expression '${1X:-a}' in 'env.A'"),
            Error("PF0402", 9, 29, "Malformed template expression '{{.Name}}' in 'env.A'")),
        Case(
            "PF0403 unknown variable after an escape in a double-quoted scalar",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: greet
                    command: echo
                    args: ["a\tb {{nme}}"]
                    params:
                      name: string
                """),
            Error("PF0403", 8, 18, "Unknown variable 'nme' in 'args[0]' of tool 'greet': the tool's parameters are name", exact: true)),
        Case(
            "PF0403 unknown variable on the second line of a plain scalar",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: greet
                    command: echo
                    args:
                      - first line
                        then {{nme}}
                """),
            Error("PF0403", 10, 14, "Unknown variable 'nme' in 'args[0]' of tool 'greet': the tool has no parameters", exact: true)),
        Case(
            "PF0403 in a literal block scalar whose header comment holds {{",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: run
                    command: sh
                    env:
                      SCRIPT: | # {{ in a comment is no template
                        echo one
                        echo {{nme}} {{name}}
                    params:
                      name: string
                """),
            Error("PF0403", 11, 14, "Unknown variable 'nme' in 'env.SCRIPT' of tool 'run'")),
        Case(
            "PF0403 not reported for a parameter that failed to read",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: greet
                    command: echo
                    args: ["{{who}}"]
                    params:
                      who: { type: person }
                """),
            Error("PF0301", 10, 20, "Unknown type 'person' for 'who'")),
        Case(
            "PF0404 undeclared property, in a folded block scalar",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: weather
                    command: weather
                    env:
                      NOTE: >
                        city is
                        {{loc.town}}
                    params:
                      loc: { type: object, properties: { city: string } }
                """),
            Error("PF0404", 11, 9, "Bad path 'loc.town' in 'env.NOTE' of tool 'weather': 'loc' has no property 'town' (its properties are city)", exact: true)),
        Case(
            "PF0404 a step into a string or an array",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: greet
                    command: echo
                    args: ["{{name.first}}", "-f={{files.0}}", "{{loc.point.lat.x}}"]
                    params:
                      name: string
                      files: { type: array, items: string }
                      loc: { type: object, properties: { point: { type: object, properties: { lat: number } } } }
                """),
            Error("PF0404", 8, 13, "Bad path 'name.first' in 'args[0]' of tool 'greet': 'name' is a string, which has no members", exact: true),
            Error("PF0404", 8, 34, "Bad path 'files.0' in 'args[1]' of tool 'greet': 'files' is an array, which has no members"),
            Error("PF0404", 8, 49, "Bad path 'loc.point.lat.x' in 'args[2]' of tool 'greet': 'loc.point.lat' is a number, which has no members")),
        Case(
            "PF0405 environment references in args and cwd",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: deploy
                    command: deploy
                    args: ["--token=${TOKEN}"]
                    cwd: ${HOME}/work
                """),
            Error("PF0405", 8, 21, "Environment reference '${TOKEN}' in 'args[0]' of tool 'deploy' could reach the client; in a cli tool, environment references are allowed only in 'env' values", exact: true),
            Error("PF0405", 9, 10, "Environment reference '${HOME}' in 'cwd' of tool 'deploy' could reach the client")),
        Case(
            "PF0406 templated command",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: run
                    command: "{{program}}"
                    params:
                      program: string
                  - type: cli
                    name: run_env
                    command: run-${VARIANT}
                """),
            Error("PF0406", 7, 15, "'command' of tool 'run' must be a fixed program: it cannot hold a template ('{{' or '${'); pass values as 'args' elements", exact: true),
            Error("PF0406", 12, 18, "'command' of tool 'run_env' must be a fixed program")),
    ];

    [TestMethod]
    [DynamicData(nameof(Cases), DynamicDataDisplayName = nameof(DiagnosticCase.Name), DynamicDataDisplayNameDeclaringType = typeof(DiagnosticCase))]
    public void ReportsDiagnostic(string name, string yaml, string[] expected) => DiagnosticAssert.Reports(name, yaml, expected);
}
