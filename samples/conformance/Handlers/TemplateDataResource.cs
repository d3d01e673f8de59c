using System.Text;
using System.Text.Json;
using PForge.Runtime.Resources;
using PForge.Runtime.Tools;

namespace Conformance.Handlers;

/// <summary>
/// Reads <c>test://template/{id}/data</c> (scenario resources-templates-read reads id 123 and wants the id in the text):
/// <c>{"id":"123","templateTest":true,"data":"Data for ID: 123"}</c>.
/// </summary>
public partial class TemplateDataResource
{
    public partial ValueTask<ResourceResult> ReadAsync(TemplateDataResourceRequest request, ToolContext context)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id"u8, request.Id);
            json.WriteBoolean("templateTest"u8, true);
            json.WriteString("data"u8, $"Data for ID: {request.Id}");
            json.WriteEndObject();
        }

        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        return ValueTask.FromResult<ResourceResult>(ResourceContent.FromText(request.Uri, text, "application/json"));
    }
}
