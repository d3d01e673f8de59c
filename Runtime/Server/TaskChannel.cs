using System.Text.Json;
using PForge.Runtime.Client;
using PForge.Runtime.Protocol.Messages;
using PForge.Runtime.State;
using PForge.Runtime.Telemetry;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Server;

/// <summary>
/// The channel of a tool run as a task: the server's state and notifications, no progress or log messages (the Tasks
/// extension carries none), and questions to the client through the task (input required, answered by
/// <c>tasks/update</c>), as far as the creating request declared the capabilities. The answers of the rounds before
/// the task (<c>task_start: handler</c>) are replayed by place first.
/// </summary>
internal sealed class TaskChannel(McpServerDefinition definition, ServerLog log, ClientFeatures declared, Dictionary<int, InputAnswer>? answers, RunningTask task) : ICallChannel
{
    private int _asked;

    public ServerLog Log => log;

    public bool HasProgressToken => false;

    public bool ClientCanSample => declared.HasFlag(ClientFeatures.Sampling);

    public bool ClientCanElicit => declared.HasFlag(ClientFeatures.Elicitation);

    public bool ClientCanListRoots => declared.HasFlag(ClientFeatures.Roots);

    public bool IsPerRequest => false;

    public ServerNotifications? Notifications => definition.Notifications;

    public IStateStore? State => definition.State;

    public void ReportProgress(double progress, double? total, string? message)
    {
    }

    public void SendLog(LogLevel level, string message, string? logger)
    {
    }

    public Task<byte[]> RequestAsync(string method, Action<Utf8JsonWriter> writeParams, TimeSpan timeout, string? inputKey, CancellationToken cancellationToken)
    {
        var place = Interlocked.Increment(ref _asked) - 1;
        if (answers is not null && answers.TryGetValue(place, out var answer))
        {
            return answer.Method == method
                ? Task.FromResult(answer.Result)
                : throw new ToolException($"The handler asked {method} where the call before the task asked {answer.Method}: it must ask the same questions in the same order");
        }

        return task.AskAsync(method, inputKey, writeParams, timeout, cancellationToken);
    }

    /// <summary>The handler runs as a task already.</summary>
    public bool ContinueAsTask() => false;

    public void Close()
    {
    }
}
