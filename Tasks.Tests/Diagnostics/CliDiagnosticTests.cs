using static PForge.Tasks.Tests.Diagnostics.DiagnosticCase;

namespace PForge.Tasks.Tests.Diagnostics;

/// <summary>cli tools: their command, args, env, limits and the keys that do not apply to them.</summary>
[TestClass]
public sealed class CliDiagnosticTests
{
    public static IEnumerable<object[]> Cases =>
    [
        Case(
            "PF0206 handler and output on a cli tool",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: list_dir
                    command: ls
                    handler: { path: Handlers.ListDir }
                    output: { listing: string }
                """),
            Error("PF0206", 8, 5, "'handler' does not apply to a cli tool: it runs its 'command'; there is no handler to write"),
            Error("PF0206", 9, 5, "'output' does not apply to a cli tool: its result is always {stdout, stderr, exit_code}")),
        Case(
            "PF0101 cli tool without command",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: list_dir
                    args: ["-la"]
                """),
            Error("PF0101", 5, 5, "Missing required key 'command' in tool 'list_dir'")),
        Case(
            "PF0104 empty command",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: list_dir
                    command: "  "
                """),
            Error("PF0104", 7, 14, "Invalid value '  ' for 'command': expected the name or path of a program")),
        Case(
            "PF0103 args that are not a list of text",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: list_dir
                    command: ls
                    args: ["-la", { path: "." }, [a]]
                  - type: cli
                    name: list_all
                    command: ls
                    args: -la
                """),
            Error("PF0103", 8, 19, "'args[1]' must be a text value"),
            Error("PF0103", 8, 34, "'args[2]' must be a text value"),
            Error("PF0103", 12, 11, "'args' must be a list")),
        Case(
            "PF0104 cli limits, stream and env names",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: list_dir
                    command: ls
                    env:
                      "A=B": x
                      LC_ALL: C
                      EMPTY: ~
                    timeout_ms: 0
                    stream: sometimes
                    max_output_bytes: 2147483648
                """),
            Error("PF0104", 9, 7, "Invalid value 'A=B' for 'env': expected an environment variable name: not empty, without '='"),
            Error("PF0103", 11, 14, "'env.EMPTY' must be a text value"),
            Error("PF0104", 12, 17, "Invalid value '0' for 'timeout_ms': expected a whole number from 1 to 2147483647"),
            Error("PF0104", 13, 13, "Invalid value 'sometimes' for 'stream': expected true or false"),
            Error("PF0104", 14, 23, "Invalid value '2147483648' for 'max_output_bytes': expected a whole number from 1 to 2147483647")),
        Case(
            "retry and timeout_ms of a cli tool are served",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: list_dir
                    command: ls
                    timeout_ms: 5000
                    retry: { max_attempts: 2 }
                """)),
        Case(
            "PF0102 unknown cli key with a suggestion",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: list_dir
                    command: ls
                    strem: true
                """),
            Warning("PF0102", 8, 5, "Unknown key 'strem' in tool 'list_dir' is ignored; did you mean 'stream'?")),
    ];

    [TestMethod]
    [DynamicData(nameof(Cases), DynamicDataDisplayName = nameof(DiagnosticCase.Name), DynamicDataDisplayNameDeclaringType = typeof(DiagnosticCase))]
    public void ReportsDiagnostic(string name, string yaml, string[] expected) => DiagnosticAssert.Reports(name, yaml, expected);
}
