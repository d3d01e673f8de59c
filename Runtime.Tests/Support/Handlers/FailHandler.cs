using PForge.Runtime.Tools;

namespace PForge.Runtime.Tests.Support.Handlers;

/// <summary><c>fail</c>: a ToolException, thrown at once.</summary>
public sealed partial class FailHandler
{
    public partial ValueTask<ToolResult> HandleAsync(FailInput input, ToolContext context) => throw new ToolException("boom");
}
