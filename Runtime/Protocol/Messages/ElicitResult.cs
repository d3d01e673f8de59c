using System.Text;
using System.Text.Json;

namespace PForge.Runtime.Protocol.Messages;

/// <summary>The client's result of <c>elicitation/create</c>: the user's action and the form's content as JSON text.</summary>
public readonly record struct ElicitResult(string? Action, string? ContentJson)
{
    /// <summary>Reads the result object (the JSON of the client's <c>result</c>); <see cref="Action"/> is null when it has none.</summary>
    public static ElicitResult Read(byte[] json)
    {
        ArgumentNullException.ThrowIfNull(json);
        string? action = null, content = null;
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            if (name == "action" && reader.TokenType == JsonTokenType.String)
            {
                action = reader.GetString();
            }
            else if (name == "content" && reader.TokenType == JsonTokenType.StartObject)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                content = Encoding.UTF8.GetString(json, start, (int)reader.BytesConsumed - start);
            }
            else
            {
                reader.Skip();
            }
        }

        return new ElicitResult(action, content);
    }

    /// <summary>Writes the params of the request: the message to the user and the form's schema (written again, compact).</summary>
    public static void WriteParams(Utf8JsonWriter writer, string message, JsonElement requestedSchema)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString("message"u8, message);
        writer.WritePropertyName("requestedSchema"u8);
        requestedSchema.WriteTo(writer);
    }
}
