using PForge.Runtime.Tools;

namespace PForge.Runtime.Tests.Support.Handlers;

/// <summary><c>whoami_scoped</c> (scope admin): answers the caller's subject, or "anonymous" without an authenticated caller.</summary>
public sealed partial class WhoamiScopedHandler
{
    public partial ValueTask<ToolResult> HandleAsync(WhoamiScopedInput input, ToolContext context) =>
        new(ToolResult.Text(context.User?.Subject ?? "anonymous"));
}
