using System.Text.Json;

namespace PForge.Runtime.Protocol.Messages;

/// <summary>The params of <c>initialize</c> a server needs: the revision asked for and which client requests it may send.</summary>
/// <param name="ProtocolVersion">The client's <c>protocolVersion</c>, or null when it is missing or not a string.</param>
/// <param name="CanSample">True when the capabilities declare <c>sampling</c> (an object).</param>
/// <param name="CanElicit">True when the capabilities declare <c>elicitation</c> (an object).</param>
/// <param name="CanListRoots">True when the capabilities declare <c>roots</c> (an object).</param>
public readonly record struct InitializeParams(string? ProtocolVersion, bool CanSample, bool CanElicit, bool CanListRoots = false)
{
    public static InitializeParams Read(ReadOnlySpan<byte> parameters)
    {
        string? requested = null;
        var declared = ClientFeatures.None;
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
                    declared = ReadCapabilities(reader);
                }

                reader.Skip();
            }
        }

        return new InitializeParams(
            requested,
            declared.HasFlag(ClientFeatures.Sampling),
            declared.HasFlag(ClientFeatures.Elicitation),
            declared.HasFlag(ClientFeatures.Roots));
    }

    /// <summary>
    /// The client requests a capabilities object declares (<c>sampling</c>, <c>elicitation</c>, <c>roots</c>, each an
    /// object) and the Tasks extension in <c>extensions</c>; read from a copy of the reader on the object.
    /// </summary>
    internal static ClientFeatures ReadCapabilities(Utf8JsonReader reader)
    {
        var declared = ClientFeatures.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var feature = reader.ValueTextEquals("sampling"u8) ? ClientFeatures.Sampling
                : reader.ValueTextEquals("elicitation"u8) ? ClientFeatures.Elicitation
                : reader.ValueTextEquals("roots"u8) ? ClientFeatures.Roots
                : ClientFeatures.None;
            var extensions = reader.ValueTextEquals("extensions"u8);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            declared |= feature;
            if (extensions)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isTasks = reader.ValueTextEquals(TasksExtension);
                    reader.Read();
                    declared |= isTasks && reader.TokenType == JsonTokenType.StartObject ? ClientFeatures.Tasks : ClientFeatures.None;
                    reader.Skip();
                }

                continue;
            }

            reader.Skip();
        }

        return declared;
    }

    /// <summary>The identifier of the Tasks extension of revision 2026-07-28.</summary>
    public const string TasksExtension = "io.modelcontextprotocol/tasks";
}

/// <summary>What a client declares it can be asked, in its capabilities.</summary>
[Flags]
internal enum ClientFeatures
{
    None = 0,
    Sampling = 1,
    Elicitation = 2,
    Roots = 4,
    Tasks = 8,
}
