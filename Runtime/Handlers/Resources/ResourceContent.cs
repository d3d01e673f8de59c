using System.Text.Json;

namespace PForge.Runtime.Resources;

/// <summary>The contents of one resource: its URI, MIME type and either text or binary data (sent as base64 <c>blob</c>).</summary>
public sealed class ResourceContent
{
    private ResourceContent(string uri, string? mimeType, string? text, string? blob)
    {
        Uri = uri ?? throw new ArgumentNullException(nameof(uri));
        MimeType = mimeType;
        Text = text;
        Blob = blob;
    }

    public string Uri { get; }

    public string? MimeType { get; }

    /// <summary>The text of a text resource; null for a binary one.</summary>
    public string? Text { get; }

    /// <summary>The base64 data of a binary resource; null for a text one.</summary>
    public string? Blob { get; }

    public static ResourceContent FromText(string uri, string text, string? mimeType = null) =>
        new(uri, mimeType, text ?? throw new ArgumentNullException(nameof(text)), null);

    /// <summary>Binary contents from data already in base64.</summary>
    public static ResourceContent FromBase64(string uri, string base64, string? mimeType = null) =>
        new(uri, mimeType, null, base64 ?? throw new ArgumentNullException(nameof(base64)));

    /// <summary>Binary contents from raw bytes (encoded to base64 here).</summary>
    public static ResourceContent FromBytes(string uri, ReadOnlySpan<byte> data, string? mimeType = null) =>
        new(uri, mimeType, null, Convert.ToBase64String(data));

    /// <summary>Writes <c>{uri, mimeType?, text|blob}</c>.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("uri"u8, Uri);
        if (MimeType is not null)
        {
            writer.WriteString("mimeType"u8, MimeType);
        }

        if (Text is not null)
        {
            writer.WriteString("text"u8, Text);
        }
        else
        {
            writer.WriteString("blob"u8, Blob);
        }

        writer.WriteEndObject();
    }
}
