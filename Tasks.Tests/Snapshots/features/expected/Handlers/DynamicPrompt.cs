using System.Threading.Tasks;
using PForge.Runtime.Prompts;
using PForge.Runtime.Protocol;
using PForge.Runtime.Tools;

namespace Features.Handlers;

/// <summary>Renders prompt 'dynamic_prompt' declared in pforge.yaml. PForge wrote this stub once; it is yours to edit.</summary>
public partial class DynamicPrompt
{
    public partial ValueTask<PromptResult> GetAsync(DynamicPromptArguments arguments, ToolContext context)
    {
        // Return e.g. new PromptResult([PromptMessage.User("...")]); throw McpException for an error answer.
        throw new McpException(McpErrorCodes.InternalError, "Prompt 'dynamic_prompt' is not implemented yet");
    }
}
