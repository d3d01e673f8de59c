using PForge.Runtime.Content;
using PForge.Runtime.Resources;
using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>Scenario tools-call-embedded-resource.</summary>
public partial class TestEmbeddedResourceHandler
{
    public partial ValueTask<ToolResult> HandleAsync(TestEmbeddedResourceInput input, ToolContext context) =>
        ValueTask.FromResult(ToolResult.Content(ContentBlock.Resource(
            ResourceContent.FromText("test://embedded-resource", "This is an embedded resource content.", "text/plain"))));
}
