using PForge.Runtime.Protocol;
using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>Scenario tasks-lifecycle: a protocol error (an McpException) ends the task failed, with its code.</summary>
public partial class ProtocolErrorJobHandler
{
    public async partial ValueTask<ToolResult> HandleAsync(ProtocolErrorJobInput input, ToolContext context)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(500), context.CancellationToken);
        throw new McpException(McpErrorCodes.InternalError, "Internal error: the job's worker crashed");
    }
}
