using System.Text.Json;

namespace PForge.Runtime.Prompts;

/// <summary>The result of <c>prompts/get</c>: the messages, and an optional description.</summary>
public sealed class PromptResult
{
    public PromptResult(IReadOnlyList<PromptMessage> messages, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        Messages = messages;
        Description = description;
    }

    public IReadOnlyList<PromptMessage> Messages { get; }

    public string? Description { get; }

    /// <summary>Writes <c>{description?, messages:[…]}</c>.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        if (Description is not null)
        {
            writer.WriteString("description"u8, Description);
        }

        writer.WriteStartArray("messages"u8);
        foreach (var message in Messages)
        {
            message.WriteTo(writer);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
