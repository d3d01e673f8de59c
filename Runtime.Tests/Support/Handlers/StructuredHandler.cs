using PForge.Runtime.Tools;

namespace PForge.Runtime.Tests.Support.Handlers;

/// <summary><c>structured</c>: the output record {x: 1.5, y: -2}.</summary>
public sealed partial class StructuredHandler
{
    public partial ValueTask<StructuredOutput> HandleAsync(StructuredInput input, ToolContext context) => new(new StructuredOutput { X = 1.5, Y = -2 });
}
