using PForge.Runtime.Content;
using PForge.Runtime.Resources;
using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>Scenario tools-call-mixed-content: a text, an image and an embedded JSON resource, in that order.</summary>
public partial class TestMultipleContentTypesHandler
{
    public partial ValueTask<ToolResult> HandleAsync(TestMultipleContentTypesInput input, ToolContext context) =>
        ValueTask.FromResult(ToolResult.Content(
            ContentBlock.Text("Multiple content types test:"),
            ContentBlock.Image(Fixtures.Png, "image/png"),
            ContentBlock.Resource(ResourceContent.FromText(
                "test://mixed-content-resource", """{"test":"data","value":123}""", "application/json"))));
}
