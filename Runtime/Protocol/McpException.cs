namespace PForge.Runtime.Protocol;

/// <summary>
/// Thrown by generated code or a resource, prompt or completion handler to answer the request with this JSON-RPC error
/// (e.g. <see cref="McpErrorCodes.InvalidParams"/> for a missing prompt argument). Tools report failures as results instead.
/// </summary>
public sealed class McpException : Exception
{
    public McpException(int code, string message)
        : base(message)
    {
        Code = code;
    }

    public McpException()
        : this(McpErrorCodes.InternalError, "Internal error")
    {
    }

    public McpException(string message)
        : this(McpErrorCodes.InternalError, message)
    {
    }

    public McpException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = McpErrorCodes.InternalError;
    }

    public int Code { get; }

    /// <summary>The URI a <see cref="McpErrorCodes.ResourceNotFound"/> error is about; sent as <c>data.uri</c>.</summary>
    public string? ResourceUri { get; init; }

    /// <summary>The -32002 error for a URI no resource has.</summary>
    public static McpException ResourceNotFound(string uri) =>
        new(McpErrorCodes.ResourceNotFound, "Resource not found: " + uri) { ResourceUri = uri };
}
