using System.Text.Json;
using PForge.Runtime.Client;
using PForge.Runtime.State;
using PForge.Runtime.Telemetry;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Server;

/// <summary>
/// The channel of a tool run as a task: the server's state and notifications, but no client to send to (the Tasks
/// extension carries no progress or log messages, and this server asks no input of a task).
/// </summary>
internal sealed class TaskChannel(McpServerDefinition definition, ServerLog log) : ICallChannel
{
    public ServerLog Log => log;

    public bool HasProgressToken => false;

    public bool ClientCanSample => false;

    public bool ClientCanElicit => false;

    public bool ClientCanListRoots => false;

    public bool IsPerRequest => false;

    public ServerNotifications? Notifications => definition.Notifications;

    public IStateStore? State => definition.State;

    public void ReportProgress(double progress, double? total, string? message)
    {
    }

    public void SendLog(LogLevel level, string message, string? logger)
    {
    }

    public Task<byte[]> RequestAsync(string method, Action<Utf8JsonWriter> writeParams, TimeSpan timeout, string? inputKey, CancellationToken cancellationToken) =>
        throw new ToolException($"{method} cannot be sent: a tool run as a task has no client to ask");

    public void Close()
    {
    }
}
