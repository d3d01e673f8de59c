using PForge.Runtime.Client;

namespace PForge.Runtime.Server;

/// <summary>
/// What one request of revision 2026-07-28 asks for its call in its <c>_meta</c>: the lowest log level it wants as
/// <c>notifications/message</c> (none without one) and the client capabilities it declares.
/// </summary>
internal sealed record ModernCall(LogLevel? LogLevel, bool CanSample, bool CanElicit)
{
    /// <summary>A request asking for nothing: no logs, no requests to the client.</summary>
    public static ModernCall Common { get; } = new(null, CanSample: false, CanElicit: false);

    public bool IsCommon => LogLevel is null && !CanSample && !CanElicit;
}
