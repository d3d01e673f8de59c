namespace PForge.Runtime.Settings;

/// <summary><c>rate_limit</c>: at most <see cref="PermitsPerSecond"/> calls in each one-second window; more are refused.</summary>
public sealed record RateLimitSettings
{
    public required int PermitsPerSecond { get; init; }
}
