using System.Threading.Tasks;
using PForge.Runtime.Tools;

namespace Reference.Handlers.Ping;

/// <summary>Handles tool 'ping' declared in pforge.yaml. PForge wrote this stub once; it is yours to edit.</summary>
public partial class PingHandler
{
    public partial ValueTask<ToolResult> HandleAsync(PingInput input, ToolContext context)
    {
        // input holds the checked arguments; context.CancellationToken fires when the client cancels.
        throw new ToolException("Tool 'ping' is not implemented yet");
    }
}
