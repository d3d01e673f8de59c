using Polly;
using PForge.Runtime.Settings;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Policies;

/// <summary>
/// The circuit breaker as a step of the tool's Polly pipeline. Polly's own breaker opens on a failure ratio over a
/// sampling window and closes after one probe; pforge.yaml's counts failures in a row and asks for
/// <c>success_threshold</c> trial successes, so the state machine is <see cref="CircuitBreaker"/>. While it refuses, the
/// outcome is an <c>isError</c> result saying why (not an exception), which the retry around it never tries again.
/// </summary>
internal sealed class CircuitBreakerStrategy(string tool, CircuitBreakerSettings settings, CircuitBreaker breaker, Action<string> refused)
    : ResilienceStrategy<ToolResult>
{
    protected override async ValueTask<Outcome<ToolResult>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<ToolResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        if (!breaker.TryEnter(out var trial, out var refusedIn, out var retryIn))
        {
            refused("circuit_open");
            return Outcome.FromResult(ToolResult.Error(refusedIn == CircuitState.Open
                ? $"Tool '{tool}' was not called: its circuit breaker is open after {ToolPolicy.Count(settings.FailureThreshold)} failures in a row; it lets a trial call through in {ToolPolicy.Seconds(retryIn)} s"
                : $"Tool '{tool}' was not called: its circuit breaker is half-open and its trial call is running; try again when it has ended"));
        }

        Outcome<ToolResult> outcome;
        try
        {
            outcome = await callback(context, state).ConfigureAwait(false);
        }
        catch
        {
            breaker.Abandon(trial);
            throw;
        }

        // A call the client cancelled says nothing about the tool's health.
        if (context.Properties.TryGetValue(ToolPolicy.CallContext, out var call) && call.IsCancelled)
        {
            breaker.Abandon(trial);
        }
        else
        {
            breaker.Record(trial, ToolPolicy.IsTransient(outcome));
        }

        return outcome;
    }
}
