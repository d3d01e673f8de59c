using PForge.Runtime.Tools;

namespace PForge.Runtime.Tests.Support.Handlers;

/// <summary><c>whoami</c>: answers its claim-bound parameter 'caller' (the caller's sub) as the exact text.</summary>
public sealed partial class WhoamiHandler
{
    public partial ValueTask<ToolResult> HandleAsync(WhoamiInput input, ToolContext context) => new(ToolResult.Text(input.Caller));
}
