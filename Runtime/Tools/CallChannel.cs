using PForge.Runtime.Diagnostics;
using PForge.Runtime.Server;

namespace PForge.Runtime.Tools;

/// <summary>
/// What a call can send besides its result: the session's log, and <c>notifications/progress</c> when the client sent a
/// progress token. A session shares one channel without token among all its calls (no allocation per call); a call
/// with a token gets its own, which remembers the last value sent and stops once the call has ended.
/// </summary>
internal sealed class CallChannel
{
    private readonly MessageSink? _sink;
    private readonly byte[]? _progressToken;
    private readonly Lock _gate = new();
    private double _lastProgress = double.NegativeInfinity;
    private bool _closed;

    /// <summary>A session's channel for calls without a progress token.</summary>
    public CallChannel(ServerLog log)
    {
        Log = log;
    }

    /// <summary>A call's channel: <paramref name="progressToken"/> is the token's JSON exactly as the client sent it.</summary>
    public CallChannel(MessageSink sink, ServerLog log, byte[] progressToken)
    {
        _sink = sink;
        Log = log;
        _progressToken = progressToken;
    }

    public ServerLog Log { get; }

    public bool HasProgressToken => _progressToken is not null;

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
            writer.WriteStartObject();
            writer.WriteString("jsonrpc"u8, "2.0"u8);
            writer.WriteString("method"u8, "notifications/progress"u8);
            writer.WritePropertyName("params"u8);
            writer.WriteStartObject();
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

    /// <summary>The call has ended (answered or cancelled): nothing more is sent for it.</summary>
    public void Close()
    {
        if (_progressToken is null)
        {
            return;
        }

        lock (_gate)
        {
            _closed = true;
        }
    }
}
