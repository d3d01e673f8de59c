using System.Text.Json;

namespace PForge.Runtime.Resources;

/// <summary>The result of <c>resources/read</c>: one or more contents (a directory-like resource may have several).</summary>
public sealed class ResourceResult
{
    public ResourceResult(params IReadOnlyList<ResourceContent> contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        Contents = contents;
    }

    public IReadOnlyList<ResourceContent> Contents { get; }

    public static implicit operator ResourceResult(ResourceContent content) => new(content);

    /// <summary>Writes <c>{contents:[…]}</c>.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteStartArray("contents"u8);
        foreach (var content in Contents)
        {
            content.WriteTo(writer);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
