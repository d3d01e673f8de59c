using PForge.Runtime.Tools;

namespace PForge.Runtime.Tests.Support.Handlers;

/// <summary><c>crash</c>: an exception that is no ToolException, thrown at once.</summary>
public sealed partial class CrashHandler
{
    public partial ValueTask<ToolResult> HandleAsync(CrashInput input, ToolContext context) => throw new InvalidOperationException("the handler crashed");
}
