using PForge.Runtime.Content;
using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>Scenario tools-call-image.</summary>
public partial class TestImageContentHandler
{
    public partial ValueTask<ToolResult> HandleAsync(TestImageContentInput input, ToolContext context) =>
        ValueTask.FromResult(ToolResult.Content(ContentBlock.Image(Fixtures.Png, "image/png")));
}
