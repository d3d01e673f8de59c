namespace PForge.Runtime.Client;

/// <summary>MCP log levels (RFC 5424 severities), lowest first; <c>logging/setLevel</c> filters what handlers send.</summary>
public enum LogLevel
{
    Debug,
    Info,
    Notice,
    Warning,
    Error,
    Critical,
    Alert,
    Emergency,
}
