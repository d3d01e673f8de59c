using PForge.Runtime.Tools;

namespace PForge.Runtime.Tests.Support.Handlers;

/// <summary><c>slow</c>: reports "slow:started", then runs until cancelled and reports "slow:cancelled".</summary>
public sealed partial class SlowHandler
{
    public async partial ValueTask<ToolResult> HandleAsync(SlowInput input, ToolContext context)
    {
        var server = TestServer.Of(context);
        server.Report("slow:started");
        try
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            server.Report("slow:cancelled");
            throw;
        }

        return "slow finished";
    }
}
