using PForge.Runtime.Content;
using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>Scenario tools-call-audio (the suite checks the MIME type is exactly audio/wav).</summary>
public partial class TestAudioContentHandler
{
    public partial ValueTask<ToolResult> HandleAsync(TestAudioContentInput input, ToolContext context) =>
        ValueTask.FromResult(ToolResult.Content(ContentBlock.Audio(Fixtures.Wav, "audio/wav")));
}
