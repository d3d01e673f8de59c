using System.Threading.Tasks;
using PForge.Runtime.Protocol;
using PForge.Runtime.Resources;
using PForge.Runtime.Tools;

namespace Features.Handlers;

/// <summary>Reads resource 'user-file' (users://{user_name}/files/{file}) declared in pforge.yaml. PForge wrote this stub once; it is yours to edit.</summary>
public partial class UserFile
{
    public partial ValueTask<ResourceResult> ReadAsync(UserFileRequest request, ToolContext context)
    {
        // Return e.g. ResourceContent.FromText(request.Uri, "...", "text/plain"); throw McpException for an error answer.
        throw new McpException(McpErrorCodes.InternalError, "Resource 'user-file' (users://{user_name}/files/{file}) is not implemented yet");
    }
}
