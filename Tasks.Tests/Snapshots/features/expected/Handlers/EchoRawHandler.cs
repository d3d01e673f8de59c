using System.Threading.Tasks;
using PForge.Runtime.Tools;

namespace Features.Handlers;

/// <summary>Handles tool 'echo_raw' declared in pforge.yaml. PForge wrote this stub once; it is yours to edit.</summary>
public partial class EchoRawHandler
{
    public partial ValueTask<ToolResult> HandleAsync(EchoRawInput input, ToolContext context)
    {
        // input holds the checked arguments; context.CancellationToken fires when the client cancels.
        throw new ToolException("Tool 'echo_raw' is not implemented yet");
    }
}
