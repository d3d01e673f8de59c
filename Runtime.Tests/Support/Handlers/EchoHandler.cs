using PForge.Runtime.Tools;

namespace PForge.Runtime.Tests.Support.Handlers;

/// <summary><c>echo</c>: answers with its text, at once.</summary>
public sealed partial class EchoHandler
{
    public partial ValueTask<ToolResult> HandleAsync(EchoInput input, ToolContext context) => new(ToolResult.Text(input.Text));
}
