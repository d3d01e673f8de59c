using PForge.Runtime.Settings;

namespace PForge.Runtime.Policies;

/// <summary>
/// The state of one tool's circuit breaker: closed (calls go through, transient failures in a row are counted), open
/// (calls are refused until the open time has passed) and half-open (one trial call at a time; enough successes in a
/// row close it, a failure opens it again). Thread-safe; time comes from a <see cref="TimeProvider"/>.
/// </summary>
internal sealed class CircuitBreaker(CircuitBreakerSettings settings, TimeProvider time, Action<CircuitState> changed)
{
    private readonly Lock _gate = new();
    private CircuitState _state = CircuitState.Closed;
    private int _failures;
    private int _successes;
    private DateTimeOffset _openUntil;
    private bool _trialRunning;

    public CircuitState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>
    /// Lets a call through (<paramref name="trial"/> when it is the half-open state's trial call), or says why not: open
    /// (and for how long yet) or half-open with its trial call running.
    /// </summary>
    public bool TryEnter(out bool trial, out CircuitState refusedIn, out TimeSpan retryIn)
    {
        trial = false;
        CircuitState? transition = null;
        try
        {
            lock (_gate)
            {
                refusedIn = _state;
                retryIn = TimeSpan.Zero;
                if (_state == CircuitState.Open)
                {
                    var now = time.GetUtcNow();
                    if (now < _openUntil)
                    {
                        retryIn = _openUntil - now;
                        return false;
                    }

                    _state = CircuitState.HalfOpen;
                    _successes = 0;
                    transition = CircuitState.HalfOpen;
                }

                if (_state == CircuitState.HalfOpen)
                {
                    if (_trialRunning)
                    {
                        refusedIn = CircuitState.HalfOpen;
                        return false;
                    }

                    _trialRunning = true;
                    trial = true;
                }

                return true;
            }
        }
        finally
        {
            if (transition is { } state)
            {
                changed(state);
            }
        }
    }

    /// <summary>The outcome of a call <see cref="TryEnter"/> let through: a transient failure or not.</summary>
    public void Record(bool trial, bool failed)
    {
        CircuitState? transition = null;
        lock (_gate)
        {
            // A call let through before the breaker opened has no say once it has.
            trial &= _state == CircuitState.HalfOpen;
            if (trial)
            {
                _trialRunning = false;
            }

            if (failed)
            {
                _successes = 0;
                if (trial || (_state == CircuitState.Closed && ++_failures >= settings.FailureThreshold))
                {
                    transition = Open();
                }
            }
            else if (_state == CircuitState.Closed)
            {
                _failures = 0;
            }
            else if (trial && ++_successes >= settings.SuccessThreshold)
            {
                _state = CircuitState.Closed;
                _failures = 0;
                transition = CircuitState.Closed;
            }
        }

        if (transition is { } state)
        {
            changed(state);
        }
    }

    /// <summary>A call let through that gave no verdict (it was cancelled, or another policy refused it): its trial slot is free again.</summary>
    public void Abandon(bool trial)
    {
        lock (_gate)
        {
            if (trial && _state == CircuitState.HalfOpen)
            {
                _trialRunning = false;
            }
        }
    }

    private CircuitState Open()
    {
        _state = CircuitState.Open;
        _openUntil = time.GetUtcNow() + settings.OpenDuration;
        _failures = 0;
        _successes = 0;
        return CircuitState.Open;
    }
}
