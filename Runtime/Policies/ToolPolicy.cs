using System.Globalization;
using PForge.Runtime.Server;
using PForge.Runtime.Telemetry;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Policies;

/// <summary>
/// The policies of one tool around its calls, outermost first: concurrency limit, rate limit (both refuse at once, no
/// queue), then for each attempt the
/// circuit breaker and the timeout, with retries of transient failures (<see cref="ToolResult.IsTransient"/>) between
/// attempts. A refusal is an <c>isError</c> result saying why. The generated server makes one per tool that has a
/// policy; a tool without one never reaches this class.
/// </summary>
public sealed class ToolPolicy
{
    private readonly string _tool;
    private readonly PolicySettings _settings;
    private readonly TimeProvider _time;
    private readonly Func<double> _random;
    private readonly CircuitBreaker? _breaker;
    private readonly RateWindow? _rateWindow;

    // Calls of the tool running now, against max_concurrent.
    private int _running;

    // The server's log, as the last call saw it: breaker changes happen inside calls, and every session shares one log.
    private Diagnostics.ServerLog _log = Diagnostics.ServerLog.Silent;

    public ToolPolicy(string tool, PolicySettings settings, TimeProvider? time = null, Func<double>? random = null)
    {
        _tool = tool ?? throw new ArgumentNullException(nameof(tool));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _time = time ?? TimeProvider.System;
        _random = random ?? Random.Shared.NextDouble;
        if (settings.CircuitBreaker is { } breaker)
        {
            _breaker = new CircuitBreaker(breaker, _time, BreakerChanged);
        }

        if (settings.RateLimit is { } rate)
        {
            _rateWindow = new RateWindow(rate.PermitsPerSecond, _time);
        }
    }

    /// <summary>The circuit breaker's state (closed when the tool has none).</summary>
    public CircuitState CircuitState => _breaker?.State ?? CircuitState.Closed;

    /// <summary>Calls tool <paramref name="tool"/> of <paramref name="definition"/> under the policies (its arguments are copied: the call may outlive them).</summary>
    public ValueTask<ToolResult> RunAsync(McpServerDefinition definition, int tool, ReadOnlySpan<byte> arguments, ToolContext context)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(context);
        _log = context.ServerLog;
        if (_settings.MaxConcurrent is { } max && Interlocked.Increment(ref _running) > max)
        {
            Interlocked.Decrement(ref _running);
            return new(Refuse("concurrency", $"Tool '{_tool}' was not called: {Count(max)} of its calls are running already, its limit (max_concurrent); try again when one has ended"));
        }

        if (_rateWindow is not null && !_rateWindow.TryTake())
        {
            LeaveSlot();
            return new(Refuse("rate_limit", $"Tool '{_tool}' was not called: its rate limit of {Count(_settings.RateLimit!.PermitsPerSecond)} calls per second is used up; try again within a second"));
        }

        return RunAttemptsAsync(definition, tool, arguments.ToArray(), context);
    }

    private async ValueTask<ToolResult> RunAttemptsAsync(McpServerDefinition definition, int tool, byte[] arguments, ToolContext context)
    {
        try
        {
            return await RetryAsync(definition, tool, arguments, context).ConfigureAwait(false);
        }
        finally
        {
            LeaveSlot();
        }
    }

    private void LeaveSlot()
    {
        if (_settings.MaxConcurrent is not null)
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private async ValueTask<ToolResult> RetryAsync(McpServerDefinition definition, int tool, byte[] arguments, ToolContext context)
    {
        var maxAttempts = _settings.Retry?.MaxAttempts ?? 1;
        for (var attempt = 1; ; attempt++)
        {
            var trial = false;
            if (_breaker is not null && !_breaker.TryEnter(out trial, out var state, out var retryIn))
            {
                return Refuse("circuit_open", state == CircuitState.Open
                    ? $"Tool '{_tool}' was not called: its circuit breaker is open after {Count(_settings.CircuitBreaker!.FailureThreshold)} failures in a row; it lets a trial call through in {Seconds(retryIn)} s"
                    : $"Tool '{_tool}' was not called: its circuit breaker is half-open and its trial call is running; try again when it has ended");
            }

            ToolResult result;
            try
            {
                result = await AttemptAsync(definition, tool, arguments, context).ConfigureAwait(false);
            }
            catch
            {
                _breaker?.Abandon(trial);
                throw;
            }

            if (context.IsCancelled)
            {
                _breaker?.Abandon(trial);
                return result;
            }

            _breaker?.Record(trial, result.IsTransient);
            if (!result.IsTransient || attempt >= maxAttempts)
            {
                return attempt > 1 && result.IsTransient && result.TextContent is { } text
                    ? ToolResult.TransientError($"{text} (after {Count(attempt)} attempts)")
                    : result;
            }

            var delay = _settings.Retry!.Backoff(attempt, _random());
            PForgeTelemetry.Count(PForgeTelemetry.Retries, _tool);
            context.ServerLog.Info($"policy event=retry tool={_tool} attempt={Count(attempt + 1)} delay_ms={Count((long)delay.TotalMilliseconds)} after=\"{result.TextContent}\"");
            result.ReturnBuffer();
            try
            {
                await Task.Delay(delay, _time, context.CallToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex)
            {
                return ToolResult.FromException(ex);
            }
        }
    }

    /// <summary>One attempt: the tool's own call, ended by the timeout when the tool has one.</summary>
    private async ValueTask<ToolResult> AttemptAsync(McpServerDefinition definition, int tool, byte[] arguments, ToolContext context)
    {
        if (_settings.Timeout is not { } timeout)
        {
            return await ToolResult.FromPending(Call(definition, tool, arguments, context)).ConfigureAwait(false);
        }

        using var deadline = new CancellationTokenSource(timeout, _time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(context.CallToken, deadline.Token);
        context.SetAttempt(attempt);
        ToolResult result;
        try
        {
            var pending = Call(definition, tool, arguments, context);

            // A handler that ignores its token is left behind at the deadline: the call still ends on time.
            result = pending.IsCompleted
                ? await ToolResult.FromPending(pending).ConfigureAwait(false)
                : await ToolResult.FromPending(pending).AsTask().WaitAsync(attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex)
        {
            result = ToolResult.FromException(ex);
        }
        finally
        {
            context.SetAttempt(null);
        }

        if (deadline.IsCancellationRequested && !context.IsCancelled)
        {
            result.ReturnBuffer();
            PForgeTelemetry.Count(PForgeTelemetry.Timeouts, _tool);
            context.ServerLog.Info($"policy event=timeout tool={_tool} timeout_ms={Count((long)timeout.TotalMilliseconds)}");
            return ToolResult.TransientError($"Tool '{_tool}' timed out after {Count((long)timeout.TotalMilliseconds)} ms");
        }

        return result;
    }

    private static ValueTask<ToolResult> Call(McpServerDefinition definition, int tool, byte[] arguments, ToolContext context)
    {
        try
        {
            return definition.CallToolUnguardedAsync(tool, arguments, context);
        }
        catch (Exception ex)
        {
            return new(ToolResult.FromException(ex));
        }
    }

    private ToolResult Refuse(string reason, string message)
    {
        PForgeTelemetry.Count(PForgeTelemetry.Rejections, _tool, "reason", reason);
        return ToolResult.Error(message);
    }

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

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan span) => Math.Max(0.1, Math.Ceiling(span.TotalSeconds * 10) / 10).ToString("0.0", CultureInfo.InvariantCulture);
}
