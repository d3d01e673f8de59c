using static PForge.Tasks.Tests.Diagnostics.DiagnosticCase;

namespace PForge.Tasks.Tests.Diagnostics;

/// <summary>PF0201..PF0209: tool names, types, handler paths, input_schema and its x-mcp-header annotations.</summary>
[TestClass]
public sealed class ToolDiagnosticTests
{
    public static IEnumerable<object[]> Cases =>
    [
        Case(
            "PF0201 duplicate tool name cites the first line",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                  - type: native
                    name: greet
                """),
            Error("PF0201", 8, 11, "Duplicate tool name 'greet' (first declared at line 6)")),
        Case(
            "PF0202 tool name with a space",
            Yaml.Server("""
                tools:
                  - type: native
                    name: "say hello"
                """),
            Error("PF0202", 6, 11, "Invalid tool name 'say hello': use 1 to 64 characters of A-Z, a-z, 0-9, '_', '-' and '.'")),
        Case(
            "PF0202 tool name of 65 characters",
            Yaml.Server($"""
                tools:
                  - type: native
                    name: {new string('a', 65)}
                """),
            Error("PF0202", 6, 11, $"Invalid tool name '{new string('a', 65)}'")),
        Case(
            "PF0202 empty tool name",
            Yaml.Server("""
                tools:
                  - type: native
                    name: ""
                """),
            Error("PF0202", 6, 11, "Invalid tool name '':")),
        Case(
            "PF0203 unknown tool type",
            Yaml.Server("""
                tools:
                  - type: grpc
                    name: greet
                """),
            Error("PF0203", 5, 11, "Unknown tool type 'grpc': expected native, cli, http or pipeline")),
        Case(
            "PF0205 handler path segment starting with a digit",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    handler:
                      path: Handlers.1Greet
                """),
            Error("PF0205", 8, 13, "Invalid handler path 'Handlers.1Greet': expected a C# type name")),
        Case(
            "PF0207 input_schema with params",
            Yaml.Server("""
                tools:
                  - type: native
                    name: raw
                    params: { a: string }
                    input_schema: { type: object }
                """),
            Error("PF0207", 8, 5, "Tool 'raw' has both 'input_schema' and 'params': the input is one or the other", exact: true)),
        Case(
            "PF0208 input_schema whose type is not object",
            Yaml.Server("""
                tools:
                  - type: native
                    name: raw
                    input_schema:
                      type: array
                """),
            Error("PF0208", 8, 7, "'input_schema' of tool 'raw' must be a JSON Schema object whose 'type' is \"object\": its 'type' is \"array\"", exact: true)),
        Case(
            "PF0208 input_schema text that is not JSON, and one without type",
            Yaml.Server("""
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
                """),
            Error("PF0208", 7, 19, "'input_schema' of tool 'raw' must be a JSON Schema object whose 'type' is \"object\": the text is not JSON"),
            Error("PF0208", 10, 19, "'input_schema' of tool 'raw2' must be a JSON Schema object whose 'type' is \"object\": it has no 'type'", exact: true),
            Error("PF0208", 13, 19, ": it is not an object")),
        Case(
            "PF0209 x-mcp-header: a bad token, a number, one under items, a repeated name, and a good nested one",
            Yaml.Server("""
                tools:
                  - type: native
                    name: spaced
                    input_schema: { type: object, properties: { region: { type: string, x-mcp-header: "Cloud Region" } } }
                  - type: native
                    name: number
                    input_schema: { type: object, properties: { ratio: { type: number, x-mcp-header: Ratio } } }
                  - type: native
                    name: listed
                    input_schema: { type: object, properties: { zones: { type: array, items: { type: string, x-mcp-header: Zone } } } }
                  - type: native
                    name: twice
                    input_schema: { type: object, properties: { a: { type: string, x-mcp-header: Region }, b: { type: integer, x-mcp-header: region } } }
                  - type: native
                    name: nested
                    input_schema: { type: object, properties: { target: { type: object, properties: { region: { type: boolean, x-mcp-header: Region } } } } }
                """),
            Error("PF0209", 7, 19, "'x-mcp-header' at '/properties/region' of the input_schema of tool 'spaced' is invalid: 'Cloud Region' is no HTTP header token (letters, digits and !#$%&'*+-.^_`|~)", exact: true),
            Error("PF0209", 10, 19, "'x-mcp-header' at '/properties/ratio' of the input_schema of tool 'number' is invalid: it may only mark a property whose 'type' is \"string\", \"integer\" or \"boolean\"", exact: true),
            Error("PF0209", 13, 19, "'x-mcp-header' at '/properties/zones/items' of the input_schema of tool 'listed' is invalid: it may only mark a property reached from the root through 'properties' keys (not items, allOf/anyOf/oneOf/not, if/then/else or $ref)", exact: true),
            Error("PF0209", 16, 19, "'x-mcp-header' at '/properties/b' of the input_schema of tool 'twice' is invalid: 'region' is already the header of /properties/a (names are compared ignoring case)", exact: true)),
        Case(
            "PF0206 input_schema on a cli tool",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: ls
                    command: ls
                    input_schema: { type: object }
                """),
            Error("PF0206", 8, 5, "'input_schema' does not apply to a cli tool: its input is checked against its 'params'")),
    ];

    [TestMethod]
    [DynamicData(nameof(Cases), DynamicDataDisplayName = nameof(DiagnosticCase.Name), DynamicDataDisplayNameDeclaringType = typeof(DiagnosticCase))]
    public void ReportsDiagnostic(string name, string yaml, string[] expected) => DiagnosticAssert.Reports(name, yaml, expected);
}
