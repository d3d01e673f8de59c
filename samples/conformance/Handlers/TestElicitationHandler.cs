using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>
/// Scenario tools-call-elicitation. The suite's client always accepts with
/// <c>{"username":"testuser","email":"test@example.com"}</c>, so the schema asks for exactly those two strings.
/// </summary>
public partial class TestElicitationHandler
{
    private const string RequestedSchema = """
        {
          "type": "object",
          "properties": {
            "username": { "type": "string", "description": "User's response" },
            "email": { "type": "string", "description": "User's email address" }
          },
          "required": ["username", "email"]
        }
        """;

    public partial ValueTask<ToolResult> HandleAsync(TestElicitationInput input, ToolContext context) =>
        Elicitation.AskAsync(context, input.Message, RequestedSchema, "User response");
}
