using System.Reflection;
using PForge.Tasks.Config;

namespace PForge.Tasks.Tests;

/// <summary>
/// Every diagnostic a pforge.yaml can produce: a small input, and the exact code, severity, 1-based line and column,
/// and the key part of the message of each diagnostic it yields (all of them, in order).
/// </summary>
[TestClass]
public sealed class DiagnosticTests
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;
    private const DiagnosticSeverity Warning = DiagnosticSeverity.Warning;
    private const DiagnosticSeverity Info = DiagnosticSeverity.Info;

    public static IEnumerable<object[]> Cases =>
    [
        // ---- PF0001..PF0003: the YAML itself ----
        Case(
            "PF0001 unterminated quoted scalar",
            """
            forge:
              name: "calculator
              version: 1.0.0
            """,
            Expect("PF0001", Error, 2, 9, "YAML syntax error: While scanning a multi-line double-quoted scalar")),
        Case(
            "PF0001 key indented too far",
            """
            forge:
              name: calculator
               version: 1.0.0
            """,
            Expect("PF0001", Error, 3, 11, "YAML syntax error:")),
        Case(
            "PF0002 only a comment",
            """
            # nothing here yet
            """,
            Expect("PF0002", Error, 1, 1, "pforge.yaml is empty")),
        Case("PF0002 empty text", string.Empty, Expect("PF0002", Error, 1, 1, "needs at least a 'forge' section")),
        Case(
            "PF0003 duplicate key cites the first line",
            """
            forge:
              name: calculator
              version: 1.0.0
              name: calc
            """,
            Expect("PF0003", Error, 4, 3, "Key 'name' is given more than once (first at line 2)")),
        Case("PF0004 a file over 4 MiB", "forge: { name: x, version: 1.0.0 }\n#" + new string('x', 4 * 1024 * 1024),
            Expect("PF0004", Error, 1, 1, "pforge.yaml has 4,194,340 characters; the limit is 4,194,304", exactMessage: true)),
        Case("PF0005 nesting past 256 levels", "forge: { name: x, version: 1.0.0 }\ndeep: " + new string('[', 300) + new string(']', 300) + "\n",
            Expect("PF0005", Error, 2, 262, "pforge.yaml nests mappings and lists more than 256 levels deep", exactMessage: true)),
        Case(
            "PF0006 aliases standing for a million values",
            "forge: { name: x, version: 1.0.0 }\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
                + string.Concat(Enumerable.Range(1, 6).Select(i => $"l{i}: &l{i} [" + string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10)) + "]\n")),
            Expect("PF0006", Error, 7, 45, "pforge.yaml stands for more than 1,000,000 values once its aliases are expanded", exactMessage: true)),
        Case("PF0007 an alias inside its own anchor", "forge: { name: x, version: 1.0.0 }\n&a [*a]: x\n",
            Expect("PF0007", Error, 2, 5, "Alias '*a' stands for a node that contains it: pforge.yaml cannot hold a value that contains itself", exactMessage: true)),

        // ---- PF0101..PF0106: keys and sections ----
        Case(
            "PF0101 missing forge.name",
            """
            forge:
              version: 1.0.0
            """,
            Expect("PF0101", Error, 2, 3, "Missing required key 'name' in 'forge'")),
        Case(
            "PF0101 missing forge",
            """
            tools: []
            """,
            Expect("PF0101", Error, 1, 1, "Missing required key 'forge' in the top level")),
        Case(
            "PF0101 missing tool type",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - name: greet
            """,
            Expect("PF0101", Error, 5, 5, "Missing required key 'type' in tool 'greet'")),
        Case(
            "PF0102 unknown key with a suggestion",
            """
            forge:
              name: x
              version: 1.0.0
              descripton: A server
            """,
            Expect("PF0102", Warning, 4, 3, "Unknown key 'descripton' in 'forge' is ignored; did you mean 'description'?")),
        Case(
            "PF0102 unknown parameter key with a suggestion",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  who:
                    type: string
                    requird: true
            """,
            Expect("PF0102", Warning, 10, 9, "Unknown key 'requird' in parameter 'who' of tool 'greet' is ignored; did you mean 'required'?")),
        Case(
            "PF0102 unknown key without a close match",
            """
            forge:
              name: x
              version: 1.0.0
              colour: red
            """,
            Expect("PF0102", Warning, 4, 3, "Unknown key 'colour' in 'forge' is ignored", exactMessage: true)),
        Case(
            "PF0103 forge is not a mapping",
            """
            forge: calculator
            """,
            Expect("PF0103", Error, 1, 8, "'forge' must be a mapping of keys to values")),
        Case(
            "PF0103 tools is not a list",
            """
            forge:
              name: x
              version: 1.0.0
            tools: {}
            """,
            Expect("PF0103", Error, 4, 8, "'tools' must be a list")),
        Case(
            "PF0103 document is a list",
            """
            - forge
            """,
            Expect("PF0103", Error, 1, 1, "'pforge.yaml' must be a mapping with 'forge' and 'tools'")),
        Case(
            "PF0104 unknown transport",
            """
            forge:
              name: x
              version: 1.0.0
              transport: carrier-pigeon
            """,
            Expect("PF0104", Error, 4, 14, "Invalid value 'carrier-pigeon' for 'transport': expected stdio or http")),
        Case(
            "PF0104 annotation that is not a boolean",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                annotations:
                  read_only: maybe
            """,
            Expect("PF0104", Error, 8, 18, "Invalid value 'maybe' for 'read_only': expected true or false")),
        Case(
            "PF0104 fractional bound of an integer",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  times:
                    type: integer
                    validation: { min: 0.5 }
            """,
            Expect("PF0104", Error, 10, 23, "Invalid value '0.5' for 'min': expected a whole number for an integer parameter")),
        Case(
            "PF0104 negative max_length",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  who:
                    type: string
                    max_length: -1
            """,
            Expect("PF0104", Error, 10, 21, "Invalid value '-1' for 'max_length': expected a whole number of 0 or more")),
        Case(
            "PF0105 forge.optimization",
            """
            forge:
              name: x
              version: 1.0.0
              optimization: release
            """,
            Expect("PF0105", Warning, 4, 3, "'forge.optimization' is not served by this version of PForge yet and is ignored")),
        Case(
            "policies, resources, prompts and state are served",
            """
            forge:
              name: x
              version: 1.0.0
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
            """),
        Case(
            "PF0105 empty sections are not reported",
            """
            forge:
              name: x
              version: 1.0.0
            resources:
            prompts: ~
            """),
        Case(
            "PF0105 inline handler; a tool's timeout and retry are served",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                handler:
                  path: Handlers.GreetHandler
                  inline: "return 1"
                timeout_ms: 1000
                retry: { max_attempts: 3 }
            """,
            Expect("PF0105", Warning, 9, 7, "'handler.inline' is not served")),
        Case(
            "PF0106 websocket transport",
            """
            forge:
              name: x
              version: 1.0.0
              transport: websocket
            """,
            Expect("PF0106", Error, 4, 14, "Transport 'websocket' has no MCP standard transport; use 'http'")),

        // ---- PF0201..PF0205: tools ----
        Case(
            "PF0201 duplicate tool name cites the first line",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
              - type: native
                name: greet
            """,
            Expect("PF0201", Error, 8, 11, "Duplicate tool name 'greet' (first declared at line 6)")),
        Case(
            "PF0202 tool name with a space",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: "say hello"
            """,
            Expect("PF0202", Error, 6, 11, "Invalid tool name 'say hello': use 1 to 64 characters of A-Z, a-z, 0-9, '_', '-' and '.'")),
        Case(
            "PF0202 tool name of 65 characters",
            $"""
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: {new string('a', 65)}
            """,
            Expect("PF0202", Error, 6, 11, $"Invalid tool name '{new string('a', 65)}'")),
        Case(
            "PF0202 empty tool name",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: ""
            """,
            Expect("PF0202", Error, 6, 11, "Invalid tool name '':")),
        Case(
            "PF0203 unknown tool type",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: grpc
                name: greet
            """,
            Expect("PF0203", Error, 5, 11, "Unknown tool type 'grpc': expected native, cli, http or pipeline")),
        Case(
            "PF0701 unknown step tool",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: cli
                name: echo
                command: echo
              - type: pipeline
                name: report
                steps:
                  - tool: echo
                  - tool: ecko
            """,
            Expect("PF0701", Error, 12, 15, "Unknown tool 'ecko' in a step of pipeline 'report': the server's tools are echo, report", exactMessage: true)),
        Case(
            "PF0702 pipelines reaching themselves",
            """
            forge:
              name: x
              version: 1.0.0
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
            """,
            Expect("PF0702", Error, 8, 15, "Pipeline 'a' calls itself through its steps (a → b → a); a pipeline cannot reach itself", exactMessage: true),
            Expect("PF0702", Error, 12, 15, "Pipeline 'b' calls itself through its steps (b → a → b)"),
            Expect("PF0702", Error, 16, 15, "Pipeline 'self' calls itself through its steps (self → self)")),
        Case(
            "PF0703 variables not in scope",
            """
            forge:
              name: x
              version: 1.0.0
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
            """,
            Expect("PF0703", Error, 14, 25, "Unknown variable 'later' in 'steps[0].input.text' of pipeline 'report': the variables in scope here are city (parameters, and the 'output_var' of earlier steps)", exactMessage: true),
            Expect("PF0703", Error, 15, 20, "Unknown variable 'later' in the condition of steps[0] of pipeline 'report'"),
            Expect("PF0703", Error, 19, 36, "Unknown variable 'nope' in 'steps[2].input.nested.list[0]' of pipeline 'report': the variables in scope here are city, later")),
        Case(
            "PF0704 output variables that shadow, repeat or are no name",
            """
            forge:
              name: x
              version: 1.0.0
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
            """,
            Expect("PF0704", Error, 14, 21, "Invalid 'output_var' 'city' in pipeline 'report': it is a parameter of the pipeline; a step's output cannot replace it", exactMessage: true),
            Expect("PF0704", Error, 18, 21, "Invalid 'output_var' 'out' in pipeline 'report': an earlier step already keeps its output in it"),
            Expect("PF0704", Error, 20, 21, "Invalid 'output_var' 'a b' in pipeline 'report': a variable name is letters")),
        Case(
            "PF0705 malformed conditions",
            """
            forge:
              name: x
              version: 1.0.0
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
            """,
            Expect("PF0705", Error, 14, 24, "Malformed condition 'age = 3' in pipeline 'report': '=' is no operator; compare with '=='", exactMessage: true),
            Expect("PF0705", Error, 16, 21, "Malformed condition '(age > 3' in pipeline 'report': '(' without ')'"),
            Expect("PF0705", Error, 18, 30, "Malformed condition 'age > 3 &&' in pipeline 'report': a variable or a literal is missing at the end"),
            Expect("PF0705", Error, 20, 20, "Malformed condition '3' in pipeline 'report': a literal alone is no condition")),
        Case(
            "PF0706 unknown error policy",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: cli
                name: echo
                command: echo
              - type: pipeline
                name: report
                steps:
                  - tool: echo
                    error_policy: ignore
            """,
            Expect("PF0706", Error, 12, 23, "Invalid 'error_policy' 'ignore' in pipeline 'report': expected fail_fast (the default) or continue", exactMessage: true)),
        Case(
            "PF0707 empty steps, PF0101 no steps",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: pipeline
                name: report
                steps: []
              - type: pipeline
                name: other
            """,
            Expect("PF0707", Error, 7, 12, "Pipeline 'report' has no steps: 'steps' must list at least one step", exactMessage: true),
            Expect("PF0101", Error, 8, 5, "Missing required key 'steps' in tool 'other'")),
        Case(
            "PF0405 environment reference in a step input",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: cli
                name: echo
                command: echo
              - type: pipeline
                name: report
                steps:
                  - tool: echo
                    input: { token: "Bearer ${TOKEN}" }
            """,
            Expect("PF0405", Error, 12, 33, "Environment reference '${TOKEN}' in 'steps[0].input.token' of pipeline 'report' could reach the client; a pipeline's step input is sent to its step tool", exactMessage: false)),
        Case(
            "PF0206 handler and output of a pipeline",
            """
            forge:
              name: x
              version: 1.0.0
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
            """,
            Expect("PF0206", Error, 7, 5, "'handler' does not apply to a pipeline tool: it runs its 'steps'; there is no handler to write", exactMessage: true),
            Expect("PF0206", Error, 8, 5, "'output' does not apply to a pipeline tool: its result is always {results, variables}")),
        Case(
            "PF0205 handler path segment starting with a digit",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                handler:
                  path: Handlers.1Greet
            """,
            Expect("PF0205", Error, 8, 13, "Invalid handler path 'Handlers.1Greet': expected a C# type name")),

        Case(
            "PF0206 handler and output on a cli tool",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: cli
                name: list_dir
                command: ls
                handler: { path: Handlers.ListDir }
                output: { listing: string }
            """,
            Expect("PF0206", Error, 8, 5, "'handler' does not apply to a cli tool: it runs its 'command'; there is no handler to write"),
            Expect("PF0206", Error, 9, 5, "'output' does not apply to a cli tool: its result is always {stdout, stderr, exit_code}")),

        // ---- cli tools: keys ----
        Case(
            "PF0101 cli tool without command",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: cli
                name: list_dir
                args: ["-la"]
            """,
            Expect("PF0101", Error, 5, 5, "Missing required key 'command' in tool 'list_dir'")),
        Case(
            "PF0104 empty command",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: cli
                name: list_dir
                command: "  "
            """,
            Expect("PF0104", Error, 7, 14, "Invalid value '  ' for 'command': expected the name or path of a program")),
        Case(
            "PF0103 args that are not a list of text",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: cli
                name: list_dir
                command: ls
                args: ["-la", { path: "." }, [a]]
              - type: cli
                name: list_all
                command: ls
                args: -la
            """,
            Expect("PF0103", Error, 8, 19, "'args[1]' must be a text value"),
            Expect("PF0103", Error, 8, 34, "'args[2]' must be a text value"),
            Expect("PF0103", Error, 12, 11, "'args' must be a list")),
        Case(
            "PF0104 cli limits, stream and env names",
            """
            forge:
              name: x
              version: 1.0.0
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
            """,
            Expect("PF0104", Error, 9, 7, "Invalid value 'A=B' for 'env': expected an environment variable name: not empty, without '='"),
            Expect("PF0103", Error, 11, 14, "'env.EMPTY' must be a text value"),
            Expect("PF0104", Error, 12, 17, "Invalid value '0' for 'timeout_ms': expected a whole number from 1 to 2147483647"),
            Expect("PF0104", Error, 13, 13, "Invalid value 'sometimes' for 'stream': expected true or false"),
            Expect("PF0104", Error, 14, 23, "Invalid value '2147483648' for 'max_output_bytes': expected a whole number from 1 to 2147483647")),
        Case(
            "retry and timeout_ms of a cli tool are served",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: cli
                name: list_dir
                command: ls
                timeout_ms: 5000
                retry: { max_attempts: 2 }
            """),
        Case(
            "PF0102 unknown cli key with a suggestion",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: cli
                name: list_dir
                command: ls
                strem: true
            """,
            Expect("PF0102", Warning, 8, 5, "Unknown key 'strem' in tool 'list_dir' is ignored; did you mean 'stream'?")),

        // ---- PF0301..PF0311: parameters ----
        Case(
            "PF0301 unknown parameter type",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  who:
                    type: text
            """,
            Expect("PF0301", Error, 9, 15, "Unknown type 'text' for 'who': expected string, integer, number, boolean, array or object")),
        Case(
            "PF0301 unknown type in the short form",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  who: varchar
            """,
            Expect("PF0301", Error, 8, 12, "Unknown type 'varchar' for 'who'")),
        Case(
            "PF0302 default not matching the type",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  times:
                    type: integer
                    default: often
            """,
            Expect("PF0302", Error, 10, 18, "Default value of 'times' does not match its type 'integer'")),
        Case(
            "PF0302 quoted boolean default",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  loud:
                    type: boolean
                    default: "true"
            """,
            Expect("PF0302", Error, 10, 18, "Default value of 'loud' does not match its type 'boolean'")),
        Case(
            "PF0302 array default with an item of another type",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  counts:
                    type: array
                    items: integer
                    default: [1, two]
            """,
            Expect("PF0302", Error, 11, 18, "Default value of 'counts' does not match its type 'array'")),
        Case(
            "PF0303 enum value not matching the type",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  level:
                    type: integer
                    enum: [1, two, 3]
            """,
            Expect("PF0303", Error, 10, 19, "Enum value 'two' of 'level' does not match its type 'integer'")),
        Case(
            "PF0304 pattern on a number",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  ratio:
                    type: number
                    validation:
                      pattern: "^1"
            """,
            Expect("PF0304", Error, 11, 11, "Validation 'pattern' does not apply to 'ratio' of type 'number'")),
        Case(
            "PF0304 min on a string",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  who:
                    type: string
                    min: 3
            """,
            Expect("PF0304", Error, 10, 9, "Validation 'min' does not apply to 'who' of type 'string'")),
        Case(
            "PF0304 max_length on an integer",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  times:
                    type: integer
                    validation: { max_length: 3 }
            """,
            Expect("PF0304", Error, 10, 23, "Validation 'max_length' does not apply to 'times' of type 'integer'")),
        Case(
            "PF0304 enum on a boolean, items on an object, properties on a string",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  loud:
                    type: boolean
                    enum: [true]
                  options:
                    type: object
                    items: string
                  who:
                    type: string
                    properties: { first: string }
            """,
            Expect("PF0304", Error, 10, 9, "Validation 'enum' does not apply to 'loud' of type 'boolean'"),
            Expect("PF0304", Error, 13, 9, "Validation 'items' does not apply to 'options' of type 'object'"),
            Expect("PF0304", Error, 16, 9, "Validation 'properties' does not apply to 'who' of type 'string'")),
        Case(
            "PF0305 min greater than max",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  times:
                    type: integer
                    validation: { min: 10, max: 1 }
            """,
            Expect("PF0305", Error, 10, 23, "Validation of 'times' can never pass: min 10 is greater than max 1")),
        Case(
            "PF0305 min_length greater than max_length",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  who:
                    type: string
                    min_length: 5
                    max_length: 2
            """,
            Expect("PF0305", Error, 10, 9, "Validation of 'who' can never pass: min_length 5 is greater than max_length 2")),
        Case(
            "PF0306 invalid regex",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  who:
                    type: string
                    pattern: "[a-"
            """,
            Expect("PF0306", Error, 10, 9, "Invalid pattern for 'who': Invalid pattern '[a-'")),
        Case(
            "PF0307 default outside the enum",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  tone:
                    type: string
                    enum: [formal, casual]
                    default: rude
            """,
            Expect("PF0307", Error, 11, 18, "Default value of 'tone' violates its own rules: rude is not one of formal, casual")),
        Case(
            "PF0307 default below min",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  times:
                    type: integer
                    default: 0
                    validation: { min: 1, max: 5 }
            """,
            Expect("PF0307", Error, 10, 18, "Default value of 'times' violates its own rules: 0 is less than min 1")),
        Case(
            "PF0307 default above max",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  ratio:
                    type: number
                    default: 1.5
                    max: 1
            """,
            Expect("PF0307", Error, 10, 18, "Default value of 'ratio' violates its own rules: 1.5 is greater than max 1")),
        Case(
            "PF0307 default not matching the pattern",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  code:
                    type: string
                    pattern: "^[a-z]+$"
                    default: ABC
            """,
            Expect("PF0307", Error, 11, 18, "Default value of 'code' violates its own rules: 'ABC' does not match pattern '^[a-z]+$'")),
        Case(
            "PF0307 default with a final newline: '$' is the end of the text, as in ECMA-262",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  code:
                    type: string
                    pattern: "^[a-z]+$"
                    default: "abc\n"
            """,
            Expect("PF0307", Error, 11, 18, "Default value of 'code' violates its own rules: 'abc\n' does not match pattern '^[a-z]+$'")),
        Case(
            "PF0307 default of Arabic-Indic digits: '\\d' is ASCII, as in ECMA-262",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  pin:
                    type: string
                    pattern: "^\\d+$"
                    default: "١٢٣"
            """,
            Expect("PF0307", Error, 11, 18, "Default value of 'pin' violates its own rules: '١٢٣' does not match pattern '^\\d+$'")),
        Case(
            "PF0307 default longer than max_length, counted in code points",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  letter:
                    type: string
                    max_length: 1
                    default: "e\u0301"
            """,
            Expect("PF0307", Error, 11, 18, "Default value of 'letter' violates its own rules: its length 2 is greater than max_length 1")),
        Case(
            "PF0307 array default with too many items",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  tags:
                    type: array
                    items: string
                    max_length: 1
                    default: [a, b]
            """,
            Expect("PF0307", Error, 12, 18, "Default value of 'tags' violates its own rules: its length 2 is greater than max_length 1")),
        Case(
            "PF0307 array default with an item breaking the item rules",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  counts:
                    type: array
                    items: { type: integer, validation: { max: 5 } }
                    default: [1, 9]
            """,
            Expect("PF0307", Error, 11, 18, "Default value of 'counts' violates its own rules: item 1: 9 is greater than max 5")),
        Case(
            "PF0308 parameter name without a letter or digit",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  "--": string
            """,
            Expect("PF0308", Error, 8, 7, "Invalid name '--': a parameter or output field name needs at least one letter or digit")),
        Case(
            "PF0309 required with default",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  who:
                    type: string
                    required: true
                    default: world
            """,
            Expect("PF0309", Warning, 11, 9, "'who' is required, so its default is never used")),
        Case(
            "PF0310 empty enum",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  tone:
                    type: string
                    enum: []
            """,
            Expect("PF0310", Error, 10, 15, "'enum' of 'tone' is empty: no value could ever pass")),
        Case(
            "PF0311 object default",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  person:
                    type: object
                    properties:
                      first: string
                    default: { first: Ada }
            """,
            Expect("PF0311", Error, 12, 9, "'person' is an object with declared properties, which cannot take a whole default")),
        Case(
            "PF0311 default of an array of records",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  people:
                    type: array
                    items: { type: object, properties: { first: string } }
                    default: []
            """,
            Expect("PF0311", Error, 11, 9, "'people' is an object with declared properties")),

        Case(
            "PF0312 examples checked like arguments: type, enum, rules, items and members",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  times: { type: integer, examples: [3, 2.5, 0], validation: { min: 1 } }
                  tone: { type: string, enum: [formal, casual], examples: [casual, rude] }
                  code: { type: string, examples: [abc, ABC], validation: { pattern: "^[a-z]+$" } }
                  tags: { type: array, items: { type: string, min_length: 2 }, examples: [[ok, x]] }
                  person: { type: object, properties: { first: string, age: integer }, examples: [{ first: Ada, age: 36 }, { age: 1 }, { first: Bo, age: old }] }
            """,
            Expect("PF0312", Error, 8, 45, "Example value of 'times' is not a valid argument: it is not an integer", exactMessage: true),
            Expect("PF0312", Error, 8, 50, "Example value of 'times' is not a valid argument: 0 is less than min 1", exactMessage: true),
            Expect("PF0312", Error, 9, 72, "Example value of 'tone' is not a valid argument: rude is not one of formal, casual", exactMessage: true),
            Expect("PF0312", Error, 10, 45, "Example value of 'code' is not a valid argument: 'ABC' does not match pattern '^[a-z]+$'", exactMessage: true),
            Expect("PF0312", Error, 11, 79, "Example value of 'tags' is not a valid argument: item 1: its length 1 is less than min_length 2", exactMessage: true),
            Expect("PF0312", Error, 12, 112, "Example value of 'person' is not a valid argument: it lacks the required member 'first'", exactMessage: true),
            Expect("PF0312", Error, 12, 124, "Example value of 'person' is not a valid argument: member 'age': it is not an integer", exactMessage: true)),
        Case(
            "PF0103 examples must be a list",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  who: { type: string, examples: Ada }
            """,
            Expect("PF0103", Error, 8, 38, "'examples' must be a list", exactMessage: true)),
        Case(
            "PF0313 example_arguments on a tool with params",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                example_arguments: { who: Ada }
                params:
                  who: { type: string, required: true }
            """,
            Expect("PF0313", Error, 7, 5, "'example_arguments' of tool 'greet' is for a tool whose input is a raw 'input_schema'; give each parameter 'examples:' instead", exactMessage: true)),
        Case(
            "PF0103 example_arguments must be an object",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: echo
                input_schema: { type: object }
                example_arguments: '[1, 2]'
            """,
            Expect("PF0103", Error, 8, 24, "'example_arguments' must be a mapping (or a string holding a JSON object) of the arguments to send", exactMessage: true)),

        // ---- PF0401..PF0406: templates (the position is the '{{' or '${' of the expression) ----
        Case(
            "PF0401 unclosed {{ in a plain scalar",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: cli
                name: list_dir
                command: ls
                args:
                  - --path={{path
                params:
                  path: string
            """,
            Expect("PF0401", Error, 9, 16, "Unclosed '{{' in 'args[0]' of tool 'list_dir': the expression must end with '}}'", exactMessage: true)),
        Case(
            "PF0401 unclosed ${ in a double-quoted scalar",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: cli
                name: call_api
                command: curl
                env:
                  AUTH: "Bearer ${TOKEN"
            """,
            Expect("PF0401", Error, 9, 21, "Unclosed '${' in 'env.AUTH' of tool 'call_api': the expression must end with '}'", exactMessage: true)),
        Case(
            "PF0402 malformed expression in a single-quoted flow item",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: cli
                name: list_dir
                command: ls
                args: ['{{ a b }}']
            """,
            Expect("PF0402", Error, 8, 13, "Malformed template expression '{{ a b }}' in 'args[0]' of tool 'list_dir': expected {{param}}, {{param.field}}, {{json param}} or {{\"text\"}}", exactMessage: true)),
        Case(
            "PF0402 empty and malformed expressions, each at its own column",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: cli
                name: list_dir
                command: ls
                env:
                  A: x{{}}y${}z${1X:-a}w{{.Name}}
            """,
            Expect("PF0402", Error, 9, 11, "Malformed template expression '{{}}' in 'env.A' of tool 'list_dir'"),
            Expect("PF0402", Error, 9, 16, "Malformed template expression '${}' in 'env.A' of tool 'list_dir': expected ${NAME} or ${NAME:-fallback}"),
            Expect("PF0402", Error, 9, 20, "Malformed template expression '${1X:-a}' in 'env.A'"),
            Expect("PF0402", Error, 9, 29, "Malformed template expression '{{.Name}}' in 'env.A'")),
        Case(
            "PF0403 unknown variable after an escape in a double-quoted scalar",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: cli
                name: greet
                command: echo
                args: ["a\tb {{nme}}"]
                params:
                  name: string
            """,
            Expect("PF0403", Error, 8, 18, "Unknown variable 'nme' in 'args[0]' of tool 'greet': the tool's parameters are name", exactMessage: true)),
        Case(
            "PF0403 unknown variable on the second line of a plain scalar",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: cli
                name: greet
                command: echo
                args:
                  - first line
                    then {{nme}}
            """,
            Expect("PF0403", Error, 10, 14, "Unknown variable 'nme' in 'args[0]' of tool 'greet': the tool has no parameters", exactMessage: true)),
        Case(
            "PF0403 in a literal block scalar whose header comment holds {{",
            """
            forge:
              name: x
              version: 1.0.0
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
            """,
            Expect("PF0403", Error, 11, 14, "Unknown variable 'nme' in 'env.SCRIPT' of tool 'run'")),
        Case(
            "PF0403 not reported for a parameter that failed to read",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: cli
                name: greet
                command: echo
                args: ["{{who}}"]
                params:
                  who: { type: person }
            """,
            Expect("PF0301", Error, 10, 20, "Unknown type 'person' for 'who'")),
        Case(
            "PF0404 undeclared property, in a folded block scalar",
            """
            forge:
              name: x
              version: 1.0.0
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
            """,
            Expect("PF0404", Error, 11, 9, "Bad path 'loc.town' in 'env.NOTE' of tool 'weather': 'loc' has no property 'town' (its properties are city)", exactMessage: true)),
        Case(
            "PF0404 a step into a string or an array",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: cli
                name: greet
                command: echo
                args: ["{{name.first}}", "-f={{files.0}}", "{{loc.point.lat.x}}"]
                params:
                  name: string
                  files: { type: array, items: string }
                  loc: { type: object, properties: { point: { type: object, properties: { lat: number } } } }
            """,
            Expect("PF0404", Error, 8, 13, "Bad path 'name.first' in 'args[0]' of tool 'greet': 'name' is a string, which has no members", exactMessage: true),
            Expect("PF0404", Error, 8, 34, "Bad path 'files.0' in 'args[1]' of tool 'greet': 'files' is an array, which has no members"),
            Expect("PF0404", Error, 8, 49, "Bad path 'loc.point.lat.x' in 'args[2]' of tool 'greet': 'loc.point.lat' is a number, which has no members")),
        Case(
            "PF0405 environment references in args and cwd",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: cli
                name: deploy
                command: deploy
                args: ["--token=${TOKEN}"]
                cwd: ${HOME}/work
            """,
            Expect("PF0405", Error, 8, 21, "Environment reference '${TOKEN}' in 'args[0]' of tool 'deploy' could reach the client; in a cli tool, environment references are allowed only in 'env' values", exactMessage: true),
            Expect("PF0405", Error, 9, 10, "Environment reference '${HOME}' in 'cwd' of tool 'deploy' could reach the client")),
        Case(
            "PF0406 templated command",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: cli
                name: run
                command: "{{program}}"
                params:
                  program: string
              - type: cli
                name: run_env
                command: run-${VARIANT}
            """,
            Expect("PF0406", Error, 7, 15, "'command' of tool 'run' must be a fixed program: it cannot hold a template ('{{' or '${'); pass values as 'args' elements", exactMessage: true),
            Expect("PF0406", Error, 12, 18, "'command' of tool 'run_env' must be a fixed program")),

        // ---- http tools ----
        Case(
            "PF0206 handler and output on an http tool",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: http
                name: get_user
                endpoint: https://api.example.com/users
                handler: { path: Handlers.GetUser }
                output: { login: string }
            """,
            Expect("PF0206", Error, 8, 5, "'handler' does not apply to an http tool: it sends the request its YAML declares; there is no handler to write"),
            Expect("PF0206", Error, 9, 5, "'output' does not apply to an http tool: its result is the response body, whose shape no schema fixes")),
        Case(
            "PF0101 http tool without endpoint",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: http
                name: get_user
            """,
            Expect("PF0101", Error, 5, 5, "Missing required key 'endpoint' in tool 'get_user'")),
        Case(
            "PF0405 environment references in endpoint, query and body",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: http
                name: send
                method: POST
                endpoint: "https://api.example.com/items/${ITEM}"
                query: { key: "${API_KEY}" }
                body: '{"token": "${TOKEN}"}'
                headers: { X-Ok: "${FINE}" }
            """,
            Expect("PF0405", Error, 8, 46, "Environment reference '${ITEM}' in 'endpoint' of tool 'send' could reach the client; in an http tool, environment references are allowed only in 'headers' values and 'auth' fields", exactMessage: true),
            Expect("PF0405", Error, 9, 20, "Environment reference '${API_KEY}' in 'query.key' of tool 'send' could reach the client"),
            Expect("PF0405", Error, 10, 23, "Environment reference '${TOKEN}' in 'body' of tool 'send' could reach the client")),
        Case(
            "PF0403 unknown variable in an http header",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: http
                name: get
                endpoint: https://api.example.com/
                headers: { X-User: "{{usr}}" }
                params: { user: string }
            """,
            Expect("PF0403", Error, 8, 25, "Unknown variable 'usr' in 'headers.X-User' of tool 'get': the tool's parameters are user")),
        Case(
            "PF0601 templated host, scheme and env host",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: http
                name: a
                endpoint: "https://{{host}}/users"
                params: { host: string }
              - type: http
                name: b
                endpoint: "{{url}}"
                params: { url: string }
              - type: http
                name: c
                endpoint: "https://api.example.com:{{port}}/x"
                params: { port: integer }
              - type: http
                name: d
                endpoint: "${BASE_URL}/x"
            """,
            Expect("PF0601", Error, 7, 24, "The scheme and host of 'endpoint' of tool 'a' must be fixed: a template there lets a client send the request (and its credentials) to another host; write the host literally, or set 'dynamic_host: true' to allow it", exactMessage: true),
            Expect("PF0601", Error, 11, 16, "The scheme and host of 'endpoint' of tool 'b' must be fixed"),
            Expect("PF0601", Error, 15, 40, "The scheme and host of 'endpoint' of tool 'c' must be fixed"),
            Expect("PF0601", Error, 19, 16, "The scheme and host of 'endpoint' of tool 'd' must be fixed")),
        Case(
            "PF0601 dynamic_host still keeps the scheme fixed",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: http
                name: a
                endpoint: "https://{{region}}.api.example.com/users"
                dynamic_host: true
                params: { region: string }
              - type: http
                name: b
                endpoint: "{{scheme}}://api.example.com/users"
                dynamic_host: true
                params: { scheme: string }
            """,
            Expect("PF0601", Error, 12, 16, "The scheme and host of 'endpoint' of tool 'b' must be fixed")),
        Case(
            "PF0602 endpoint not an absolute http URL",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: http
                name: a
                endpoint: /users/{{id}}
                params: { id: string }
              - type: http
                name: b
                endpoint: ftp://files.example.com/x
              - type: http
                name: c
                endpoint: "https://user:pass@api.example.com/x"
              - type: http
                name: d
                endpoint: "https:///x"
            """,
            Expect("PF0602", Error, 7, 15, "'endpoint' of tool 'a' must be an absolute http or https URL such as 'https://api.example.com/items/{{id}}', not '/users/{{id}}'", exactMessage: true),
            Expect("PF0602", Error, 11, 15, "'endpoint' of tool 'b' must be an absolute http or https URL"),
            Expect("PF0602", Error, 14, 15, "'endpoint' of tool 'c' must be an absolute http or https URL"),
            Expect("PF0602", Error, 17, 15, "'endpoint' of tool 'd' must be an absolute http or https URL")),
        Case(
            "PF0603 lowercase and unknown methods",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: http
                name: a
                method: get
                endpoint: https://api.example.com/
              - type: http
                name: b
                method: HEAD
                endpoint: https://api.example.com/
            """,
            Expect("PF0603", Error, 7, 13, "Invalid method 'get' for tool 'a': expected GET, POST, PUT, DELETE or PATCH, in uppercase", exactMessage: true),
            Expect("PF0603", Error, 11, 13, "Invalid method 'HEAD' for tool 'b'")),
        Case(
            "PF0604 literal secrets in auth",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: http
                name: a
                endpoint: https://api.example.com/
                auth: { type: bearer, token: abc123 }
              - type: http
                name: b
                endpoint: https://api.example.com/
                auth: { type: basic, username: admin, password: hunter2 }
              - type: http
                name: c
                endpoint: https://api.example.com/
                auth:
                  type: apikey
                  header: X-Api-Key
                  key: "k-${SUFFIX}"
              - type: http
                name: d
                endpoint: https://api.example.com/
                auth: { type: apikey, header: X-Api-Key, key: "literal" }
            """,
            Expect("PF0604", Warning, 8, 34, "'auth.token' of tool 'a' is written in pforge.yaml, where anyone who reads the file or the built server sees it; read it from the environment with '${NAME}' instead", exactMessage: true),
            Expect("PF0604", Warning, 12, 53, "'auth.password' of tool 'b' is written in pforge.yaml"),
            Expect("PF0604", Warning, 23, 51, "'auth.key' of tool 'd' is written in pforge.yaml")),
        Case(
            "PF0605 body on GET and DELETE",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: http
                name: a
                endpoint: https://api.example.com/
                body: '{}'
              - type: http
                name: b
                method: DELETE
                endpoint: https://api.example.com/
                body: '{}'
            """,
            Expect("PF0605", Error, 8, 5, "Tool 'a' sends GET, which carries no 'body'; a body goes with POST, PUT or PATCH", exactMessage: true),
            Expect("PF0605", Error, 13, 5, "Tool 'b' sends DELETE, which carries no 'body'")),
        Case(
            "PF0104 bad auth type, header names and limits of an http tool",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: http
                name: a
                endpoint: https://api.example.com/
                auth: { type: oauth, token: "${T}" }
                headers: { "Bad Header": x }
                timeout_ms: 0
                max_response_bytes: -1
            """,
            Expect("PF0104", Error, 9, 16, "Invalid value 'Bad Header' for 'headers'"),
            Expect("PF0104", Error, 8, 19, "Invalid value 'oauth' for 'auth.type': expected bearer, basic or apikey"),
            Expect("PF0102", Warning, 8, 26, "Unknown key 'token' in 'auth' of tool 'a'"),
            Expect("PF0104", Error, 10, 17, "Invalid value '0' for 'timeout_ms'"),
            Expect("PF0104", Error, 11, 25, "Invalid value '-1' for 'max_response_bytes'")),

        // ---- PF1001: C# names ----
        Case(
            "PF1001 parameters my-param and my_param",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                params:
                  my-param: string
                  my_param: string
            """,
            Expect("PF1001", Error, 9, 7, "'my_param' and 'my-param' both become the C# name 'MyParam'; rename one of them")),
        Case(
            "PF1001 tools get-user and get_user",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: get-user
              - type: native
                name: get_user
            """,
            Expect("PF1001", Error, 8, 11, "'get_user' and 'get-user' both become the C# name 'GetUser'; rename one of them")),
        Case(
            "PF1001 two tools with the same handler",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: add
                handler: { path: Handlers.MathHandler }
              - type: native
                name: subtract
                handler: { path: Handlers.MathHandler }
            """,
            Expect("PF1001", Error, 10, 22, "'subtract' and 'add' both become the C# name 'global::App.Handlers.MathHandler'")),
        Case(
            "PF1001 output fields",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: greet
                output:
                  Total: integer
                  total: integer
            """,
            Expect("PF1001", Error, 9, 7, "'total' and 'Total' both become the C# name 'Total'")),
        Case(
            "PF1001 a nested record and another tool's input record",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: a
                params:
                  input: { type: object, properties: { x: integer } }
              - type: native
                name: a_input
            """,
            Expect("PF1001", Error, 10, 11, "'a_input' and 'input' both become the C# name 'AInputInput'; rename one of them")),

        // ---- PF1003: no C# name ----
        Case(
            "PF1003 a tool name of punctuation only",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: "-"
            """,
            Expect("PF1003", Error, 6, 11, "Tool name '-' has no letter or digit to make C# names from; add one")),

        // ---- PF1004: a tool the generated requests file leaves out (a note; the build goes on) ----
        Case(
            "PF1004 a required pattern too hard to satisfy, and a raw input_schema without example_arguments",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: lookup
                params:
                  id: { type: string, required: true, validation: { pattern: "^(?=.*[0-9])[a-z0-9]{8}$" } }
                  slug: { type: string, required: true, validation: { pattern: "^[a-z0-9-]{3,32}$" } }
              - type: native
                name: echo
                input_schema: { type: object }
            """,
            Expect("PF1004", Info, 8, 7, "Tool 'lookup' is left out of the generated requests file pforge.requests.jsonl (the perf gate's and benchmarks' workload): no value of 'id' could be built to match its pattern '^(?=.*[0-9])[a-z0-9]{8}$'; give 'id' 'examples:' (a list of valid values; the first is sent)", exactMessage: true),
            Expect("PF1004", Info, 11, 11, "Tool 'echo' is left out of the generated requests file pforge.requests.jsonl (the perf gate's and benchmarks' workload): its input is a raw 'input_schema', whose arguments PForge cannot build; give the tool 'example_arguments:' (a mapping of the arguments to send)", exactMessage: true)),

        // ---- forge.transport, forge.http and forge.page_size ----
        Case(
            "PF0104 forge.http settings out of range",
            """
            forge:
              name: x
              version: 1.0.0
              http:
                port: 70000
                path: mcp
                allowed_origins: [https://app.example.com/path, "*"]
                session_idle_timeout_s: 0
                max_sessions: -1
                max_request_body_bytes: lots
                host: "bad host"
            """,
            Expect("PF0104", Error, 11, 11, "Invalid value 'bad host' for 'host': expected an IP address or host name"),
            Expect("PF0104", Error, 5, 11, "Invalid value '70000' for 'port': expected a port from 1 to 65535", exactMessage: true),
            Expect("PF0104", Error, 6, 11, "Invalid value 'mcp' for 'path': expected a URL path starting with '/'"),
            Expect("PF0104", Error, 7, 23, "Invalid value 'https://app.example.com/path' for 'allowed_origins': expected an origin"),
            Expect("PF0104", Error, 7, 53, "Invalid value '*' for 'allowed_origins'"),
            Expect("PF0104", Error, 8, 29, "Invalid value '0' for 'session_idle_timeout_s': expected a whole number from 1 to 2147483647"),
            Expect("PF0104", Error, 9, 19, "Invalid value '-1' for 'max_sessions'"),
            Expect("PF0104", Error, 10, 29, "Invalid value 'lots' for 'max_request_body_bytes'")),
        Case(
            "PF0104 page_size of zero, PF0102 unknown http key",
            """
            forge:
              name: x
              version: 1.0.0
              page_size: 0
              http: { prot: 8080 }
            """,
            Expect("PF0102", Warning, 5, 11, "Unknown key 'prot' in 'forge.http' is ignored", exactMessage: true),
            Expect("PF0104", Error, 4, 14, "Invalid value '0' for 'page_size': expected a whole number from 1 to 2147483647", exactMessage: true)),
        Case(
            "PF0104 message size limit and slow-client bounds out of range",
            """
            forge:
              name: x
              version: 1.0.0
              max_message_bytes: 100
              http:
                max_request_body_bytes: 2147483647
                request_headers_timeout_s: 0
                min_request_body_bytes_per_s: -1
                request_body_grace_s: 1
            """,
            Expect("PF0104", Error, 6, 29, "Invalid value '2147483647' for 'max_request_body_bytes': expected a whole number of bytes from 1024 (1 KiB) to 1073741824 (1 GiB)", exactMessage: true),
            Expect("PF0104", Error, 7, 32, "Invalid value '0' for 'request_headers_timeout_s': expected a whole number of seconds from 1 to 3600", exactMessage: true),
            Expect("PF0104", Error, 8, 35, "Invalid value '-1' for 'min_request_body_bytes_per_s': expected a whole number of bytes per second from 0 (no minimum) to 2147483647", exactMessage: true),
            Expect("PF0104", Error, 9, 27, "Invalid value '1' for 'request_body_grace_s': expected a whole number of seconds from 2 to 3600 (the rate is checked once a second)", exactMessage: true),
            Expect("PF0104", Error, 4, 22, "Invalid value '100' for 'max_message_bytes': expected a whole number of bytes from 1024 (1 KiB) to 1073741824 (1 GiB)", exactMessage: true)),
        Case(
            "PF0104 a message size limit that is not a whole number",
            """
            forge:
              name: x
              version: 1.0.0
              max_message_bytes: 16MiB
              http: { max_request_body_bytes: 1073741825 }
            """,
            Expect("PF0104", Error, 5, 35, "Invalid value '1073741825' for 'max_request_body_bytes'"),
            Expect("PF0104", Error, 4, 22, "Invalid value '16MiB' for 'max_message_bytes': expected a whole number of bytes from 1024 (1 KiB) to 1073741824 (1 GiB)", exactMessage: true)),
        Case(
            "PF2003 http transport without the HTTP host",
            """
            forge:
              name: x
              version: 1.0.0
              transport: sse
            """,
            Expect("PF2003", Error, 4, 14, "forge.transport is http but the HTTP transport is not compiled in: set <PForgeHttp>true</PForgeHttp>", exactMessage: true)),

        // ---- input_schema ----
        Case(
            "PF0207 input_schema with params",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: raw
                params: { a: string }
                input_schema: { type: object }
            """,
            Expect("PF0207", Error, 8, 5, "Tool 'raw' has both 'input_schema' and 'params': the input is one or the other", exactMessage: true)),
        Case(
            "PF0208 input_schema whose type is not object",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: raw
                input_schema:
                  type: array
            """,
            Expect("PF0208", Error, 8, 7, "'input_schema' of tool 'raw' must be a JSON Schema object whose 'type' is \"object\": its 'type' is \"array\"", exactMessage: true)),
        Case(
            "PF0208 input_schema text that is not JSON, and one without type",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: native
                name: raw
                input_schema: '{"type": "object",}'
              - type: native
                name: raw2
                input_schema: '{"properties": {}}'
              - type: native
                name: raw3
                input_schema: '[1]'
            """,
            Expect("PF0208", Error, 7, 19, "'input_schema' of tool 'raw' must be a JSON Schema object whose 'type' is \"object\": the text is not JSON"),
            Expect("PF0208", Error, 10, 19, "'input_schema' of tool 'raw2' must be a JSON Schema object whose 'type' is \"object\": it has no 'type'", exactMessage: true),
            Expect("PF0208", Error, 13, 19, ": it is not an object")),
        Case(
            "PF0206 input_schema on a cli tool",
            """
            forge:
              name: x
              version: 1.0.0
            tools:
              - type: cli
                name: ls
                command: ls
                input_schema: { type: object }
            """,
            Expect("PF0206", Error, 8, 5, "'input_schema' does not apply to a cli tool: its input is checked against its 'params'")),

        // ---- PF0801..PF0811: resources ----
        Case(
            "PF0801 resource without uri, PF0101 without name",
            """
            forge:
              name: x
              version: 1.0.0
            resources:
              - name: a
                text: hello
              - uri: test://b
                text: hello
            """,
            Expect("PF0801", Error, 5, 5, "Resource 'a' needs 'uri' (a static resource) or 'uri_template' (a template)", exactMessage: true),
            Expect("PF0101", Error, 7, 5, "Missing required key 'name' in a resource", exactMessage: true)),
        Case(
            "PF0801 resource with uri and uri_template",
            """
            forge:
              name: x
              version: 1.0.0
            resources:
              - uri: test://a
                uri_template: test://{id}
                name: a
                handler: { path: Handlers.A }
            """,
            Expect("PF0801", Error, 6, 5, "Resource 'a' has both 'uri' and 'uri_template': a resource is static or a template, not both", exactMessage: true)),
        Case(
            "PF0802 duplicate uri, PF0803 duplicate name",
            """
            forge:
              name: x
              version: 1.0.0
            resources:
              - { uri: test://a, name: a, text: one }
              - { uri: test://a, name: b, text: two }
              - { uri: test://c, name: a, text: three }
            """,
            Expect("PF0802", Error, 6, 12, "Duplicate resource URI 'test://a' (first declared at line 5)", exactMessage: true),
            Expect("PF0803", Error, 7, 28, "Duplicate resource name 'a' (first declared at line 5)", exactMessage: true)),
        Case(
            "PF0804 static resource with no content, and with text and blob",
            """
            forge:
              name: x
              version: 1.0.0
            resources:
              - uri: test://a
                name: a
              - uri: test://b
                name: b
                text: hello
                blob: aGVsbG8=
            """,
            Expect("PF0804", Error, 5, 5, "Static resource 'a' needs exactly one of 'text', 'blob', 'file' or 'handler'", exactMessage: true),
            Expect("PF0804", Error, 10, 5, "Static resource 'b' has 'text' and 'blob': give exactly one of 'text', 'blob', 'file' or 'handler'", exactMessage: true)),
        Case(
            "PF0805 blob that is not base64",
            """
            forge:
              name: x
              version: 1.0.0
            resources:
              - uri: test://a
                name: a
                blob: "not base64!"
            """,
            Expect("PF0805", Error, 7, 11, "'blob' of resource 'a' is not valid base64", exactMessage: true)),
        Case(
            "PF0806 file not found",
            """
            forge:
              name: x
              version: 1.0.0
            resources:
              - uri: docs://readme
                name: readme
                file: does-not-exist/README.md
            """,
            Expect("PF0806", Error, 7, 11, "File 'does-not-exist/README.md' of resource 'readme' was not found (the path is relative to the project folder)", exactMessage: true)),
        Case(
            "PF0807 template without handler, and with text",
            """
            forge:
              name: x
              version: 1.0.0
            resources:
              - uri_template: "test://items/{id}"
                name: item
              - uri_template: "test://users/{id}"
                name: user
                text: hello
                handler: { path: Handlers.User }
            """,
            Expect("PF0807", Error, 5, 5, "Resource template 'item' needs a 'handler': its contents are computed when a URI of it is read", exactMessage: true),
            Expect("PF0807", Error, 9, 5, "Resource template 'user' cannot have 'text': a template's contents come from its 'handler'", exactMessage: true)),
        Case(
            "PF0808 URI template operators, lists and modifiers",
            """
            forge:
              name: x
              version: 1.0.0
            resources:
              - uri_template: "file:///{+path}"
                name: a
                handler: { path: Handlers.A }
              - uri_template: test://search{?q}
                name: b
                handler: { path: Handlers.B }
              - uri_template: test://{a,b}
                name: c
                handler: { path: Handlers.C }
              - uri_template: test://{list*}
                name: d
                handler: { path: Handlers.D }
            """,
            Expect("PF0808", Error, 5, 28, "Unsupported expression '{+path}' in 'uri_template' of resource 'a': the operator '+' is RFC 6570 level 2 or 3; only {name} (RFC 6570 level 1) is served", exactMessage: true),
            Expect("PF0808", Error, 8, 32, "Unsupported expression '{?q}' in 'uri_template' of resource 'b': the operator '?' is RFC 6570 level 2 or 3"),
            Expect("PF0808", Error, 11, 26, "Unsupported expression '{a,b}' in 'uri_template' of resource 'c': a list of variables is RFC 6570 level 3"),
            Expect("PF0808", Error, 14, 26, "Unsupported expression '{list*}' in 'uri_template' of resource 'd': a modifier ('*' or ':n') is RFC 6570 level 4")),
        Case(
            "PF0809 malformed URI templates",
            """
            forge:
              name: x
              version: 1.0.0
            resources:
              - uri_template: test://{id
                name: a
                handler: { path: Handlers.A }
              - uri_template: test://{a}{b}
                name: b
                handler: { path: Handlers.B }
              - uri_template: test://{id}/x/{id}
                name: c
                handler: { path: Handlers.C }
              - uri_template: test://{}/x}
                name: d
                handler: { path: Handlers.D }
            """,
            Expect("PF0809", Error, 5, 26, "Malformed 'uri_template' of resource 'a': the '{' has no closing '}'", exactMessage: true),
            Expect("PF0809", Error, 8, 29, "Malformed 'uri_template' of resource 'b': 'b' follows 'a' with no text between them, so no URI tells where one ends", exactMessage: true),
            Expect("PF0809", Error, 11, 33, "Malformed 'uri_template' of resource 'c': variable 'id' appears twice", exactMessage: true),
            Expect("PF0809", Error, 14, 26, "Malformed 'uri_template' of resource 'd': the expression is empty", exactMessage: true)),
        Case(
            "PF0810 variables not in the template",
            """
            forge:
              name: x
              version: 1.0.0
            resources:
              - uri_template: "test://items/{id}"
                name: item
                handler: { path: Handlers.Item }
                variables:
                  id: { description: Item id }
                  name: { enum: [a, b] }
            """,
            Expect("PF0810", Error, 10, 7, "'variables' of resource 'item' names 'name', which is not in its URI: the variables of 'test://items/{id}' are id", exactMessage: true)),
        Case(
            "PF0811 URI without a scheme",
            """
            forge:
              name: x
              version: 1.0.0
            resources:
              - uri: readme
                name: readme
                text: hello
            """,
            Expect("PF0811", Error, 5, 10, "'uri' of resource 'readme' must be an absolute URI with a scheme, such as 'docs://readme' or 'file:///notes.txt', not 'readme'", exactMessage: true)),
        Case(
            "PF0104 unknown supports value, PF0310 empty variable enum",
            """
            forge:
              name: x
              version: 1.0.0
            resources:
              - uri_template: "test://items/{id}"
                name: item
                handler: { path: Handlers.Item }
                supports: [read, watch]
                variables:
                  id: { enum: [] }
            """,
            Expect("PF0104", Error, 8, 22, "Invalid value 'watch' for 'supports': expected read or subscribe", exactMessage: true),
            Expect("PF0310", Error, 10, 19, "'enum' of 'id' is empty: no value could ever pass", exactMessage: true)),

        // ---- PF0901..PF0906: prompts ----
        Case(
            "PF0901 duplicate prompt name",
            """
            forge:
              name: x
              version: 1.0.0
            prompts:
              - { name: review, template: Review. }
              - { name: review, template: Again. }
            """,
            Expect("PF0901", Error, 6, 13, "Duplicate prompt name 'review' (first declared at line 5)", exactMessage: true)),
        Case(
            "PF0902 prompt with template and messages, and with nothing",
            """
            forge:
              name: x
              version: 1.0.0
            prompts:
              - name: a
                template: Hello
                messages:
                  - { role: user, text: Hello }
              - name: b
            """,
            Expect("PF0902", Error, 7, 5, "Prompt 'a' has 'template' and 'messages': give only one of 'template', 'messages' or 'handler'", exactMessage: true),
            Expect("PF0902", Error, 9, 5, "Prompt 'b' needs one of 'template', 'messages' or 'handler'", exactMessage: true)),
        Case(
            "PF0903 bad role",
            """
            forge:
              name: x
              version: 1.0.0
            prompts:
              - name: a
                messages:
                  - { role: system, text: Hello }
            """,
            Expect("PF0903", Error, 7, 17, "Invalid role 'system' in messages[0] of prompt 'a': expected user or assistant", exactMessage: true)),
        Case(
            "PF0904 message with two contents, embedded resource without text or blob",
            """
            forge:
              name: x
              version: 1.0.0
            prompts:
              - name: a
                messages:
                  - role: user
                    text: Hello
                    image: { data: aGVsbG8=, mime_type: image/png }
                  - role: user
                    resource: { uri: "test://a" }
            """,
            Expect("PF0904", Error, 9, 9, "messages[0] of prompt 'a' has 'text' and 'image': give exactly one of 'text', 'image', 'audio' or 'resource'", exactMessage: true),
            Expect("PF0904", Error, 11, 19, "'resource' of messages[1] of prompt 'a' needs exactly one of 'text' or 'blob'", exactMessage: true)),
        Case(
            "PF0805 image data that is not base64",
            """
            forge:
              name: x
              version: 1.0.0
            prompts:
              - name: a
                messages:
                  - role: user
                    image: { data: "%%%", mime_type: image/png }
            """,
            Expect("PF0805", Error, 8, 24, "'image.data' of messages[0] of prompt 'a' is not valid base64", exactMessage: true)),
        Case(
            "PF0905 prompt argument that is not a string",
            """
            forge:
              name: x
              version: 1.0.0
            prompts:
              - name: a
                arguments: { count: integer, depth: { type: number } }
                template: "{{count}}"
            """,
            Expect("PF0905", Error, 6, 25, "Argument 'count' of prompt 'a' has type 'integer': prompt arguments are text, so the only type is string", exactMessage: true),
            Expect("PF0905", Error, 6, 49, "Argument 'depth' of prompt 'a' has type 'number'"),
            Expect("PF0403", Error, 7, 16, "Unknown variable 'count' in 'template' of prompt 'a': the prompt has no arguments", exactMessage: true)),
        Case(
            "PF0906 duplicate argument in the list form",
            """
            forge:
              name: x
              version: 1.0.0
            prompts:
              - name: a
                arguments:
                  - { name: topic, required: true }
                  - { name: topic }
                template: "{{topic}}"
            """,
            Expect("PF0906", Error, 8, 17, "Duplicate argument 'topic' of prompt 'a' (first declared at line 7)", exactMessage: true)),
        Case(
            "PF0403 unknown argument in a template, PF0404 a path, PF0402 json, PF0401 unclosed",
            """
            forge:
              name: x
              version: 1.0.0
            prompts:
              - name: a
                arguments: { topic: string }
                template: "About {{topc}} and {{topic.x}} and {{json topic}}"
              - name: b
                arguments: { topic: string }
                messages:
                  - role: user
                    resource: { uri: "test://{{topic}", text: x }
            """,
            Expect("PF0403", Error, 7, 22, "Unknown variable 'topc' in 'template' of prompt 'a': the prompt's arguments are topic", exactMessage: true),
            Expect("PF0404", Error, 7, 35, "Bad path 'topic.x' in 'template' of prompt 'a': 'topic' is a prompt argument (text), which has no members", exactMessage: true),
            Expect("PF0402", Error, 7, 51, "Malformed template expression '{{json topic}}' in 'template' of prompt 'a': expected {{argument}} or {{\"text\"}}", exactMessage: true),
            Expect("PF0401", Error, 12, 34, "Unclosed '{{' in 'resource.uri' of messages[0] of prompt 'b': the expression must end with '}}'", exactMessage: true)),
        Case(
            "PF0307 default outside the enum, PF0309 required with default",
            """
            forge:
              name: x
              version: 1.0.0
            prompts:
              - name: a
                arguments:
                  style: { default: long, enum: [short, brief] }
                  topic: { required: true, default: x }
                template: "{{style}} {{topic}}"
            """,
            Expect("PF0307", Error, 7, 25, "Default value of 'style' violates its own rules: long is not one of short, brief", exactMessage: true),
            Expect("PF0309", Warning, 8, 32, "'topic' is required, so its default is never used")),
        Case(
            "PF0205 bad completion handler path",
            """
            forge:
              name: x
              version: 1.0.0
            completion:
              handler: { path: Handlers.1Complete }
            """,
            Expect("PF0205", Error, 5, 20, "Invalid handler path 'Handlers.1Complete'")),
        Case(
            "PF1001 a prompt and a resource share a handler",
            """
            forge:
              name: x
              version: 1.0.0
            resources:
              - { uri: test://a, name: a, handler: { path: Handlers.Shared } }
            prompts:
              - { name: p, handler: { path: Handlers.Shared } }
            """,
            Expect("PF1001", Error, 7, 33, "'p' and 'a' both become the C# name 'global::App.Handlers.Shared'; rename one of them", exactMessage: true)),
        // ---- PF1101..PF1108: state ----
        Case(
            "PF1101 unknown state backend",
            """
            forge: { name: x, version: 1.0.0 }
            state:
              backend: postgres
            """,
            Expect("PF1101", Error, 3, 12, "Unknown state backend 'postgres': expected memory, sqlite (Rust's sled) or redis", exactMessage: true)),
        Case(
            "PF1102 ttl_seconds of zero",
            """
            forge: { name: x, version: 1.0.0 }
            state:
              backend: sqlite
              options: { ttl_seconds: 0 }
            """,
            Expect("PF1102", Error, 4, 27, "Invalid 'ttl_seconds' '0' in 'state.options': expected a whole number of seconds from 1 to 2147483647", exactMessage: true)),
        Case(
            "PF1102 ttl_seconds as text",
            """
            forge: { name: x, version: 1.0.0 }
            state: { options: { ttl_seconds: 1h } }
            """,
            Expect("PF1102", Error, 2, 34, "Invalid 'ttl_seconds' '1h' in 'state.options': expected a whole number of seconds from 1 to 2147483647", exactMessage: true)),
        Case(
            "PF1103 key_prefix with a line break",
            """
            forge: { name: x, version: 1.0.0 }
            state:
              options:
                key_prefix: "app:\n"
            """,
            Expect("PF1103", Error, 4, 17, "Invalid 'key_prefix' in 'state.options': it holds a control character (a line break, a tab, ...)", exactMessage: true)),
        Case(
            "PF1103 key_prefix too long",
            $$"""
            forge: { name: x, version: 1.0.0 }
            state: { options: { key_prefix: {{new string('k', 257)}} } }
            """,
            Expect("PF1103", Error, 2, 33, "Invalid 'key_prefix' in 'state.options': it has 257 characters; at most 256 are allowed", exactMessage: true)),
        Case(
            "PF1104 path of the memory backend, PF0102 unknown state keys",
            """
            forge: { name: x, version: 1.0.0 }
            state:
              backend: memory
              path: state.db
              optoins: {}
              options: { ttl_seconds: 60, cache_size: 1000 }
            """,
            Expect("PF1104", Warning, 4, 9, "'path' of 'state' is ignored: the memory backend keeps values in the process, in no file", exactMessage: true),
            Expect("PF0102", Warning, 6, 31, "Unknown key 'cache_size' in 'state.options' is ignored", exactMessage: true),
            Expect("PF0102", Warning, 5, 3, "Unknown key 'optoins' in 'state' is ignored; did you mean 'options'?", exactMessage: true)),
        Case(
            "PF1105 redis password in the YAML",
            """
            forge: { name: x, version: 1.0.0 }
            state:
              backend: redis
              path: "cache:6379,password=hunter2"
            """,
            Expect("PF1105", Warning, 4, 9, "'path' of 'state' holds a redis password, which anyone who reads pforge.yaml or the built server sees; give the connection string at run time instead (--state-path or PFORGE_STATE_PATH)", exactMessage: true)),
        Case(
            "PF1107 sqlite path naming a folder",
            """
            forge: { name: x, version: 1.0.0 }
            state: { backend: sqlite, path: data/ }
            """,
            Expect("PF1107", Error, 2, 33, "Invalid 'path' 'data/' of a sqlite state: it names a folder; name the database file in it, such as data/state.db", exactMessage: true)),
        Case(
            "PF1107 empty sqlite path",
            """
            forge: { name: x, version: 1.0.0 }
            state: { path: "" }
            """,
            Expect("PF1107", Error, 2, 16, "Invalid 'path' '' of a sqlite state: expected a file name such as state.db", exactMessage: true)),
        Case(
            "PF1108 redis path naming no server",
            """
            forge: { name: x, version: 1.0.0 }
            state: { backend: redis, path: "password=hunter2,ssl=true" }
            """,
            Expect("PF1108", Error, 2, 32, "'path' of a redis state must be a StackExchange.Redis connection string that names a server, such as 127.0.0.1:6379 or cache.internal:6380,ssl=true", exactMessage: true)),
        Case(
            "state: Rust's sled, empty state and options",
            """
            forge: { name: x, version: 1.0.0 }
            state:
              backend: sled
              path: /var/lib/pforge
              options: ~
            """),

        // ---- PF1201..PF1208: policies, metrics, log level ----
        Case(
            "PF1201 max_attempts of zero",
            """
            forge: { name: x, version: 1.0.0 }
            policies:
              retry: { max_attempts: 0 }
            """,
            Expect("PF1201", Error, 3, 26, "Invalid value '0' for 'max_attempts' in 'retry' of 'policies': expected a whole number from 1 to 100", exactMessage: true)),
        Case(
            "PF1202 a policy block that is a number",
            """
            forge: { name: x, version: 1.0.0 }
            tools:
              - type: native
                name: t
                policies:
                  circuit_breaker: 5
            """,
            Expect("PF1202", Error, 6, 24, "'circuit_breaker' in 'policies' of tool 't' must be a mapping of its settings, or false to turn off the one 'policies' gives", exactMessage: true)),
        Case(
            "PF1203 backoff cap below the first backoff",
            """
            forge: { name: x, version: 1.0.0 }
            policies:
              retry: { initial_backoff_ms: 500, max_backoff_ms: 100 }
            """,
            Expect("PF1203", Error, 3, 37, "'max_backoff_ms' (100) in 'retry' of 'policies' is less than 'initial_backoff_ms' (500): the backoff grows from the first up to the cap", exactMessage: true)),
        Case(
            "PF1204 timeout_ms on the tool and in its policies",
            """
            forge: { name: x, version: 1.0.0 }
            tools:
              - type: native
                name: t
                timeout_ms: 100
                policies: { timeout_ms: 200 }
            """,
            Expect("PF1204", Error, 5, 5, "'timeout_ms' of tool 't' is given both on the tool and in its 'policies'; keep one", exactMessage: true)),
        Case(
            "PF1205 rate_limit without permits_per_second",
            """
            forge: { name: x, version: 1.0.0 }
            policies:
              rate_limit: {}
            """,
            Expect("PF1205", Error, 3, 15, "'rate_limit' of 'policies' needs 'permits_per_second': the calls allowed in each second", exactMessage: true)),
        Case(
            "PF1206 retried POST that is not idempotent",
            """
            forge: { name: x, version: 1.0.0 }
            tools:
              - type: http
                name: create
                method: POST
                endpoint: https://example.com/items
                retry: { max_attempts: 3 }
            """,
            Expect("PF1206", Warning, 4, 11, "Tool 'create' retries POST requests, which may then be applied twice (a request that timed out may have reached the server); set 'annotations: { idempotent: true }' if repeating it is safe", exactMessage: true)),
        Case(
            "PF1206 not for an idempotent POST",
            """
            forge: { name: x, version: 1.0.0 }
            tools:
              - type: http
                name: upsert
                method: POST
                endpoint: https://example.com/items
                annotations: { idempotent: true }
                policies: { retry: { max_attempts: 3 } }
            """),
        Case(
            "PF1207 MCP path at /metrics with metrics on",
            """
            forge:
              name: x
              version: 1.0.0
              http: { path: /metrics, metrics: true }
            """,
            Expect("PF1207", Error, 4, 17, "'forge.http.path' is /metrics, where 'forge.http.metrics: true' serves the metrics; choose another path for MCP", exactMessage: true)),
        Case(
            "PF1208 unknown log level",
            """
            forge:
              name: x
              version: 1.0.0
              log_level: verbose
            """,
            Expect("PF1208", Error, 4, 14, "Invalid 'log_level' 'verbose' in 'forge': expected debug, info, warning, error or none", exactMessage: true)),
        Case(
            "PF0102 unknown policy key with a suggestion",
            """
            forge: { name: x, version: 1.0.0 }
            policies:
              circuit_breaker: { open_ms: 10, failure_treshold: 2 }
            """,
            Expect("PF0102", Warning, 3, 35, "Unknown key 'failure_treshold' in 'circuit_breaker' of 'policies' is ignored; did you mean 'failure_threshold'?", exactMessage: true)),
    ];

    [TestMethod]
    [DynamicData(nameof(Cases), DynamicDataDisplayName = nameof(CaseName))]
    public void ReportsDiagnostic(string name, string yaml, string[] expected)
    {
        var result = Generator.Run(yaml, new GeneratorOptions("App", GenerateEntryPoint: true));
        var actual = result.Diagnostics;
        var listing = $"{name}: got\n  {string.Join("\n  ", actual)}";
        Assert.HasCount(expected.Length, actual, listing);
        for (var i = 0; i < expected.Length; i++)
        {
            var want = ExpectedDiagnostic.Parse(expected[i]);
            var got = actual[i];
            Assert.AreEqual(want.Code, got.Code, listing);
            Assert.AreEqual(want.Severity, got.Severity, listing);
            Assert.AreEqual(want.Line, got.Line, $"line of {want.Code}; {listing}");
            Assert.AreEqual(want.Column, got.Column, $"column of {want.Code}; {listing}");
            if (want.Exact)
            {
                Assert.AreEqual(want.Message, got.Message, listing);
            }
            else
            {
                Assert.Contains(want.Message, got.Message, listing);
            }
        }

        // Errors stop generation; warnings alone do not.
        Assert.AreEqual(expected.Any(e => ExpectedDiagnostic.Parse(e).Severity == Error), !result.Succeeded, listing);
        Assert.AreEqual(result.Succeeded, result.Sources.Count > 0, listing);
    }

    public static string CaseName(MethodInfo method, object[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return (string)data[0];
    }

    [TestMethod]
    public void EveryCodeHasACase()
    {
        // Every factory of DiagnosticCodes, called with placeholder arguments, names its code.
        var all = typeof(DiagnosticCodes).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.ReturnType == typeof(Diagnostic))
            .Select(m => ((Diagnostic)m.Invoke(null, [.. m.GetParameters().Select(Placeholder)])!).Code)
            .ToHashSet(StringComparer.Ordinal);
        var covered = Cases.SelectMany(c => (string[])c[2]).Select(e => ExpectedDiagnostic.Parse(e).Code).ToHashSet(StringComparer.Ordinal);

        // PF1002 (a generator bug) has no YAML that reaches it, PF2001 (no file) is the task's, and PF2002 (no runtime)
        // MSBuild's: tested on their own. PF0204 (a tool type read but not built) is reserved: every type is built now.
        // PF2008..PF2012 belong to the perf gate (its targets and MeasurePForgeInstructions), tested there.
        // PF1106 (a state store switched off in the project) needs GeneratorOptions of its own: StateReaderTests.
        // PF1301 (a registry name of .mcp/server.json) is the pack task's: McpServerJsonTests.
        covered.UnionWith(["PF0204", "PF1002", "PF1106", "PF1301", "PF2001", "PF2002", "PF2008", "PF2009", "PF2010", "PF2011", "PF2012"]);
        var missing = all.Except(covered).Order(StringComparer.Ordinal).ToList();
        Assert.IsEmpty(missing, $"Codes without a case in {nameof(Cases)}: {string.Join(", ", missing)}");
        Assert.IsEmpty(covered.Except(all).ToList(), $"cases name codes DiagnosticCodes does not define: {string.Join(", ", covered.Except(all))}");

        static object Placeholder(ParameterInfo parameter) =>
            parameter.ParameterType == typeof(SourcePosition) ? SourcePosition.Start
            : parameter.ParameterType == typeof(int) ? 1
            : parameter.ParameterType == typeof(string) ? "x"
            : parameter.ParameterType == typeof(bool) ? false
            : throw new InvalidOperationException($"no placeholder for {parameter.ParameterType}");
    }

    [TestMethod]
    public void ValidConfigurationHasNoDiagnostics()
    {
        var result = Generator.Run(
            """
            forge:
              name: greeter
              version: 1.0.0
              transport: http
            tools:
              - type: native
                name: greet
                params:
                  who: { type: string, default: world, validation: { min_length: 1 } }
            """,
            new GeneratorOptions("App", GenerateEntryPoint: false, Http: true));
        Assert.IsEmpty(result.Diagnostics, string.Join("\n", result.Diagnostics));
        Assert.IsTrue(result.Succeeded);
    }

    [TestMethod]
    public void SseTransportIsServedAsHttp()
    {
        var (config, diagnostics) = ConfigLoader.Load(
            """
            forge:
              name: x
              version: 1.0.0
              transport: sse
            """);
        Assert.IsEmpty(diagnostics);
        Assert.AreEqual("http", config!.Forge.Transport);
    }

    [TestMethod]
    public void LoaderReportsEveryProblemNotOnlyTheFirst()
    {
        var (config, diagnostics) = ConfigLoader.Load(
            """
            forge:
              version: 1.0.0
              transport: websocket
            tools:
              - type: native
                name: "bad name"
            """);
        Assert.IsNull(config);
        CollectionAssert.AreEqual(new[] { "PF0101", "PF0106", "PF0202" }, diagnostics.Select(d => d.Code).ToArray());
    }

    [TestMethod]
    public void GenerationFailedIsAnErrorAtTheStartOfTheFile()
    {
        // PF1002 guards against a generator bug (a template or schema failure); no valid YAML should reach it.
        var diagnostic = DiagnosticCodes.GenerationFailed("template 'Types' does not parse");
        Assert.AreEqual("PF1002", diagnostic.Code);
        Assert.AreEqual(Error, diagnostic.Severity);
        Assert.AreEqual((1, 1), (diagnostic.Line, diagnostic.Column));
        Assert.AreEqual("pforge.yaml(1,1): error PF1002: Code generation failed: template 'Types' does not parse", diagnostic.ToString());
    }

    [TestMethod]
    public void RuntimeNotReferencedIsRaisedByMSBuildWithTheSameText()
    {
        // PF2002 comes from an Error task in the SDK's targets: the factory and the targets must say the same.
        var diagnostic = DiagnosticCodes.RuntimeNotReferenced();
        var targets = File.ReadAllText(Path.Combine(RepoPaths.FindRoot(), "Sdk", "build", "PForge.Runtime.targets"));
        Assert.AreEqual(("PF2002", Error), (diagnostic.Code, diagnostic.Severity));
        Assert.Contains($"<Error Code=\"{diagnostic.Code}\" Text=\"{diagnostic.Message}\" />", targets);
    }

    [TestMethod]
    public void PerfGateErrorsAreRaisedByMSBuildWithTheSameTexts()
    {
        // PF2008..PF2011 come from Error tasks in PForge.PerfGate.targets, their figures and paths from properties.
        var targets = File.ReadAllText(Path.Combine(RepoPaths.FindRoot(), "Sdk", "build", "PForge.PerfGate.targets"));
        Diagnostic[] raised =
        [
            DiagnosticCodes.ValgrindMissing("$(PForgeValgrind)"),
            DiagnosticCodes.PerfRegression("$(_PForgePerfMeasured)", "$(_PForgePerfPercent)", "$(_PForgePerfBaselineFigure)", "$(PForgePerfBaseline)", "$(PForgePerfTolerancePercent)"),
            DiagnosticCodes.PerfBaselineMissing("$(PForgePerfBaseline)"),
            DiagnosticCodes.PerfRequestsMissing("$(PForgeRequestsFile)"),
        ];
        foreach (var diagnostic in raised)
        {
            Assert.AreEqual(Error, diagnostic.Severity);
            Assert.Contains($"<Error Code=\"{diagnostic.Code}\" Condition=", targets);
            Assert.Contains($" Text=\"{diagnostic.Message}\" />", targets, diagnostic.Code);
        }

        // PF2012 is the measuring task's own.
        Assert.AreEqual("PF2012", DiagnosticCodes.PerfRunFailed("x").Code);
    }

    [TestMethod]
    public void FormatIsTheMSBuildCanonicalForm()
    {
        var diagnostic = new Diagnostic("PF0102", Warning, "Unknown key", 12, 5);
        Assert.AreEqual("/src/pforge.yaml(12,5): warning PF0102: Unknown key", diagnostic.Format("/src/pforge.yaml"));
    }

    private static object[] Case(string name, string yaml, params string[] expected) => [name, yaml, expected];

    private static string Expect(string code, DiagnosticSeverity severity, int line, int column, string message, bool exactMessage = false) =>
        new ExpectedDiagnostic(code, severity, line, column, message, exactMessage).ToString();

    /// <summary>An expected diagnostic, carried as text so the data rows stay serializable for test discovery.</summary>
    private sealed record ExpectedDiagnostic(string Code, DiagnosticSeverity Severity, int Line, int Column, string Message, bool Exact)
    {
        public override string ToString() => string.Join('\u001f', Code, Severity, Line, Column, Exact, Message);

        public static ExpectedDiagnostic Parse(string text)
        {
            var parts = text.Split('\u001f', 6);
            return new(
                parts[0],
                Enum.Parse<DiagnosticSeverity>(parts[1]),
                int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture),
                parts[5],
                bool.Parse(parts[4]));
        }
    }
}
