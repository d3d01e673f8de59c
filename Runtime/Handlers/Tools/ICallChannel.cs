using System.Text.Json;
using PForge.Runtime.Client;
using PForge.Runtime.State;
using PForge.Runtime.Telemetry;

namespace PForge.Runtime.Tools;

/// <summary>
/// What a call can send besides its result, and what it may know of its session: the seam between the Handler API
/// (<see cref="ToolContext"/>) and the server, which implements it per call (a session's call channel).
/// </summary>
internal interface ICallChannel
{
    /// <summary>The server's log.</summary>
    ServerLog Log { get; }

    /// <summary>True when the client sent a progress token with this call.</summary>
    bool HasProgressToken { get; }

    /// <summary>True when the client declared <c>sampling</c> at initialize.</summary>
    bool ClientCanSample { get; }

    /// <summary>True when the client declared <c>elicitation</c> at initialize.</summary>
    bool ClientCanElicit { get; }

    /// <summary>True when the client declared <c>roots</c> at initialize.</summary>
    bool ClientCanListRoots { get; }

    /// <summary>True for a call of revision 2026-07-28: the client's capabilities come with the request itself.</summary>
    bool IsPerRequest { get; }

    /// <summary>The notifications of the session's server, or null outside a session.</summary>
    ServerNotifications? Notifications { get; }

    /// <summary>The state store of the session's server, or null outside a session.</summary>
    IStateStore? State { get; }

    /// <summary>Sends one progress notification (only increasing, finite values, while the call runs).</summary>
    void ReportProgress(double progress, double? total, string? message);

    /// <summary>Sends <c>notifications/message</c> when the session's level lets <paramref name="level"/> through.</summary>
    void SendLog(LogLevel level, string message, string? logger);

    /// <summary>
    /// Sends a request to the client and waits for its answer (the result's JSON); in revision 2026-07-28 the request
    /// is an input request of the call's result, under <paramref name="inputKey"/> when the handler named it.
    /// </summary>
    Task<byte[]> RequestAsync(string method, Action<Utf8JsonWriter> writeParams, TimeSpan timeout, string? inputKey, CancellationToken cancellationToken);

    /// <summary>
    /// True when the call hands its tool over to a task (<c>task_start: handler</c>, a request declaring the Tasks
    /// extension): the handler's run ends and runs again as the task. False where it runs on as it is.
    /// </summary>
    bool ContinueAsTask();

    /// <summary>The call has ended (answered or cancelled): nothing more is sent for it.</summary>
    void Close();
}
