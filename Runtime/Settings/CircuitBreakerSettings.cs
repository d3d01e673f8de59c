namespace PForge.Runtime.Settings;

/// <summary>
/// <c>circuit_breaker</c>: after <see cref="FailureThreshold"/> transient failures in a row the tool is not called for
/// <see cref="OpenDuration"/>; then trial calls go through one at a time, and <see cref="SuccessThreshold"/> successes in a
/// row close it again (a failure opens it again).
/// </summary>
public sealed record CircuitBreakerSettings
{
    public int FailureThreshold { get; init; } = 5;

    public TimeSpan OpenDuration { get; init; } = TimeSpan.FromSeconds(30);

    public int SuccessThreshold { get; init; } = 1;
}
