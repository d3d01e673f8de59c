using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>Scenarios tasks-*: a tool that is no task, for the checks that a plain call stays plain.</summary>
public partial class GreetHandler
{
    public partial ValueTask<ToolResult> HandleAsync(GreetInput input, ToolContext context) =>
        ValueTask.FromResult(ToolResult.Text($"Hello, {input.Name}!"));
}
