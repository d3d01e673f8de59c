using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>
/// Scenario server-stateless: the response stream of a 2026-07-28 call carries no request to the client; this
/// handler's elicitation comes back as an input required result instead.
/// </summary>
public partial class TestStreamingElicitationHandler
{
    public async partial ValueTask<ToolResult> HandleAsync(TestStreamingElicitationInput input, ToolContext context)
    {
        context.ReportProgress(50, 100);
        var answer = await context.ElicitAsync("Continue streaming?", Answers.OneString("answer"), Fixtures.ClientTimeout);
        return ToolResult.Text($"Streaming complete: {Answers.Text(answer, "answer")}");
    }
}
