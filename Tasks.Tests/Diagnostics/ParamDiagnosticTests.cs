using static PForge.Tasks.Tests.Diagnostics.DiagnosticCase;

namespace PForge.Tasks.Tests.Diagnostics;

/// <summary>PF0301..PF0313: parameter types, defaults, enums, validation rules and examples.</summary>
[TestClass]
public sealed class ParamDiagnosticTests
{
    public static IEnumerable<object[]> Cases =>
    [
        Case(
            "PF0301 unknown parameter type",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      who:
                        type: text
                """),
            Error("PF0301", 9, 15, "Unknown type 'text' for 'who': expected string, integer, number, boolean, array or object")),
        Case(
            "PF0301 unknown type in the short form",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      who: varchar
                """),
            Error("PF0301", 8, 12, "Unknown type 'varchar' for 'who'")),
        Case(
            "PF0302 default not matching the type",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      times:
                        type: integer
                        default: often
                """),
            Error("PF0302", 10, 18, "Default value of 'times' does not match its type 'integer'")),
        Case(
            "PF0302 quoted boolean default",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      loud:
                        type: boolean
                        default: "true"
                """),
            Error("PF0302", 10, 18, "Default value of 'loud' does not match its type 'boolean'")),
        Case(
            "PF0302 array default with an item of another type",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      counts:
                        type: array
                        items: integer
                        default: [1, two]
                """),
            Error("PF0302", 11, 18, "Default value of 'counts' does not match its type 'array'")),
        Case(
            "PF0303 enum value not matching the type",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      level:
                        type: integer
                        enum: [1, two, 3]
                """),
            Error("PF0303", 10, 19, "Enum value 'two' of 'level' does not match its type 'integer'")),
        Case(
            "PF0304 pattern on a number",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      ratio:
                        type: number
                        validation:
                          pattern: "^1"
                """),
            Error("PF0304", 11, 11, "Validation 'pattern' does not apply to 'ratio' of type 'number'")),
        Case(
            "PF0304 min on a string",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      who:
                        type: string
                        min: 3
                """),
            Error("PF0304", 10, 9, "Validation 'min' does not apply to 'who' of type 'string'")),
        Case(
            "PF0304 max_length on an integer",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      times:
                        type: integer
                        validation: { max_length: 3 }
                """),
            Error("PF0304", 10, 23, "Validation 'max_length' does not apply to 'times' of type 'integer'")),
        Case(
            "PF0304 enum on a boolean, items on an object, properties on a string",
            Yaml.Server("""
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
                """),
            Error("PF0304", 10, 9, "Validation 'enum' does not apply to 'loud' of type 'boolean'"),
            Error("PF0304", 13, 9, "Validation 'items' does not apply to 'options' of type 'object'"),
            Error("PF0304", 16, 9, "Validation 'properties' does not apply to 'who' of type 'string'")),
        Case(
            "PF0305 min greater than max",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      times:
                        type: integer
                        validation: { min: 10, max: 1 }
                """),
            Error("PF0305", 10, 23, "Validation of 'times' can never pass: min 10 is greater than max 1")),
        Case(
            "PF0305 min_length greater than max_length",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      who:
                        type: string
                        min_length: 5
                        max_length: 2
                """),
            Error("PF0305", 10, 9, "Validation of 'who' can never pass: min_length 5 is greater than max_length 2")),
        Case(
            "PF0306 invalid regex",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      who:
                        type: string
                        pattern: "[a-"
                """),
            Error("PF0306", 10, 9, "Invalid pattern for 'who': Invalid pattern '[a-'")),
        Case(
            "PF0307 default outside the enum",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      tone:
                        type: string
                        enum: [formal, casual]
                        default: rude
                """),
            Error("PF0307", 11, 18, "Default value of 'tone' violates its own rules: rude is not one of formal, casual")),
        Case(
            "PF0307 default below min",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      times:
                        type: integer
                        default: 0
                        validation: { min: 1, max: 5 }
                """),
            Error("PF0307", 10, 18, "Default value of 'times' violates its own rules: 0 is less than min 1")),
        Case(
            "PF0307 default above max",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      ratio:
                        type: number
                        default: 1.5
                        max: 1
                """),
            Error("PF0307", 10, 18, "Default value of 'ratio' violates its own rules: 1.5 is greater than max 1")),
        Case(
            "PF0307 default not matching the pattern",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      code:
                        type: string
                        pattern: "^[a-z]+$"
                        default: ABC
                """),
            Error("PF0307", 11, 18, "Default value of 'code' violates its own rules: 'ABC' does not match pattern '^[a-z]+$'")),
        Case(
            "PF0307 default with a final newline: '$' is the end of the text, as in ECMA-262",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      code:
                        type: string
                        pattern: "^[a-z]+$"
                        default: "abc\n"
                """),
            Error("PF0307", 11, 18, "Default value of 'code' violates its own rules: 'abc\n' does not match pattern '^[a-z]+$'")),
        Case(
            "PF0307 default of Arabic-Indic digits: '\\d' is ASCII, as in ECMA-262",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      pin:
                        type: string
                        pattern: "^\\d+$"
                        default: "١٢٣"
                """),
            Error("PF0307", 11, 18, "Default value of 'pin' violates its own rules: '١٢٣' does not match pattern '^\\d+$'")),
        Case(
            "PF0307 default longer than max_length, counted in code points",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      letter:
                        type: string
                        max_length: 1
                        default: "e\u0301"
                """),
            Error("PF0307", 11, 18, "Default value of 'letter' violates its own rules: its length 2 is greater than max_length 1")),
        Case(
            "PF0307 array default with too many items",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      tags:
                        type: array
                        items: string
                        max_length: 1
                        default: [a, b]
                """),
            Error("PF0307", 12, 18, "Default value of 'tags' violates its own rules: its length 2 is greater than max_length 1")),
        Case(
            "PF0307 array default with an item breaking the item rules",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      counts:
                        type: array
                        items: { type: integer, validation: { max: 5 } }
                        default: [1, 9]
                """),
            Error("PF0307", 11, 18, "Default value of 'counts' violates its own rules: item 1: 9 is greater than max 5")),
        Case(
            "PF0308 parameter name without a letter or digit",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      "--": string
                """),
            Error("PF0308", 8, 7, "Invalid name '--': a parameter or output field name needs at least one letter or digit")),
        Case(
            "PF0309 required with default",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      who:
                        type: string
                        required: true
                        default: world
                """),
            Warning("PF0309", 11, 9, "'who' is required, so its default is never used")),
        Case(
            "PF0310 empty enum",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      tone:
                        type: string
                        enum: []
                """),
            Error("PF0310", 10, 15, "'enum' of 'tone' is empty: no value could ever pass")),
        Case(
            "PF0311 object default",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      person:
                        type: object
                        properties:
                          first: string
                        default: { first: Ada }
                """),
            Error("PF0311", 12, 9, "'person' is an object with declared properties, which cannot take a whole default")),
        Case(
            "PF0311 default of an array of records",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      people:
                        type: array
                        items: { type: object, properties: { first: string } }
                        default: []
                """),
            Error("PF0311", 11, 9, "'people' is an object with declared properties")),
        Case(
            "PF0312 examples checked like arguments: type, enum, rules, items and members",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      times: { type: integer, examples: [3, 2.5, 0], validation: { min: 1 } }
                      tone: { type: string, enum: [formal, casual], examples: [casual, rude] }
                      code: { type: string, examples: [abc, ABC], validation: { pattern: "^[a-z]+$" } }
                      tags: { type: array, items: { type: string, min_length: 2 }, examples: [[ok, x]] }
                      person: { type: object, properties: { first: string, age: integer }, examples: [{ first: Ada, age: 36 }, { age: 1 }, { first: Bo, age: old }] }
                """),
            Error("PF0312", 8, 45, "Example value of 'times' is not a valid argument: it is not an integer", exact: true),
            Error("PF0312", 8, 50, "Example value of 'times' is not a valid argument: 0 is less than min 1", exact: true),
            Error("PF0312", 9, 72, "Example value of 'tone' is not a valid argument: rude is not one of formal, casual", exact: true),
            Error("PF0312", 10, 45, "Example value of 'code' is not a valid argument: 'ABC' does not match pattern '^[a-z]+$'", exact: true),
            Error("PF0312", 11, 79, "Example value of 'tags' is not a valid argument: item 1: its length 1 is less than min_length 2", exact: true),
            Error("PF0312", 12, 112, "Example value of 'person' is not a valid argument: it lacks the required member 'first'", exact: true),
            Error("PF0312", 12, 124, "Example value of 'person' is not a valid argument: member 'age': it is not an integer", exact: true)),
        Case(
            "PF0103 examples must be a list",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    params:
                      who: { type: string, examples: Ada }
                """),
            Error("PF0103", 8, 38, "'examples' must be a list", exact: true)),
        Case(
            "PF0313 example_arguments on a tool with params",
            Yaml.Server("""
                tools:
                  - type: native
                    name: greet
                    example_arguments: { who: Ada }
                    params:
                      who: { type: string, required: true }
                """),
            Error("PF0313", 7, 5, "'example_arguments' of tool 'greet' is for a tool whose input is a raw 'input_schema'; give each parameter 'examples:' instead", exact: true)),
        Case(
            "PF0103 example_arguments must be an object",
            Yaml.Server("""
                tools:
                  - type: native
                    name: echo
                    input_schema: { type: object }
                    example_arguments: '[1, 2]'
                """),
            Error("PF0103", 8, 24, "'example_arguments' must be a mapping (or a string holding a JSON object) of the arguments to send", exact: true)),
    ];

    [TestMethod]
    [DynamicData(nameof(Cases), DynamicDataDisplayName = nameof(DiagnosticCase.Name), DynamicDataDisplayNameDeclaringType = typeof(DiagnosticCase))]
    public void ReportsDiagnostic(string name, string yaml, string[] expected) => DiagnosticAssert.Reports(name, yaml, expected);
}
