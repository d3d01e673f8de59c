using System.Text.Json;

namespace PForge.Runtime.Protocol.Messages;

/// <summary>The params of <c>initialize</c> a server needs: the revision asked for and which client requests it may send.</summary>
/// <param name="ProtocolVersion">The client's <c>protocolVersion</c>, or null when it is missing or not a string.</param>
/// <param name="CanSample">True when the capabilities declare <c>sampling</c> (an object).</param>
/// <param name="CanElicit">True when the capabilities declare <c>elicitation</c> (an object).</param>
public readonly record struct InitializeParams(string? ProtocolVersion, bool CanSample, bool CanElicit)
{
    public static InitializeParams Read(ReadOnlySpan<byte> parameters)
    {
        string? requested = null;
        bool sample = false, elicit = false;
        if (!parameters.IsEmpty)
        {
            var reader = new Utf8JsonReader(parameters);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isVersion = reader.ValueTextEquals("protocolVersion"u8);
                var isCapabilities = reader.ValueTextEquals("capabilities"u8);
                reader.Read();
                if (isVersion && reader.TokenType == JsonTokenType.String)
                {
                    requested = JsonText.TryGetString(ref reader);
                }
                else if (isCapabilities && reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadCapabilities(reader, ref sample, ref elicit);
                }

                reader.Skip();
            }
        }

        return new InitializeParams(requested, sample, elicit);
    }

    /// <summary>Notes <c>sampling</c> and <c>elicitation</c> (a copy of the reader on the capabilities object).</summary>
    internal static void ReadCapabilities(Utf8JsonReader reader, ref bool sample, ref bool elicit)
    {
        var tasks = false;
        ReadCapabilities(reader, ref sample, ref elicit, ref tasks);
    }

    /// <summary>Notes <c>sampling</c>, <c>elicitation</c> and the Tasks extension in <c>extensions</c>.</summary>
    internal static void ReadCapabilities(Utf8JsonReader reader, ref bool sample, ref bool elicit, ref bool tasks)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var sampling = reader.ValueTextEquals("sampling"u8);
            var elicitation = reader.ValueTextEquals("elicitation"u8);
            var extensions = reader.ValueTextEquals("extensions"u8);
            reader.Read();
            var declared = reader.TokenType == JsonTokenType.StartObject;
            sample |= sampling && declared;
            elicit |= elicitation && declared;
            if (extensions && declared)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isTasks = reader.ValueTextEquals(TasksExtension);
                    reader.Read();
                    tasks |= isTasks && reader.TokenType == JsonTokenType.StartObject;
                    reader.Skip();
                }

                continue;
            }

            reader.Skip();
        }
    }

    /// <summary>The identifier of the Tasks extension of revision 2026-07-28.</summary>
    public const string TasksExtension = "io.modelcontextprotocol/tasks";
}
