namespace PForge.Tasks.Emit;

/// <summary>An http tool's <c>HttpInvocation</c>: its text templates compiled to expressions over the checked input.</summary>
public sealed class HttpDescriptor
{
    public required string Method { get; init; }

    /// <summary>True when a template reads the arguments: the reader's out argument is then a local, else a discard.</summary>
    public required bool ReadsInput { get; init; }

    /// <summary>A compiled text template: the endpoint with its path values escaped.</summary>
    public required string Url { get; init; }

    public required IReadOnlyList<NamedExpressionDescriptor> Query { get; init; }

    /// <summary>The declared headers, then the authentication header.</summary>
    public required IReadOnlyList<NamedExpressionDescriptor> Headers { get; init; }

    /// <summary>A compiled text template, or null.</summary>
    public required string? Body { get; init; }

    /// <summary>The body's media type, or null.</summary>
    public required string? ContentType { get; init; }

    public required long TimeoutMs { get; init; }

    public required int MaxResponseBytes { get; init; }
}
