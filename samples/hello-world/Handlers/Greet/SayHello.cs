using PForge.Runtime.Tools;

namespace HelloWorld.Handlers.Greet;

/// <summary>The Rust path handlers::greet::say_hello names this type.</summary>
public partial class SayHello
{
    public partial ValueTask<ToolResult> HandleAsync(GreetInput input, ToolContext context) =>
        ValueTask.FromResult(ToolResult.Text($"{input.Greeting}, {input.Name}{new string('!', (int)Math.Round(input.Excitement))}"));
}
