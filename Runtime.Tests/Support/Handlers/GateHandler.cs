using PForge.Runtime.Tools;

namespace PForge.Runtime.Tests.Support.Handlers;

/// <summary><c>gate</c>: reports "gate:{key}:started", then waits until the test opens gate <c>key</c>.</summary>
public sealed partial class GateHandler
{
    public async partial ValueTask<ToolResult> HandleAsync(GateInput input, ToolContext context)
    {
        var server = TestServer.Of(context);
        server.Report($"gate:{input.Key}:started");

        // Ignores cancellation on purpose: a call that finishes after being cancelled must still send nothing.
        var opened = await server.Gate(input.Key).Task.WaitAsync(TestTimeouts.Wait);
        return $"opened {opened}";
    }
}
