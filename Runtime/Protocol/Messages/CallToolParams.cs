using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Unicode;
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
    public static CallToolParams Read(ReadOnlySpan<byte> parameters, Span<char> name) => Read(parameters, CallToolScan.Of(parameters), name);

    /// <summary>Reads params from what a scan found in them (scanning them now when <paramref name="scan"/> did not).</summary>
    // Inlined into the session's tools/call, the one hot request: its fields stay locals.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CallToolParams Read(ReadOnlySpan<byte> parameters, scoped in CallToolScan scan, Span<char> name)
    {
        var found = scan.IsScanned ? scan : CallToolScan.Of(parameters);
        var nameLength = -1;
        string? longName = null;
        if (found.NameStart >= 0)
        {
            var text = parameters.Slice(found.NameStart, found.NameLength);
            if (!found.NameIsEscaped && text.Length <= MaxNameChars)
            {
                // Plain UTF-8 needs no reader; invalid UTF-8 is no name, as the reader's copy would say.
                nameLength = Utf8.ToUtf16(text, name, out _, out var written, replaceInvalidSequences: false) == OperationStatus.Done ? written : -1;
            }
            else
            {
                var reader = new Utf8JsonReader(parameters.Slice(found.NameStart - 1, found.NameLength + 2));
                reader.Read();
                if (text.Length <= MaxNameChars)
                {
                    nameLength = JsonText.TryCopyString(ref reader, name);
                }
                else
                {
                    longName = JsonText.TryGetString(ref reader);
                }
            }
        }

        return new CallToolParams(
            found.Names,
            nameLength,
            longName,
            found.ArgumentMembers,
            found.ArgumentsStart >= 0 ? parameters.Slice(found.ArgumentsStart, found.ArgumentsLength) : "{}"u8,
            found.BadArguments,
            found.ProgressTokens == 1 && found.ProgressTokenStart >= 0 ? parameters.Slice(found.ProgressTokenStart, found.ProgressTokenLength) : default,
            found.HasMeta);
    }
}
