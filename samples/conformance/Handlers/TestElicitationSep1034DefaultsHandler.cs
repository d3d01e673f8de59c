using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>
/// Scenario elicitation-sep1034-defaults: a default for every primitive type. The suite checks each property's
/// <c>type</c> (age is <c>integer</c>, score <c>number</c>) and <c>default</c>, and that status's default is in its enum.
/// </summary>
public partial class TestElicitationSep1034DefaultsHandler
{
    private const string RequestedSchema = """
        {
          "type": "object",
          "properties": {
            "name": { "type": "string", "description": "User name", "default": "John Doe" },
            "age": { "type": "integer", "description": "User age", "default": 30 },
            "score": { "type": "number", "description": "User score", "default": 95.5 },
            "status": {
              "type": "string",
              "description": "User status",
              "enum": ["active", "inactive", "pending"],
              "default": "active"
            },
            "verified": { "type": "boolean", "description": "Verification status", "default": true }
          },
          "required": []
        }
        """;

    public partial ValueTask<ToolResult> HandleAsync(TestElicitationSep1034DefaultsInput input, ToolContext context) =>
        Elicitation.AskAsync(context, "Please review and update the form fields with defaults", RequestedSchema, "Elicitation completed");
}
