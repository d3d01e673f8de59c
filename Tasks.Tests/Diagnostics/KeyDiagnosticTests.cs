using PForge.Tasks.Config;
using static PForge.Tasks.Tests.Diagnostics.DiagnosticCase;

namespace PForge.Tasks.Tests.Diagnostics;

/// <summary>PF0101..PF0105: required, unknown and unserved keys, and values of the wrong kind.</summary>
[TestClass]
public sealed class KeyDiagnosticTests
{
    public static IEnumerable<object[]> Cases =>
    [
        Case(
            "PF0101 missing forge.name",
            """
            forge:
              version: 1.0.0
            """,
            Error("PF0101", 2, 3, "Missing required key 'name' in 'forge'")),
        Case(
            "PF0101 missing forge",
            """
            tools: []
            """,
            Error("PF0101", 1, 1, "Missing required key 'forge' in the top level")),
        Case(
            "PF0101 missing tool type",
            Yaml.Server("""
                tools:
                  - name: greet
                """),
            Error("PF0101", 5, 5, "Missing required key 'type' in tool 'greet'")),
        Case(
            "PF0102 unknown key with a suggestion",
            Yaml.Server("""
                  descripton: A server
                """),
            Warning("PF0102", 4, 3, "Unknown key 'descripton' in 'forge' is ignored; did you mean 'description'?")),
        Case(
            "PF0102 unknown parameter key with a suggestion",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      who:
                        type: string
                        requird: true
                """),
            Warning("PF0102", 10, 9, "Unknown key 'requird' in parameter 'who' of tool 'greet' is ignored; did you mean 'required'?")),
        Case(
            "PF0102 unknown key without a close match",
            Yaml.Server("""
                  colour: red
                """),
            Warning("PF0102", 4, 3, "Unknown key 'colour' in 'forge' is ignored", exact: true)),
        Case(
            "PF0103 forge is not a mapping",
            """
            forge: calculator
            """,
            Error("PF0103", 1, 8, "'forge' must be a mapping of keys to values")),
        Case(
            "PF0103 tools is not a list",
            Yaml.Server("""
                tools: {}
                """),
            Error("PF0103", 4, 8, "'tools' must be a list")),
        Case(
            "PF0103 document is a list",
            """
            - forge
            """,
            Error("PF0103", 1, 1, "'pforge.yaml' must be a mapping with 'forge' and 'tools'")),
        Case(
            "PF0104 unknown transport",
            Yaml.Server("""
                  transport: carrier-pigeon
                """),
            Error("PF0104", 4, 14, "Invalid value 'carrier-pigeon' for 'transport': expected stdio or http")),
        Case(
            "PF0104 annotation that is not a boolean",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    annotations:
                      read_only: maybe
                """),
            Error("PF0104", 8, 18, "Invalid value 'maybe' for 'read_only': expected true or false")),
        Case(
            "PF0104 task that is not a boolean",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    task: later
                """),
            Error("PF0104", 7, 11, "Invalid value 'later' for 'task': expected true, false, optional or required")),
        Case(
            "PF0104 task_start that is neither call nor handler, or handler on a tool declared task: false",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    task: required
                    task_start: later
                  - type: native
                    name: plain
                    task: false
                    task_start: handler
                """),
            Error("PF0104", 8, 17, "Invalid value 'later' for 'task_start': expected call or handler", exact: true),
            Error("PF0104", 12, 17, "Invalid value 'handler' for 'task_start': expected call, for a tool declared task: false", exact: true)),
        Case(
            "PF0206 task_start: handler on a cli tool",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: ls
                    command: ls
                    task: optional
                    task_start: handler
                """),
            Error("PF0206", 9, 5, "'task_start' does not apply to a cli tool: only a native handler can call ContinueAsTask", exact: true)),
        Case(
            "PF0104 fractional bound of an integer",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      times:
                        type: integer
                        validation: { min: 0.5 }
                """),
            Error("PF0104", 10, 23, "Invalid value '0.5' for 'min': expected a whole number for an integer parameter")),
        Case(
            "PF0104 negative max_length",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      who:
                        type: string
                        max_length: -1
                """),
            Error("PF0104", 10, 21, "Invalid value '-1' for 'max_length': expected a whole number of 0 or more")),
        Case(
            "PF0105 forge.optimization",
            Yaml.Server("""
                  optimization: release
                """),
            Warning("PF0105", 4, 3, "'forge.optimization' is not served by this version of PForge yet and is ignored")),
        Case(
            "policies, resources, prompts and state are served",
            Yaml.Server("""
                resources:
                  - uri: "config://app"
                    name: app-config
                    text: "{}"
                prompts:
                  - name: review
                    template: Review this.
                state:
                  backend: memory
                policies:
                  timeout_ms: 30000
                """)),
        Case(
            "PF0105 empty sections are not reported",
            Yaml.Server("""
                resources:
                prompts: ~
                """)),
        Case(
            "PF0105 inline handler; a tool's timeout and retry are served",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    handler:
                      path: Handlers.GreetHandler
                      inline: "return 1"
                    timeout_ms: 1000
                    retry: { max_attempts: 3 }
                """),
            Warning("PF0105", 9, 7, "'handler.inline' is not served")),
    ];

    [TestMethod]
    [DynamicData(nameof(Cases), DynamicDataDisplayName = nameof(DiagnosticCase.Name), DynamicDataDisplayNameDeclaringType = typeof(DiagnosticCase))]
    public void ReportsDiagnostic(string name, string yaml, string[] expected) => DiagnosticAssert.Reports(name, yaml, expected);

    [TestMethod]
    public void LoaderReportsEveryProblemNotOnlyTheFirst()
    {
        var (config, diagnostics) = ConfigLoader.Load(
            """
            forge:
              version: 1.0.0
              transport: grpc
            tools:
              - type: native
                name: "bad name"
            """);
        Assert.IsNull(config);
        CollectionAssert.AreEqual(new[] { "PF0101", "PF0104", "PF0202" }, diagnostics.Select(d => d.Code).ToArray());
    }

    [TestMethod]
    [DataRow("http")]
    [DataRow("sse")]
    [DataRow("websocket")]
    public void TheRustTransportNamesAreServedByTheHttpServer(string transport)
    {
        var (config, diagnostics) = ConfigLoader.Load($"forge:\n  name: a\n  version: 1.0.0\n  transport: {transport}\n");
        Assert.IsEmpty(diagnostics, string.Join("\n", diagnostics));
        Assert.AreEqual("http", config!.Forge.Transport);
    }
}
