using System.Text.Json;
using PForge.Runtime.Resources;

namespace PForge.Runtime.Content;

/// <summary>One block of MCP content, as tool results and prompt messages carry: text, image, audio, a resource or a link.</summary>
public abstract class ContentBlock
{
    private protected ContentBlock()
    {
    }

    /// <summary>A <c>text</c> block.</summary>
    public static ContentBlock Text(string text) => new TextBlock(text ?? string.Empty);

    /// <summary>An <c>image</c> block from data already in base64.</summary>
    public static ContentBlock Image(string base64Data, string mimeType) => new BinaryBlock("image"u8.ToArray(), Require(base64Data), Require(mimeType));

    /// <summary>An <c>image</c> block from raw bytes (encoded to base64 here).</summary>
    public static ContentBlock Image(ReadOnlySpan<byte> data, string mimeType) => Image(Convert.ToBase64String(data), mimeType);

    /// <summary>An <c>audio</c> block from data already in base64.</summary>
    public static ContentBlock Audio(string base64Data, string mimeType) => new BinaryBlock("audio"u8.ToArray(), Require(base64Data), Require(mimeType));

    /// <summary>An <c>audio</c> block from raw bytes (encoded to base64 here).</summary>
    public static ContentBlock Audio(ReadOnlySpan<byte> data, string mimeType) => Audio(Convert.ToBase64String(data), mimeType);

    /// <summary>A <c>resource</c> block: the resource's contents embedded in the message.</summary>
    public static ContentBlock Resource(ResourceContent resource) => new EmbeddedResourceBlock(resource ?? throw new ArgumentNullException(nameof(resource)));

    /// <summary>A <c>resource_link</c> block: a pointer the client may read with <c>resources/read</c>.</summary>
    public static ContentBlock ResourceLink(string uri, string name, string? mimeType = null, string? description = null) =>
        new ResourceLinkBlock(Require(uri), Require(name), mimeType, description);

    /// <summary>The text of a text block; null for the other kinds.</summary>
    public virtual string? TextValue => null;

    /// <summary>Writes the block as one JSON object.</summary>
    public abstract void WriteTo(Utf8JsonWriter writer);

    private static string Require(string value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null) =>
        value ?? throw new ArgumentNullException(name);

    private sealed class TextBlock(string text) : ContentBlock
    {
        public override string? TextValue => text;

        public override void WriteTo(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "text"u8);
            writer.WriteString("text"u8, text);
            writer.WriteEndObject();
        }
    }

    private sealed class BinaryBlock(byte[] type, string data, string mimeType) : ContentBlock
    {
        public override void WriteTo(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, type);
            writer.WriteString("data"u8, data);
            writer.WriteString("mimeType"u8, mimeType);
            writer.WriteEndObject();
        }
    }

    private sealed class EmbeddedResourceBlock(ResourceContent resource) : ContentBlock
    {
        public override void WriteTo(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "resource"u8);
            writer.WritePropertyName("resource"u8);
            resource.WriteTo(writer);
            writer.WriteEndObject();
        }
    }

    private sealed class ResourceLinkBlock(string uri, string name, string? mimeType, string? description) : ContentBlock
    {
        public override void WriteTo(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "resource_link"u8);
            writer.WriteString("uri"u8, uri);
            writer.WriteString("name"u8, name);
            if (mimeType is not null)
            {
                writer.WriteString("mimeType"u8, mimeType);
            }

            if (description is not null)
            {
                writer.WriteString("description"u8, description);
            }

            writer.WriteEndObject();
        }
    }
}
