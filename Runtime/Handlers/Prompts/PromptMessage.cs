using System.Text.Json;
using PForge.Runtime.Content;

namespace PForge.Runtime.Prompts;

/// <summary>One message of a prompt (or a sampling request): a role and one content block.</summary>
public sealed record PromptMessage(Role Role, ContentBlock Content)
{
    public static PromptMessage User(string text) => new(Role.User, ContentBlock.Text(text));

    public static PromptMessage Assistant(string text) => new(Role.Assistant, ContentBlock.Text(text));

    /// <summary>Writes <c>{role, content}</c>.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("role"u8, Role == Role.User ? "user"u8 : "assistant"u8);
        writer.WritePropertyName("content"u8);
        Content.WriteTo(writer);
        writer.WriteEndObject();
    }
}
