namespace PForge.Runtime.Policies;

/// <summary>Where a circuit breaker is: calls go through, are refused, or are tried one at a time.</summary>
public enum CircuitState
{
    Closed,
    Open,
    HalfOpen,
}
