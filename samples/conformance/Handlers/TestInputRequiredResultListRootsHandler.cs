using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>Scenario input-required-result-basic-list-roots: asks the client's roots under the key <c>client_roots</c>.</summary>
public partial class TestInputRequiredResultListRootsHandler
{
    public async partial ValueTask<ToolResult> HandleAsync(TestInputRequiredResultListRootsInput input, ToolContext context)
    {
        var answer = await context.ListRootsAsync(Fixtures.ClientTimeout, inputKey: "client_roots");
        return ToolResult.Text($"Found {answer.Roots.Count} root(s)");
    }
}
