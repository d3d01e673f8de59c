namespace PForge.Runtime.Settings;

/// <summary>
/// The policies of one tool, merged from <c>policies:</c> and the tool's own keys at build time. A null member is a
/// policy the tool does not have.
/// </summary>
public sealed record PolicySettings
{
    /// <summary>Time limit of one attempt (native and pipeline tools; cli and http tools apply theirs in their runner).</summary>
    public TimeSpan? Timeout { get; init; }

    public RetrySettings? Retry { get; init; }

    public CircuitBreakerSettings? CircuitBreaker { get; init; }

    public RateLimitSettings? RateLimit { get; init; }

    /// <summary>How many calls of the tool may run at once; more are refused.</summary>
    public int? MaxConcurrent { get; init; }
}
