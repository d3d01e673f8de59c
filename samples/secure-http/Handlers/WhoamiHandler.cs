using PForge.Runtime.Tools;

namespace SecureHttp.Handlers;

/// <summary>Tool 'whoami': the caller as the server authenticated it (ToolContext.User).</summary>
public partial class WhoamiHandler
{
    public partial ValueTask<WhoamiOutput> HandleAsync(WhoamiInput input, ToolContext context)
    {
        var user = context.User ?? throw new ToolException("no authenticated caller: this server serves its tools over HTTP with forge.http.auth");
        return new(new WhoamiOutput { Subject = user.Subject ?? string.Empty, ClientId = user.ClientId ?? string.Empty, Scopes = [.. user.Scopes] });
    }
}
