using PForge.Runtime.Tools;

namespace PForgeServer.Handlers;

public partial class GreetHandler
{
    public partial ValueTask<ToolResult> HandleAsync(GreetInput input, ToolContext context) =>
        ValueTask.FromResult(ToolResult.Text($"{input.Greeting}, {input.Name}!"));
}
