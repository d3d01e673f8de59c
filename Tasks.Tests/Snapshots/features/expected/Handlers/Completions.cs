using System.Threading.Tasks;
using PForge.Runtime.Completion;
using PForge.Runtime.Tools;

namespace Features.Handlers;

/// <summary>Completes prompt arguments and template variables of pforge.yaml that declare no enum. PForge wrote this stub once; it is yours to edit.</summary>
public partial class Completions
{
    public partial ValueTask<CompletionResult> CompleteAsync(CompletionRequest request, ToolContext context)
    {
        // request.IsPrompt, request.Reference (prompt name or URI template), request.ArgumentName and request.Value.
        return ValueTask.FromResult(CompletionResult.Empty);
    }
}
