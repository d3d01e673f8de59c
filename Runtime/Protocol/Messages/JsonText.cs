using System.Text.Json;

namespace PForge.Runtime.Protocol.Messages;

/// <summary>Reading string tokens that may not decode: invalid UTF-8 or a lone surrogate escape pass the reader's syntax check.</summary>
public static class JsonText
{
    /// <summary>The text of the string token at the reader, or null when it is not valid Unicode (which must not end a session).</summary>
    public static string? TryGetString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Like <see cref="TryGetString"/> without allocating: the length copied, or -1 when not valid Unicode.</summary>
    public static int TryCopyString(ref Utf8JsonReader reader, scoped Span<char> destination)
    {
        try
        {
            return reader.CopyString(destination);
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }
}
