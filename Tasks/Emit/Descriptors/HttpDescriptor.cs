namespace PForge.Tasks.Emit;

/// <summary>An http tool's <c>HttpInvocation</c>: the request, its parts as text templates over the checked input.</summary>
public sealed class HttpDescriptor
{
    public required string Method { get; init; }

    /// <summary>True when a template reads the arguments: the reader's out argument is then a local, else a discard.</summary>
    public required bool ReadsInput { get; init; }

    /// <summary>The endpoint, its values checked as path segments or host names.</summary>
    public required TextTemplateDescriptor Url { get; init; }

    public required IReadOnlyList<NamedTextDescriptor> Query { get; init; }

    /// <summary>The declared headers, then the authentication header.</summary>
    public required IReadOnlyList<NamedTextDescriptor> Headers { get; init; }

    public required TextTemplateDescriptor? Body { get; init; }

    /// <summary>The body's media type, or null.</summary>
    public required string? ContentType { get; init; }

    public required long TimeoutMs { get; init; }

    public required int MaxResponseBytes { get; init; }
}
