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
}
