using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>Scenario http-custom-header-server-validation: a call that passed the header check echoes its region.</summary>
public partial class TestCustomHeaderHandler
{
    public partial ValueTask<ToolResult> HandleAsync(TestCustomHeaderInput input, ToolContext context) =>
        ValueTask.FromResult(ToolResult.Text($"region: {(input.Arguments.TryGetProperty("region", out var region) ? region.GetString() : "(none)")}"));
}
