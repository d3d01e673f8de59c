using System.Runtime.CompilerServices;
using System.Text.Json;

namespace PForge.Runtime.Protocol.Messages;

/// <summary>
/// The params of <c>tools/call</c>, read without allocating: the tool's name (copied into the caller's buffer), its
/// arguments and <c>_meta.progressToken</c> as slices of the params, and what was wrong with them.
/// </summary>
public readonly ref struct CallToolParams
{
    /// <summary>Longest tool name copied; longer names cannot match (tool names are at most 64 characters).</summary>
    public const int MaxNameChars = 128;

    private CallToolParams(int nameCount, int nameLength, string? longName, int argumentsCount, ReadOnlySpan<byte> arguments, bool badArguments, ReadOnlySpan<byte> progressToken, bool hasMeta)
    {
        HasMeta = hasMeta;
        NameCount = nameCount;
        NameLength = nameLength;
        LongName = longName;
        ArgumentsCount = argumentsCount;
        Arguments = arguments;
        BadArguments = badArguments;
        ProgressToken = progressToken;
    }

    /// <summary>How many <c>name</c> members the params have.</summary>
    public int NameCount { get; }

    /// <summary>The characters of the name copied into the buffer, or -1 when there is no usable short name.</summary>
    public int NameLength { get; }

    /// <summary>A name longer than <see cref="MaxNameChars"/> (valid Unicode), for the unknown-tool error; else null.</summary>
    public string? LongName { get; }

    /// <summary>How many <c>arguments</c> members the params have.</summary>
    public int ArgumentsCount { get; }

    /// <summary>The arguments object as sent, or <c>{}</c> when absent or null.</summary>
    public ReadOnlySpan<byte> Arguments { get; }

    /// <summary>True when <c>arguments</c> is neither an object nor null.</summary>
    public bool BadArguments { get; }

    /// <summary>The progress token as sent, or empty when there is none usable (a token given twice counts as none).</summary>
    public ReadOnlySpan<byte> ProgressToken { get; }

    /// <summary>True when the params have a <c>_meta</c> object: only then may the call be of revision 2026-07-28.</summary>
    public bool HasMeta { get; }

    /// <summary>Reads <paramref name="parameters"/>, copying the name into <paramref name="name"/> (at least <see cref="MaxNameChars"/> long).</summary>
    // Inlined into the session's tools/call, the one hot request: its fields stay locals as before the move.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CallToolParams Read(ReadOnlySpan<byte> parameters, Span<char> name)
    {
        var nameLength = -1;
        var arguments = "{}"u8;
        var badArguments = false;
        var names = 0;
        var argumentMembers = 0;
        string? longName = null;
        var progressTokens = 0;
        var progressTokenStart = -1;
        var progressTokenLength = 0;
        var hasMeta = false;

        if (!parameters.IsEmpty)
        {
            var reader = new Utf8JsonReader(parameters);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("name"u8))
                {
                    names++;
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
                        if (length <= MaxNameChars)
                        {
                            nameLength = JsonText.TryCopyString(ref reader, name);
                        }
                        else
                        {
                            longName = JsonText.TryGetString(ref reader);
                        }
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
                        arguments = parameters.Slice(start, (int)reader.BytesConsumed - start);
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
                        Messages.ProgressToken.ReadMeta(ref reader, ref progressTokens, ref progressTokenStart, ref progressTokenLength);
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
        }

        return new CallToolParams(
            names,
            nameLength,
            longName,
            argumentMembers,
            arguments,
            badArguments,
            progressTokens == 1 && progressTokenStart >= 0 ? parameters.Slice(progressTokenStart, progressTokenLength) : default,
            hasMeta);
    }
}
