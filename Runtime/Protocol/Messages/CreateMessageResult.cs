using System.Text.Json;

namespace PForge.Runtime.Protocol.Messages;

/// <summary>The client's result of <c>sampling/createMessage</c>: who spoke, the first text block, the model and why it stopped.</summary>
public readonly record struct CreateMessageResult(string? Role, string? Text, string? Model, string? StopReason)
{
    /// <summary>Reads the result object (the JSON of the client's <c>result</c>); members of other types are ignored.</summary>
    public static CreateMessageResult Read(ReadOnlySpan<byte> json)
    {
        string? role = null, text = null, model = null, stopReason = null;
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "role" when reader.TokenType == JsonTokenType.String:
                    role = reader.GetString();
                    break;
                case "model" when reader.TokenType == JsonTokenType.String:
                    model = reader.GetString();
                    break;
                case "stopReason" when reader.TokenType == JsonTokenType.String:
                    stopReason = reader.GetString();
                    break;
                case "content" when reader.TokenType == JsonTokenType.StartObject:
                    text = ReadText(ref reader);
                    break;
                case "content" when reader.TokenType == JsonTokenType.StartArray:
                    // Several blocks (a tool-using model): the first text block is the answer's text.
                    while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                    {
                        text ??= ReadText(ref reader);
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new CreateMessageResult(role, text, model, stopReason);
    }

    /// <summary>Writes the params of the request: the messages (written by <paramref name="writeMessages"/>) and the model's limits.</summary>
    public static void WriteParams(Utf8JsonWriter writer, Action<Utf8JsonWriter> writeMessages, int maxTokens, string? systemPrompt, double? temperature)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(writeMessages);
        writer.WriteStartArray("messages"u8);
        writeMessages(writer);
        writer.WriteEndArray();
        writer.WriteNumber("maxTokens"u8, maxTokens);
        if (systemPrompt is not null)
        {
            writer.WriteString("systemPrompt"u8, systemPrompt);
        }

        if (temperature is { } value)
        {
            writer.WriteNumber("temperature"u8, value);
        }
    }

    /// <summary>Reads a content block object (the reader on its start) to its end; its text when it is a text block.</summary>
    private static string? ReadText(ref Utf8JsonReader reader)
    {
        string? type = null, text = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            if (name == "type" && reader.TokenType == JsonTokenType.String)
            {
                type = reader.GetString();
            }
            else if (name == "text" && reader.TokenType == JsonTokenType.String)
            {
                text = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        return type == "text" ? text : null;
    }
}
