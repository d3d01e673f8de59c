using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>
/// Scenario elicitation-sep1330-enums: the five enum shapes. The suite checks what each one must have and must not
/// have (an untitled enum has no oneOf or enumNames; a titled one uses oneOf/anyOf of const+title and no enum).
/// </summary>
public partial class TestElicitationSep1330EnumsHandler
{
    private const string RequestedSchema = """
        {
          "type": "object",
          "properties": {
            "untitledSingle": {
              "type": "string",
              "description": "Select one option",
              "enum": ["option1", "option2", "option3"]
            },
            "titledSingle": {
              "type": "string",
              "description": "Select one option with titles",
              "oneOf": [
                { "const": "value1", "title": "First Option" },
                { "const": "value2", "title": "Second Option" },
                { "const": "value3", "title": "Third Option" }
              ]
            },
            "legacyEnum": {
              "type": "string",
              "description": "Select one option (legacy)",
              "enum": ["opt1", "opt2", "opt3"],
              "enumNames": ["Option One", "Option Two", "Option Three"]
            },
            "untitledMulti": {
              "type": "array",
              "description": "Select multiple options",
              "minItems": 1,
              "maxItems": 3,
              "items": { "type": "string", "enum": ["option1", "option2", "option3"] }
            },
            "titledMulti": {
              "type": "array",
              "description": "Select multiple options with titles",
              "minItems": 1,
              "maxItems": 3,
              "items": {
                "anyOf": [
                  { "const": "value1", "title": "First Choice" },
                  { "const": "value2", "title": "Second Choice" },
                  { "const": "value3", "title": "Third Choice" }
                ]
              }
            }
          },
          "required": []
        }
        """;

    public partial ValueTask<ToolResult> HandleAsync(TestElicitationSep1330EnumsInput input, ToolContext context) =>
        Elicitation.AskAsync(context, "Please select options from the enum fields", RequestedSchema, "Elicitation completed");
}
