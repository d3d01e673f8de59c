using System.Text.Json;

namespace PForge.Runtime.Protocol.Messages;

/// <summary>
/// Where the members of <c>tools/call</c> params lie, as offsets into the params: found by the envelope's own pass over
/// a message (<see cref="JsonRpcReader"/>), so the hot request is tokenised once before its arguments are read.
/// </summary>
public readonly record struct CallToolScan
{
    /// <summary>False for the default value: nothing was scanned, the params must be read.</summary>
    public bool IsScanned { get; private init; }

    public int Names { get; private init; }

    /// <summary>The value of the last string <c>name</c> (between its quotes), or -1.</summary>
    public int NameStart { get; private init; }

    public int NameLength { get; private init; }

    public bool NameIsEscaped { get; private init; }

    public int ArgumentMembers { get; private init; }

    /// <summary>The arguments object, or -1 when absent or null.</summary>
    public int ArgumentsStart { get; private init; }

    public int ArgumentsLength { get; private init; }

    public bool BadArguments { get; private init; }

    public bool HasMeta { get; private init; }

    public int ProgressTokens { get; private init; }

    /// <summary>The last usable progress token, or -1.</summary>
    public int ProgressTokenStart { get; private init; }

    public int ProgressTokenLength { get; private init; }

    /// <summary>Scans params on their own.</summary>
    public static CallToolScan Of(ReadOnlySpan<byte> parameters)
    {
        if (parameters.IsEmpty)
        {
            return new CallToolScan { IsScanned = true, NameStart = -1, ArgumentsStart = -1, ProgressTokenStart = -1 };
        }

        var reader = new Utf8JsonReader(parameters);
        reader.Read();
        return Read(ref reader, 0);
    }

    /// <summary>
    /// Reads params with the reader on their start object, up to their end; <paramref name="origin"/> is where the
    /// params start in the reader's text, so that offsets count from them.
    /// </summary>
    public static CallToolScan Read(ref Utf8JsonReader reader, int origin)
    {
        int names = 0, nameStart = -1, nameLength = 0, argumentMembers = 0, argumentsStart = -1, argumentsLength = 0;
        int progressTokens = 0, progressTokenStart = -1, progressTokenLength = 0;
        bool nameIsEscaped = false, badArguments = false, hasMeta = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                names++;
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    // One segment: the value lies between the token's quotes.
                    nameStart = (int)reader.TokenStartIndex + 1 - origin;
                    nameLength = reader.ValueSpan.Length;
                    nameIsEscaped = reader.ValueIsEscaped;
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                argumentMembers++;
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    reader.Skip();
                    argumentsStart = start - origin;
                    argumentsLength = (int)reader.BytesConsumed - start;
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    badArguments = true;
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("_meta"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    hasMeta = true;
                    int start = -1, length = 0;
                    ProgressToken.ReadMeta(ref reader, ref progressTokens, ref start, ref length);
                    if (start >= 0)
                    {
                        progressTokenStart = start - origin;
                        progressTokenLength = length;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return Create(names, nameStart, nameLength, nameIsEscaped, argumentMembers, argumentsStart, argumentsLength, badArguments, hasMeta, progressTokens, progressTokenStart, progressTokenLength);
    }

    /// <summary>A scan of what another reader found (<see cref="PlainEnvelopeReader"/>).</summary>
    internal static CallToolScan Create(
        int names, int nameStart, int nameLength, bool nameIsEscaped, int argumentMembers, int argumentsStart, int argumentsLength,
        bool badArguments, bool hasMeta, int progressTokens, int progressTokenStart, int progressTokenLength) =>
        new()
        {
            IsScanned = true,
            Names = names,
            NameStart = nameStart,
            NameLength = nameLength,
            NameIsEscaped = nameIsEscaped,
            ArgumentMembers = argumentMembers,
            ArgumentsStart = argumentsStart,
            ArgumentsLength = argumentsLength,
            BadArguments = badArguments,
            HasMeta = hasMeta,
            ProgressTokens = progressTokens,
            ProgressTokenStart = progressTokenStart,
            ProgressTokenLength = progressTokenLength,
        };
}
