namespace PForge.Runtime.Settings;

/// <summary>
/// <c>retry</c>: a transient failure is tried again, up to <see cref="MaxAttempts"/> attempts in all, after a backoff that
/// doubles from <see cref="InitialBackoff"/> up to <see cref="MaxBackoff"/>, with jitter (half of it random) unless off.
/// </summary>
public sealed record RetrySettings
{
    public int MaxAttempts { get; init; } = 3;

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    public bool Jitter { get; init; } = true;

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1; <paramref name="random"/> in [0, 1) spreads it.</summary>
    public TimeSpan Backoff(int attempt, double random)
    {
        var full = Math.Min(MaxBackoff.TotalMilliseconds, InitialBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1));

        // "Equal jitter": at least half the backoff, so clients that failed together do not all come back together.
        return TimeSpan.FromMilliseconds(Jitter ? (full / 2) + (full / 2 * random) : full);
    }
}
