using System.Text.Json;
using PForge.Runtime.Client;
using PForge.Runtime.Protocol;
using PForge.Runtime.State;
using PForge.Runtime.Telemetry;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Server;

/// <summary>
/// What a call can send besides its result, and where: log messages (<c>notifications/message</c>), progress when the
/// client sent a token, and requests to the client. A stdio session shares one channel among its calls without a token
/// (no allocation per call); a call with a token, or with its own reply sink (an HTTP POST), gets its own, which stops
/// sending once the call has ended.
/// </summary>
internal sealed class CallChannel : ICallChannel
{
    private readonly MessageSink? _sink;
    private readonly byte[]? _progressToken;
    private readonly bool _shared;

    // Set for a call of revision 2026-07-28: its own log level and capabilities, from the request's _meta.
    private readonly ModernCall? _modern;
    private readonly Lock _gate = new();
    private double _lastProgress = double.NegativeInfinity;
    private bool _closed;

    /// <summary>A channel that sends nothing (a context made outside a session).</summary>
    public CallChannel(ServerLog log)
    {
        Log = log;
    }

    /// <summary>
    /// A session's channel: <paramref name="progressToken"/> is the token's JSON exactly as the client sent it, or null;
    /// a <paramref name="shared"/> channel serves many calls and is never closed.
    /// </summary>
    public CallChannel(McpSession session, MessageSink sink, ServerLog log, byte[]? progressToken, bool shared)
    {
        Session = session;
        _sink = sink;
        Log = log;
        _progressToken = progressToken;
        _shared = shared;
        _modern = (sink as ModernReplySink)?.Call;
    }

    public ServerLog Log { get; }

    public McpSession? Session { get; }

    public bool HasProgressToken => _progressToken is not null;

    public bool ClientCanSample => _modern is { } call ? call.CanSample : Session is { ClientCanSample: true };

    public bool ClientCanElicit => _modern is { } call ? call.CanElicit : Session is { ClientCanElicit: true };

    public bool ClientCanListRoots => _modern is { } call ? call.CanListRoots : Session is { ClientCanListRoots: true };

    public bool IsPerRequest => _modern is not null;

    public ServerNotifications? Notifications => Session?.Definition.Notifications;

    public IStateStore? State => Session?.Definition.State;

    /// <summary>
    /// Sends one progress notification unless the value does not increase (the specification requires increasing
    /// values), is not finite, or the call has ended. Sent under the channel's lock, so none can follow <see cref="Close"/>.
    /// </summary>
    public void ReportProgress(double progress, double? total, string? message)
    {
        if (_progressToken is null || _sink is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_closed || !double.IsFinite(progress) || !(progress > _lastProgress))
            {
                return;
            }

            _lastProgress = progress;
            using var scratch = JsonScratch.Rent();
            var writer = scratch.Writer;
            JsonRpcWriter.WriteNotificationStart(writer, "notifications/progress"u8);
            writer.WritePropertyName("progressToken"u8);
            writer.WriteRawValue(_progressToken, skipInputValidation: true);
            writer.WriteNumber("progress"u8, progress);
            if (total is { } t && double.IsFinite(t))
            {
                writer.WriteNumber("total"u8, t);
            }

            if (message is not null)
            {
                writer.WriteString("message"u8, message);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            _sink.Send(scratch.WrittenSpan);
        }
    }

    /// <summary>
    /// Sends <c>notifications/message</c> when the session's level (the request's own in revision 2026-07-28, where a
    /// request without one gets none) lets <paramref name="level"/> through.
    /// </summary>
    public void SendLog(LogLevel level, string message, string? logger)
    {
        if (_sink is null || Session is null || level < (_modern is { } call ? call.LogLevel ?? (LogLevel)int.MaxValue : Session.MinimumLogLevel))
        {
            return;
        }

        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            using var scratch = JsonScratch.Rent();
            var writer = scratch.Writer;
            JsonRpcWriter.WriteNotificationStart(writer, "notifications/message"u8);
            writer.WriteString("level"u8, LogLevels.Name(level));
            if (logger is not null)
            {
                writer.WriteString("logger"u8, logger);
            }

            writer.WriteString("data"u8, message);
            writer.WriteEndObject();
            writer.WriteEndObject();
            _sink.Send(scratch.WrittenSpan);
        }
    }

    /// <summary>Sends a request to the client on this call's sink and waits for its answer (the session matches it).</summary>
    public Task<byte[]> RequestAsync(string method, Action<Utf8JsonWriter> writeParams, TimeSpan timeout, string? inputKey, CancellationToken cancellationToken)
    {
        if (_sink is null || Session is null)
        {
            throw new ToolException($"No client to send {method} to: this call is not part of a session");
        }

        if (_modern is { } call)
        {
            // Revision 2026-07-28 sends no request to the client: the answer comes with the client's retry.
            return Task.FromResult(call.Ask(method, inputKey, writeParams));
        }

        if (!_shared)
        {
            lock (_gate)
            {
                if (_closed)
                {
                    throw new ToolException($"The call has ended; {method} cannot be sent");
                }
            }
        }

        return Session.SendRequestAsync(method, writeParams, _sink, timeout, cancellationToken);
    }

    public bool ContinueAsTask() => _modern is { } call && call.HandOff();

    /// <summary>The call has ended (answered or cancelled): nothing more is sent for it.</summary>
    public void Close()
    {
        if (_shared || _sink is null)
        {
            return;
        }

        lock (_gate)
        {
            _closed = true;
        }
    }
}
