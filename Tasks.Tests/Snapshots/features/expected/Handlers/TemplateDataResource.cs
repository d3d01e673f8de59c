using System.Threading.Tasks;
using PForge.Runtime.Protocol;
using PForge.Runtime.Resources;
using PForge.Runtime.Tools;

namespace Features.Handlers;

/// <summary>Reads resource 'template-data' (test://template/{id}/data) declared in pforge.yaml. PForge wrote this stub once; it is yours to edit.</summary>
public partial class TemplateDataResource
{
    public partial ValueTask<ResourceResult> ReadAsync(TemplateDataResourceRequest request, ToolContext context)
    {
        // Return e.g. ResourceContent.FromText(request.Uri, "...", "text/plain"); throw McpException for an error answer.
        throw new McpException(McpErrorCodes.InternalError, "Resource 'template-data' (test://template/{id}/data) is not implemented yet");
    }
}
