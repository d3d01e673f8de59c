namespace PForge.Runtime.Policies;

/// <summary>
/// At most a number of calls in each one-second window, on a <see cref="TimeProvider"/>. Own code, not
/// System.Threading.RateLimiting: its replenishing limiters read the real clock even when replenished by hand, so no test
/// clock could drive them.
/// </summary>
internal sealed class RateWindow(int permitsPerSecond, TimeProvider time)
{
    private readonly Lock _gate = new();
    private long _windowStart = long.MinValue;
    private int _taken;

    /// <summary>Takes one permit of the current window; false when the window has none left.</summary>
    public bool TryTake()
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (_windowStart == long.MinValue || time.GetElapsedTime(_windowStart, now) >= TimeSpan.FromSeconds(1))
            {
                _windowStart = now;
                _taken = 0;
            }

            if (_taken >= permitsPerSecond)
            {
                return false;
            }

            _taken++;
            return true;
        }
    }
}
