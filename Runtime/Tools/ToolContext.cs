namespace PForge.Runtime.Tools;

/// <summary>What a handler gets besides its input: the call's cancellation (logging, progress and state join later).</summary>
public sealed class ToolContext
{
    private CancellationTokenSource? _cancellation;

    // 0 running, 1 cancelled by the client, 2 cancelled at the end of the session.
    private int _cancelled;

    /// <summary>A context for a call made outside a session, e.g. from a test or a benchmark.</summary>
    public ToolContext()
    {
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
            var source = Volatile.Read(ref _cancellation);
            if (source is null)
            {
                var created = new CancellationTokenSource();
                source = Interlocked.CompareExchange(ref _cancellation, created, null) ?? created;

                // A Cancel that ran before the source was published could not see it: honour it here.
                if (Volatile.Read(ref _cancelled) != 0)
                {
                    source.Cancel();
                }
            }

            return source.Token;
        }
    }

    /// <summary>True once the call was cancelled; its response is then not sent.</summary>
    public bool IsCancelled => Volatile.Read(ref _cancelled) != 0;

    /// <summary>True when the cancellation came from the end of the session, not from the client.</summary>
    internal bool CancelledAtShutdown => Volatile.Read(ref _cancelled) == 2;

    /// <summary>
    /// Cancels the call once; runs the handler's token callbacks here and throws their failures (an
    /// <see cref="AggregateException"/>) after all of them ran, for the caller to log.
    /// </summary>
    internal void Cancel(bool atShutdown = false)
    {
        if (Interlocked.CompareExchange(ref _cancelled, atShutdown ? 2 : 1, 0) == 0)
        {
            Volatile.Read(ref _cancellation)?.Cancel();
        }
    }
}
