namespace PForge.Tasks.Emit;

/// <summary>One declared prompt message: its role and one content block, its text templates over the argument locals.</summary>
public sealed class PromptMessageDescriptor
{
    public required bool Assistant { get; init; }

    /// <summary><c>text</c>, <c>image</c>, <c>audio</c>, <c>resource_text</c> or <c>resource_blob</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The text (text and resource_text blocks).</summary>
    public PromptTextDescriptor? Text { get; init; }

    /// <summary>The resource's URI (resource blocks).</summary>
    public PromptTextDescriptor? Uri { get; init; }

    /// <summary>The base64 data (image, audio and resource_blob blocks).</summary>
    public string? Data { get; init; }

    public string? MimeType { get; init; }
}
