using PForge.Runtime.Completion;
using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>
/// completion/complete for arguments without an enum. Scenario completion-complete asks for arg1 of
/// test_prompt_with_arguments with the value "test" and only checks that <c>values</c> is an array.
/// </summary>
public partial class Completions
{
    private static readonly string[] Arg1Candidates = ["paris", "park", "party"];

    public partial ValueTask<CompletionResult> CompleteAsync(CompletionRequest request, ToolContext context) =>
        ValueTask.FromResult(request is { IsPrompt: true, Reference: "test_prompt_with_arguments", ArgumentName: "arg1" }
            ? CompletionResult.FromCandidates(Arg1Candidates, request.Value)
            : CompletionResult.Empty);
}
