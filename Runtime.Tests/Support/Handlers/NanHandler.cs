using PForge.Runtime.Tools;

namespace PForge.Runtime.Tests.Support.Handlers;

/// <summary><c>nan</c>: the output record of <c>structured</c> with a NaN, which its generated writer refuses.</summary>
public sealed partial class NanHandler
{
    public partial ValueTask<ToolResult> HandleAsync(NanInput input, ToolContext context) =>
        new(ToolResult.Structured(new StructuredOutput { X = double.NaN, Y = 0 }));
}
