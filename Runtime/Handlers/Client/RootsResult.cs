using System.Text;
using System.Text.Json;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Client;

/// <summary>The client's answer to <c>roots/list</c>: the directories or files it lets the server work in.</summary>
public sealed class RootsResult
{
    public required IReadOnlyList<Root> Roots { get; init; }

    /// <summary>The whole <c>result</c> object as the client sent it.</summary>
    public required string Json { get; init; }

    /// <summary>Reads the client's result; a result without a <c>roots</c> array, or a root without a string <c>uri</c>, is refused.</summary>
    internal static RootsResult Read(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("roots"u8, out var roots) || roots.ValueKind != JsonValueKind.Array)
        {
            throw new ToolException("The client's answer to roots/list has no \"roots\" array");
        }

        var list = new List<Root>(roots.GetArrayLength());
        foreach (var root in roots.EnumerateArray())
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("uri"u8, out var uri) || uri.ValueKind != JsonValueKind.String)
            {
                throw new ToolException("A root in the client's answer to roots/list has no string \"uri\"");
            }

            var name = root.TryGetProperty("name"u8, out var given) && given.ValueKind == JsonValueKind.String ? given.GetString() : null;
            list.Add(new Root(uri.GetString()!, name));
        }

        return new RootsResult { Roots = list, Json = Encoding.UTF8.GetString(json) };
    }
}

/// <summary>One root: its URI (a <c>file://</c> URI in the specification's revisions so far) and an optional name.</summary>
public sealed record Root(string Uri, string? Name);
