using PForge.Runtime.Tools;

namespace Pipeline.Handlers;

/// <summary>Handles tool 'lookup_user' declared in pforge.yaml: a tiny in-memory directory.</summary>
public partial class LookupUserHandler
{
    public partial ValueTask<LookupUserOutput> HandleAsync(LookupUserInput input, ToolContext context) => input.Username switch
    {
        "ada" => ValueTask.FromResult(new LookupUserOutput { Name = "Ada Lovelace", Age = 36, Admin = true, Tags = ["math", "engines"] }),
        "tim" => ValueTask.FromResult(new LookupUserOutput { Name = "Tim", Age = 12, Admin = false, Tags = [] }),
        _ => throw new ToolException($"No user named '{input.Username}'"),
    };
}
