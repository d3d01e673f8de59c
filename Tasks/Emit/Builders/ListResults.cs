using System.Text.Json;
using PForge.Tasks.Config;

namespace PForge.Tasks.Emit;

/// <summary>The constant JSON results the server serves as bytes: serverInfo, capabilities, and the tools, resources and prompts lists.</summary>
internal static class ListResults
{
    public static string ServerInfo(ForgeInfo forge) => JsonText.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("name", forge.Name);
        writer.WriteString("version", forge.Version);
        if (forge.Title is not null)
        {
            writer.WriteString("title", forge.Title);
        }

        if (forge.Description is not null)
        {
            writer.WriteString("description", forge.Description);
        }

        writer.WriteEndObject();
    });

    /// <summary>The constant <c>tools/list</c> result: built once here, served as bytes.</summary>
    public static string ToolsList(IReadOnlyList<ToolConfig> configs, List<ToolDescriptor> tools) => JsonText.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("tools");
        foreach (var descriptor in tools)
        {
            var tool = configs.First(c => c.Name == descriptor.Name);
            writer.WriteStartObject();
            writer.WriteString("name", tool.Name);
            if (tool.Title is not null)
            {
                writer.WriteString("title", tool.Title);
            }

            if (tool.Description is not null)
            {
                writer.WriteString("description", tool.Description);
            }

            writer.WritePropertyName("inputSchema");
            writer.WriteRawValue(descriptor.InputSchemaCompact);
            if (descriptor.OutputSchemaCompact is { } outputSchema)
            {
                writer.WritePropertyName("outputSchema");
                writer.WriteRawValue(outputSchema);
            }

            if (tool.Annotations is { } a)
            {
                writer.WriteStartObject("annotations");
                WriteOptional(writer, "title", a.Title);
                WriteOptional(writer, "readOnlyHint", a.ReadOnly);
                WriteOptional(writer, "destructiveHint", a.Destructive);
                WriteOptional(writer, "idempotentHint", a.Idempotent);
                WriteOptional(writer, "openWorldHint", a.OpenWorld);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, bool? value)
    {
        if (value is { } flag)
        {
            writer.WriteBoolean(name, flag);
        }
    }

    /// <summary>The <c>capabilities</c> of the initialize result: tools always; resources and prompts when declared; the Tasks extension when a tool is a task.</summary>
    public static string Capabilities(PForgeConfig config)
    {
        var json = new System.Text.StringBuilder("""{"tools":{"listChanged":true}""");
        if (config.Resources.Count > 0)
        {
            json.Append(""","resources":{"subscribe":""").Append(config.Resources.Any(r => r.Subscribe) ? "true" : "false").Append(""","listChanged":true}""");
        }

        if (config.Prompts.Count > 0)
        {
            json.Append(""","prompts":{"listChanged":true}""");
        }

        json.Append(""","logging":{},"completions":{}""");

        // The Tasks extension of revision 2026-07-28, when a tool may run as a task.
        return (config.Tools.Any(t => t.Task != TaskSupport.None) ? json.Append(""","extensions":{"io.modelcontextprotocol/tasks":{}}}""") : json.Append('}')).ToString();
    }

    public static string ResourcesList(IReadOnlyList<ResourceConfig> resources, bool templates) => JsonText.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray(templates ? "resourceTemplates" : "resources");
        foreach (var resource in resources.Where(r => (r.Template is not null) == templates))
        {
            writer.WriteStartObject();
            writer.WriteString(templates ? "uriTemplate" : "uri", resource.Uri);
            writer.WriteString("name", resource.Name);
            WriteOptional(writer, "title", resource.Title);
            WriteOptional(writer, "description", resource.Description);
            WriteOptional(writer, "mimeType", resource.MimeType);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    public static string PromptsList(IReadOnlyList<PromptConfig> prompts) => JsonText.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("prompts");
        foreach (var prompt in prompts)
        {
            writer.WriteStartObject();
            writer.WriteString("name", prompt.Name);
            WriteOptional(writer, "title", prompt.Title);
            WriteOptional(writer, "description", prompt.Description);
            writer.WriteStartArray("arguments");
            foreach (var argument in prompt.Arguments)
            {
                writer.WriteStartObject();
                writer.WriteString("name", argument.Name);
                WriteOptional(writer, "description", argument.Description);
                writer.WriteBoolean("required", argument.Required);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });
}
