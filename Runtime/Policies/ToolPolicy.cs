using System.Globalization;
using System.Threading.RateLimiting;
using Polly;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;
using PForge.Runtime.Settings;
using PForge.Runtime.Telemetry;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Policies;

/// <summary>
/// The policies of one tool around its calls, as a Polly pipeline, outermost first: concurrency limit and rate limit
/// (System.Threading.RateLimiting limiters that refuse at once, no queue), retry of transient failures
/// (<see cref="ToolResult.IsTransient"/> and timeouts), then for each attempt the circuit breaker and the timeout. A
/// refusal is an <c>isError</c> result saying why. The generated server makes one per tool that has a policy; a tool
/// without one never reaches this class.
/// </summary>
public sealed class ToolPolicy
{
    // Which limiter refused a call, and how many attempts a call took: set on the call's Polly context only when it happens.
    private static readonly ResiliencePropertyKey<string> RefusedBy = new("pforge.refused_by");
    private static readonly ResiliencePropertyKey<int> AttemptsMade = new("pforge.attempts");

    /// <summary>The call's <see cref="ToolContext"/>, for the breaker to tell a call the client cancelled.</summary>
    internal static readonly ResiliencePropertyKey<ToolContext> CallContext = new("pforge.call");

    private readonly string _tool;
    private readonly PolicySettings _settings;
    private readonly Func<double> _random;
    private readonly CircuitBreaker? _breaker;
    private readonly ResiliencePipeline<ToolResult> _pipeline;

    // Only a timeout or a retry's delay waits on the call's token: taking it costs a token source, and a context whose
    // token was taken is not reused by the session.
    private readonly bool _usesToken;

    // The server's log, as the last call saw it: breaker changes happen inside calls, and every session shares one log.
    private ServerLog _log = ServerLog.Silent;

    public ToolPolicy(string tool, PolicySettings settings, TimeProvider? time = null, Func<double>? random = null)
    {
        _tool = tool ?? throw new ArgumentNullException(nameof(tool));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _random = random ?? Random.Shared.NextDouble;
        time ??= TimeProvider.System;
        _usesToken = settings.Timeout is not null || settings.Retry is { MaxAttempts: > 1 };

        var builder = new ResiliencePipelineBuilder<ToolResult> { TimeProvider = time };
        if (settings.MaxConcurrent is { } max)
        {
            var limiter = new ConcurrencyLimiter(new() { PermitLimit = max, QueueLimit = 0 });
            AddLimiter(builder, limiter, "concurrency");
        }

        if (settings.RateLimit is { } rate)
        {
            var limiter = new FixedWindowRateLimiter(new()
            {
                PermitLimit = rate.PermitsPerSecond,
                Window = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
            AddLimiter(builder, limiter, "rate_limit");
        }

        if (settings.Retry is { MaxAttempts: > 1 } retry)
        {
            builder.AddRetry(new RetryStrategyOptions<ToolResult>
            {
                MaxRetryAttempts = retry.MaxAttempts - 1,
                ShouldHandle = static args => new(!args.Context.CancellationToken.IsCancellationRequested && IsTransient(args.Outcome)),
                DelayGenerator = args => new(retry.Backoff(args.AttemptNumber + 1, _random())),
                OnRetry = OnRetry,
            });
        }

        if (settings.CircuitBreaker is { } breaker)
        {
            _breaker = new CircuitBreaker(breaker, time, BreakerChanged);
            builder.AddStrategy(_ => new CircuitBreakerStrategy(tool, breaker, _breaker, Refused));
        }

        if (settings.Timeout is { } timeout)
        {
            // A generator, not Timeout: Polly bounds Timeout to 10 ms..1 day, pforge.yaml allows 1 ms..2^31-1 ms (PF1201).
            builder.AddTimeout(new TimeoutStrategyOptions { TimeoutGenerator = _ => new(timeout), OnTimeout = OnTimeout });
        }

        _pipeline = builder.Build();
    }

    /// <summary>The circuit breaker's state (closed when the tool has none).</summary>
    public CircuitState CircuitState => _breaker?.State ?? CircuitState.Closed;

    /// <summary>Calls tool <paramref name="tool"/> of <paramref name="definition"/> under the policies (its arguments are copied: the call may outlive them).</summary>
    public ValueTask<ToolResult> RunAsync(IToolRegistry definition, int tool, ReadOnlySpan<byte> arguments, ToolContext context)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(context);
        _log = context.ServerLog;
        return RunPipelineAsync(new Call(definition, tool, arguments.ToArray(), context));
    }

    /// <summary>True for an outcome a retry tries again and the breaker counts: a timeout or a transient result.</summary>
    internal static bool IsTransient(Outcome<ToolResult> outcome) =>
        outcome.Exception is TimeoutRejectedException || outcome.Result is { IsTransient: true };

    internal static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string Seconds(TimeSpan span) => Math.Max(0.1, Math.Ceiling(span.TotalSeconds * 10) / 10).ToString("0.0", CultureInfo.InvariantCulture);

    private async ValueTask<ToolResult> RunPipelineAsync(Call call)
    {
        var context = ResilienceContextPool.Shared.Get(_usesToken ? call.Context.CallToken : CancellationToken.None);
        try
        {
            if (_breaker is not null)
            {
                context.Properties.Set(CallContext, call.Context);
            }

            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static (resilience, state) => state.Policy.AttemptAsync(resilience, state.Call),
                context,
                (Policy: this, Call: call)).ConfigureAwait(false);
            return Result(outcome, context);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>One attempt: the tool's own call, ended by the timeout when the tool has one.</summary>
    private async ValueTask<Outcome<ToolResult>> AttemptAsync(ResilienceContext resilience, Call call)
    {
        if (_settings.Timeout is null)
        {
            return Outcome.FromResult(await ToolResult.FromPending(Start(call)).ConfigureAwait(false));
        }

        var token = resilience.CancellationToken;
        call.Context.SetAttempt(token);
        try
        {
            var pending = Start(call);

            // A handler that ignores its token is left behind at the deadline: the call still ends on time.
            var result = pending.IsCompleted
                ? await ToolResult.FromPending(pending).ConfigureAwait(false)
                : await ToolResult.FromPending(pending).AsTask().WaitAsync(token).ConfigureAwait(false);

            // A handler that turned the deadline's cancellation into a result still ran out of time.
            if (token.IsCancellationRequested && !call.Context.IsCancelled)
            {
                result.ReturnBuffer();
                return Outcome.FromException<ToolResult>(new OperationCanceledException(token));
            }

            return Outcome.FromResult(result);
        }
        catch (OperationCanceledException ex)
        {
            return Outcome.FromException<ToolResult>(ex);
        }
        finally
        {
            call.Context.EndAttempt();
        }
    }

    private static ValueTask<ToolResult> Start(Call call)
    {
        try
        {
            return call.Definition.CallToolUnguardedAsync(call.Tool, call.Arguments, call.Context);
        }
        catch (Exception ex)
        {
            return new(ToolResult.FromException(ex));
        }
    }

    /// <summary>What the client gets for the pipeline's outcome.</summary>
    private ToolResult Result(Outcome<ToolResult> outcome, ResilienceContext context)
    {
        var attempts = context.Properties.GetValue(AttemptsMade, 1);
        switch (outcome.Exception)
        {
            case null:
                var result = outcome.Result!;
                return attempts > 1 && result.IsTransient && result.TextContent is { } text
                    ? ToolResult.TransientError(WithAttempts(text, attempts))
                    : result;
            case TimeoutRejectedException:
                return ToolResult.TransientError(WithAttempts(TimedOut(), attempts));
            case RateLimiterRejectedException:
                return context.Properties.GetValue(RefusedBy, string.Empty) == "concurrency"
                    ? ToolResult.Error($"Tool '{_tool}' was not called: {Count(_settings.MaxConcurrent ?? 0)} of its calls are running already, its limit (max_concurrent); try again when one has ended")
                    : ToolResult.Error($"Tool '{_tool}' was not called: its rate limit of {Count(_settings.RateLimit?.PermitsPerSecond ?? 0)} calls per second is used up; try again within a second");
            case var other:
                return ToolResult.FromException(other);
        }
    }

    private void AddLimiter(ResiliencePipelineBuilder<ToolResult> builder, RateLimiter limiter, string reason) =>
        builder.AddRateLimiter(new RateLimiterStrategyOptions
        {
            RateLimiter = args => limiter.AcquireAsync(1, args.Context.CancellationToken),
            OnRejected = args =>
            {
                args.Context.Properties.Set(RefusedBy, reason);
                Refused(reason);
                return default;
            },
        });

    private ValueTask OnRetry(OnRetryArguments<ToolResult> args)
    {
        // Polly's attempt numbers start at 0: the attempt that failed, and the one that follows the delay.
        var next = args.AttemptNumber + 2;
        args.Context.Properties.Set(AttemptsMade, next);
        var after = args.Outcome.Exception is TimeoutRejectedException ? TimedOut() : args.Outcome.Result.TextContent;
        if (args.Outcome.Exception is null)
        {
            args.Outcome.Result.ReturnBuffer();
        }

        PForgeTelemetry.Count(PForgeTelemetry.Retries, _tool);
        _log.Info($"policy event=retry tool={_tool} attempt={Count(next)} delay_ms={Count((long)args.RetryDelay.TotalMilliseconds)} after=\"{after}\"");
        return default;
    }

    private ValueTask OnTimeout(OnTimeoutArguments args)
    {
        PForgeTelemetry.Count(PForgeTelemetry.Timeouts, _tool);
        _log.Info($"policy event=timeout tool={_tool} timeout_ms={Count((long)args.Timeout.TotalMilliseconds)}");
        return default;
    }

    private string TimedOut() => $"Tool '{_tool}' timed out after {Count((long)_settings.Timeout!.Value.TotalMilliseconds)} ms";

    private static string WithAttempts(string text, int attempts) => attempts > 1 ? $"{text} (after {Count(attempts)} attempts)" : text;

    private void Refused(string reason) => PForgeTelemetry.Count(PForgeTelemetry.Rejections, _tool, "reason", reason);

    private void BreakerChanged(CircuitState state)
    {
        var name = state switch
        {
            CircuitState.Open => "open",
            CircuitState.HalfOpen => "half_open",
            _ => "closed",
        };
        PForgeTelemetry.Count(PForgeTelemetry.BreakerTransitions, _tool, "state", name);
        _log.Warning($"policy event=breaker tool={_tool} state={name}");
    }

    /// <summary>One call of the tool, as each attempt needs it.</summary>
    private readonly record struct Call(IToolRegistry Definition, int Tool, byte[] Arguments, ToolContext Context);
}
