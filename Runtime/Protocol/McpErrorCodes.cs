namespace PForge.Runtime.Protocol;

/// <summary>JSON-RPC 2.0 and MCP error codes.</summary>
public static class McpErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
    public const int ResourceNotFound = -32002;

    // Revision 2026-07-28 reserves -32020 … -32099 for the specification.
    public const int HeaderMismatch = -32020;
    public const int MissingRequiredClientCapability = -32021;
    public const int UnsupportedProtocolVersion = -32022;
}
