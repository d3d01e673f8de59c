namespace PForge.Runtime.Tools;

/// <summary>What a handler gets besides its input: the call's cancellation (logging, progress and state join later).</summary>
public sealed class ToolContext
{
    private readonly Lock _gate = new();
    private CancellationTokenSource? _cancellation;
    private bool _cancelled;

    /// <summary>A context for a call made outside a session, e.g. from a test or a benchmark.</summary>
    public ToolContext()
    {
    }

    /// <summary>Cancelled when the client sends <c>notifications/cancelled</c> for this request or the session ends.</summary>
    public CancellationToken CancellationToken
    {
        get
        {
            // Created on first use: a handler that never looks costs no allocation.
            lock (_gate)
            {
                if (_cancelled)
                {
                    return new CancellationToken(canceled: true);
                }

                _cancellation ??= new CancellationTokenSource();
                return _cancellation.Token;
            }
        }
    }

    /// <summary>True once the call was cancelled; its response is then not sent.</summary>
    public bool IsCancelled
    {
        get
        {
            lock (_gate)
            {
                return _cancelled;
            }
        }
    }

    internal void Cancel()
    {
        CancellationTokenSource? source;
        lock (_gate)
        {
            if (_cancelled)
            {
                return;
            }

            _cancelled = true;
            source = _cancellation;
        }

        source?.Cancel();
    }
}
