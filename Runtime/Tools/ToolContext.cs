using PForge.Runtime.Diagnostics;

namespace PForge.Runtime.Tools;

/// <summary>What a handler gets besides its input: the call's cancellation and progress (logging and state join later).</summary>
public sealed class ToolContext
{
    // One field for three things, so that a call allocates no more than a context of one reference and one int:
    // null (a context made outside a session), the call's CallChannel (set by the session), or the call's
    // CancellationSource once a handler asked for the token (it carries the channel on).
    private object? _state;

    // 0 running, 1 cancelled by the client, 2 cancelled at the end of the session.
    private int _cancelled;

    /// <summary>A context for a call made outside a session, e.g. from a test or a benchmark: progress goes nowhere.</summary>
    public ToolContext()
    {
    }

    /// <summary>A context for a call of a session: progress and log lines go through <paramref name="channel"/>.</summary>
    internal ToolContext(CallChannel channel)
    {
        _state = channel;
    }

    /// <summary>Cancelled when the client sends <c>notifications/cancelled</c> for this request or the session ends.</summary>
    public CancellationToken CancellationToken
    {
        get
        {
            if (Volatile.Read(ref _cancelled) != 0)
            {
                return new CancellationToken(canceled: true);
            }

            // Created on first use: a handler that never looks costs no allocation.
            var state = Volatile.Read(ref _state);
            if (state is CancellationSource existing)
            {
                return existing.Token;
            }

            var created = new CancellationSource(state as CallChannel);

            // The only change ever made to the field is this one, so a lost race means another source is published.
            var source = Interlocked.CompareExchange(ref _state, created, state) == state
                ? created
                : (CancellationSource)Volatile.Read(ref _state)!;

            // A Cancel that ran before the source was published could not see it: honour it here.
            if (Volatile.Read(ref _cancelled) != 0)
            {
                source.Cancel();
            }

            return source.Token;
        }
    }

    /// <summary>True once the call was cancelled; its response is then not sent.</summary>
    public bool IsCancelled => Volatile.Read(ref _cancelled) != 0;

    /// <summary>True when the client sent a progress token with this call: <see cref="ReportProgress"/> then reaches it.</summary>
    public bool CanReportProgress => Channel is { HasProgressToken: true };

    /// <summary>True when the cancellation came from the end of the session, not from the client.</summary>
    internal bool CancelledAtShutdown => Volatile.Read(ref _cancelled) == 2;

    /// <summary>The server's log (silent for a context made outside a session).</summary>
    internal ServerLog Log => Channel?.Log ?? ServerLog.Silent;

    private CallChannel? Channel => Volatile.Read(ref _state) switch
    {
        CallChannel channel => channel,
        CancellationSource source => source.Channel,
        _ => null,
    };

    /// <summary>
    /// Sends <c>notifications/progress</c> with the client's token. Does nothing without a token, after the call has
    /// ended or was cancelled, or when <paramref name="progress"/> is not greater than the last value sent (the
    /// specification requires increasing values). A non-finite <paramref name="total"/> is left out. Safe from any thread.
    /// </summary>
    public void ReportProgress(double progress, double? total = null, string? message = null)
    {
        if (Volatile.Read(ref _cancelled) == 0)
        {
            Channel?.ReportProgress(progress, total, message);
        }
    }

    /// <summary>The call has been answered: no progress may follow its response.</summary>
    internal void Complete() => Channel?.Close();

    /// <summary>
    /// Cancels the call once; runs the handler's token callbacks here and throws their failures (an
    /// <see cref="AggregateException"/>) after all of them ran, for the caller to log.
    /// </summary>
    internal void Cancel(bool atShutdown = false)
    {
        if (Interlocked.CompareExchange(ref _cancelled, atShutdown ? 2 : 1, 0) == 0)
        {
            Channel?.Close();
            (Volatile.Read(ref _state) as CancellationSource)?.Cancel();
        }
    }

    /// <summary>The call's cancellation source, which keeps the call's channel (the context's one field holds this).</summary>
    private sealed class CancellationSource(CallChannel? channel) : CancellationTokenSource
    {
        public CallChannel? Channel { get; } = channel;
    }
}
