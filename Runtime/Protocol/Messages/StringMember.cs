using System.Text.Json;

namespace PForge.Runtime.Protocol.Messages;

/// <summary>A string member of a request's params (<c>uri</c> of resources/read, <c>name</c> of prompts/get, <c>level</c> of logging/setLevel).</summary>
public static class StringMember
{
    /// <summary>The last string member <paramref name="name"/> of <paramref name="parameters"/>, or null when there is none (or it does not decode).</summary>
    public static string? Read(ReadOnlySpan<byte> parameters, ReadOnlySpan<byte> name)
    {
        string? value = null;
        if (!parameters.IsEmpty)
        {
            var reader = new Utf8JsonReader(parameters);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals(name);
                reader.Read();
                if (match && reader.TokenType == JsonTokenType.String)
                {
                    value = JsonText.TryGetString(ref reader);
                }

                reader.Skip();
            }
        }

        return value;
    }
}
