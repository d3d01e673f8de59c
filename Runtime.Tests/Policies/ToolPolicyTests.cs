using Microsoft.Extensions.Time.Testing;
using PForge.Runtime.Policies;
using PForge.Runtime.Settings;
using PForge.Runtime.Tests.Support;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Tests.Policies;

/// <summary>Each policy on its own, on a clock the test moves (no sleeping, but for the rate limit's window): retry, timeout, circuit breaker, rate and concurrency limits.</summary>
[TestClass]
public sealed class ToolPolicyTests
{
    private readonly FakeTimeProvider _time = new();

    [TestMethod]
    public async Task ATransientFailureIsTriedAgainAfterABackoffThatDoubles()
    {
        var server = Server("retry", new PolicySettings { Retry = new RetrySettings { MaxAttempts = 3, InitialBackoff = TimeSpan.FromMilliseconds(100), Jitter = false } })
            .Then(ScriptedServer.Transient, ScriptedServer.Transient);

        var call = server.CallAsync().AsTask();
        Assert.AreEqual(1, server.Attempts);
        _time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.AreEqual(1, server.Attempts, "not before the backoff has passed");
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Until(() => server.Attempts == 2);
        _time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.AreEqual(2, server.Attempts, "the second backoff is twice the first");
        _time.Advance(TimeSpan.FromMilliseconds(1));

        var result = await call.WaitAsync(TestTimeouts.Wait);
        Assert.AreEqual((3, false, "ok"), (server.Attempts, result.IsError, result.TextContent));
    }

    [TestMethod]
    public async Task JitterKeepsAtLeastHalfTheBackoff()
    {
        var retry = new RetrySettings { InitialBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromMilliseconds(300) };
        Assert.AreEqual(TimeSpan.FromMilliseconds(50), retry.Backoff(1, 0));
        Assert.AreEqual(TimeSpan.FromMilliseconds(150), retry.Backoff(2, 0.5));
        Assert.AreEqual(TimeSpan.FromMilliseconds(300), retry.Backoff(5, 1), "capped by max_backoff_ms");
        await Task.CompletedTask;
    }

    [TestMethod]
    public async Task AnErrorThatIsNotTransientIsNeverTriedAgain()
    {
        var server = Server("no-retry", new PolicySettings { Retry = new RetrySettings { MaxAttempts = 5 } })
            .Then(_ => new(ToolResult.Error("Invalid arguments: 'a' must be a number")), _ => throw new ToolException("the handler said no"));

        var first = await server.CallAsync();
        var second = await server.CallAsync();
        Assert.AreEqual((2, "Invalid arguments: 'a' must be a number", "the handler said no"), (server.Attempts, first.TextContent, second.TextContent));
    }

    [TestMethod]
    public async Task WhenEveryAttemptFailsTheLastErrorSaysHowManyWereMade()
    {
        var server = Server("exhausted", new PolicySettings { Retry = new RetrySettings { MaxAttempts = 2, InitialBackoff = TimeSpan.FromMilliseconds(10) } })
            .Then(ScriptedServer.Transient, ScriptedServer.Transient);

        var call = server.CallAsync().AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(10));
        var result = await call.WaitAsync(TestTimeouts.Wait);
        Assert.AreEqual((true, true, "HTTP 503 Service Unavailable (after 2 attempts)"), (result.IsError, result.IsTransient, result.TextContent));
    }

    [TestMethod]
    public async Task ATimeoutCancelsTheHandlersTokenAndSaysSo()
    {
        CancellationToken seen = default;
        var server = Server("slow", new PolicySettings { Timeout = TimeSpan.FromMilliseconds(250) })
            .Then(async context =>
            {
                seen = context.CancellationToken;
                await Task.Delay(Timeout.InfiniteTimeSpan, context.CancellationToken);
                return ToolResult.Text("never");
            });

        var call = server.CallAsync().AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(250));
        var result = await call.WaitAsync(TestTimeouts.Wait);
        Assert.AreEqual((true, true, "Tool 'slow' timed out after 250 ms"), (result.IsError, result.IsTransient, result.TextContent));
        Assert.IsTrue(seen.IsCancellationRequested);
    }

    [TestMethod]
    public async Task AHandlerThatIgnoresItsTokenIsLeftBehindAtTheDeadline()
    {
        var never = new TaskCompletionSource<ToolResult>();
        var server = Server("stubborn", new PolicySettings { Timeout = TimeSpan.FromMilliseconds(100) }).Then(_ => new(never.Task));

        var call = server.CallAsync().AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.AreEqual("Tool 'stubborn' timed out after 100 ms", (await call.WaitAsync(TestTimeouts.Wait)).TextContent);
    }

    [TestMethod]
    public async Task ATimedOutAttemptIsRetriedWithAFreshToken()
    {
        var server = Server("retimed", new PolicySettings
        {
            Timeout = TimeSpan.FromMilliseconds(100),
            Retry = new RetrySettings { MaxAttempts = 2, InitialBackoff = TimeSpan.FromMilliseconds(10), Jitter = false },
        }).Then(
            async context =>
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, context.CancellationToken);
                return ToolResult.Text("never");
            },
            context => new(ToolResult.Text(context.CancellationToken.IsCancellationRequested ? "cancelled" : "fresh")));

        var call = server.CallAsync().AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(100));
        await Until(() => _time.GetUtcNow() > DateTimeOffset.MinValue && server.Attempts == 1);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.AreEqual("fresh", (await call.WaitAsync(TestTimeouts.Wait)).TextContent);
    }

    [TestMethod]
    public async Task TheBreakerOpensAfterFailuresInARowAndHalfOpensOnSchedule()
    {
        var server = Server("breaker", new PolicySettings { CircuitBreaker = new CircuitBreakerSettings { FailureThreshold = 2, OpenDuration = TimeSpan.FromMilliseconds(1500), SuccessThreshold = 2 } })
            .Then(ScriptedServer.Transient, ScriptedServer.Ok, ScriptedServer.Transient, ScriptedServer.Transient);

        await server.CallAsync();
        await server.CallAsync();
        await server.CallAsync();
        Assert.AreEqual(CircuitState.Closed, server.Policy.CircuitState, "a success between failures resets the count");
        await server.CallAsync();
        Assert.AreEqual(CircuitState.Open, server.Policy.CircuitState);

        var refused = await server.CallAsync();
        Assert.AreEqual((4, true, "Tool 'breaker' was not called: its circuit breaker is open after 2 failures in a row; it lets a trial call through in 1.5 s"), (server.Attempts, refused.IsError, refused.TextContent));
        _time.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.AreEqual("Tool 'breaker' was not called: its circuit breaker is open after 2 failures in a row; it lets a trial call through in 0.5 s", (await server.CallAsync()).TextContent);

        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.AreEqual("ok", (await server.CallAsync()).TextContent);
        Assert.AreEqual(CircuitState.HalfOpen, server.Policy.CircuitState, "one success of the two needed");
        Assert.AreEqual("ok", (await server.CallAsync()).TextContent);
        Assert.AreEqual(CircuitState.Closed, server.Policy.CircuitState);
    }

    [TestMethod]
    public async Task AFailedTrialOpensTheBreakerAgainAndOnlyOneTrialRunsAtATime()
    {
        var gate = new TaskCompletionSource<ToolResult>();
        var server = Server("trial", new PolicySettings { CircuitBreaker = new CircuitBreakerSettings { FailureThreshold = 1, OpenDuration = TimeSpan.FromSeconds(2) } })
            .Then(ScriptedServer.Transient, _ => new(gate.Task));

        await server.CallAsync();
        _time.Advance(TimeSpan.FromSeconds(2));
        var trial = server.CallAsync().AsTask();
        Assert.AreEqual("Tool 'trial' was not called: its circuit breaker is half-open and its trial call is running; try again when it has ended", (await server.CallAsync()).TextContent);

        gate.SetResult(ToolResult.TransientError("connection refused"));
        Assert.AreEqual("connection refused", (await trial.WaitAsync(TestTimeouts.Wait)).TextContent);
        Assert.AreEqual(CircuitState.Open, server.Policy.CircuitState);
        Assert.AreEqual(2, server.Attempts);
    }

    [TestMethod]
    public async Task TheRateLimitRefusesCallsBeyondItsPermitsUntilTheNextSecond()
    {
        // System.Threading.RateLimiting's fixed window runs on the real clock: a burst that a window's end happened to
        // split is tried again on a new server, and the test then waits for the next window.
        for (var burst = 1; ; burst++)
        {
            var server = Server("limited", new PolicySettings { RateLimit = new RateLimitSettings { PermitsPerSecond = 2 } });
            Assert.AreEqual("ok", (await server.CallAsync()).TextContent);
            Assert.AreEqual("ok", (await server.CallAsync()).TextContent);
            var refused = await server.CallAsync();
            if (!refused.IsError && burst < 5)
            {
                continue;
            }

            Assert.AreEqual((true, false, "Tool 'limited' was not called: its rate limit of 2 calls per second is used up; try again within a second"), (refused.IsError, refused.IsTransient, refused.TextContent));
            Assert.AreEqual(2, server.Attempts);

            var waited = System.Diagnostics.Stopwatch.StartNew();
            while ((await server.CallAsync()).IsError)
            {
                Assert.IsTrue(waited.Elapsed < TestTimeouts.Wait, "the next window never came");
                await Task.Delay(50);
            }

            Assert.AreEqual(3, server.Attempts);
            return;
        }
    }

    [TestMethod]
    public async Task TheConcurrencyLimitRefusesACallWhileTheLimitIsRunning()
    {
        var gate = new TaskCompletionSource<ToolResult>();
        var server = Server("single", new PolicySettings { MaxConcurrent = 1 }).Then(_ => new(gate.Task));

        var first = server.CallAsync().AsTask();
        Assert.AreEqual("Tool 'single' was not called: 1 of its calls are running already, its limit (max_concurrent); try again when one has ended", (await server.CallAsync()).TextContent);
        gate.SetResult(ToolResult.Text("first"));
        Assert.AreEqual("first", (await first.WaitAsync(TestTimeouts.Wait)).TextContent);
        Assert.AreEqual("ok", (await server.CallAsync()).TextContent);
    }

    [TestMethod]
    public async Task ACancelledCallIsNotRetried()
    {
        var server = Server("cancelled", new PolicySettings { Retry = new RetrySettings { MaxAttempts = 3 } }).Then(ScriptedServer.Transient);
        var context = new ToolContext();
        var call = server.CallAsync(context).AsTask();
        context.Cancel();
        Assert.AreEqual("The call was cancelled.", (await call.WaitAsync(TestTimeouts.Wait)).TextContent);
        Assert.AreEqual(1, server.Attempts);
    }

    [TestMethod]
    public async Task EveryTimeoutTheYamlAllowsIsServedFromOneMillisecond()
    {
        // Polly's own Timeout option stops at 10 ms and a day; PF1201 allows 1 ms to 2^31-1 ms.
        var quick = Server("quick", new PolicySettings { Timeout = TimeSpan.FromMilliseconds(1) })
            .Then(async context =>
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, context.CancellationToken);
                return ToolResult.Text("never");
            });
        var call = quick.CallAsync().AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.AreEqual("Tool 'quick' timed out after 1 ms", (await call.WaitAsync(TestTimeouts.Wait)).TextContent);

        var patient = Server("patient", new PolicySettings { Timeout = TimeSpan.FromMilliseconds(int.MaxValue) });
        Assert.AreEqual("ok", (await patient.CallAsync()).TextContent);
    }

    [TestMethod]
    public async Task ACallTheClientCancelledIsNotCountedByTheBreaker()
    {
        var gate = new TaskCompletionSource<ToolResult>();
        var server = Server("cancelled-trial", new PolicySettings { CircuitBreaker = new CircuitBreakerSettings { FailureThreshold = 1 } })
            .Then(_ => new(gate.Task));

        var context = new ToolContext();
        var call = server.CallAsync(context).AsTask();
        context.Cancel();
        gate.SetResult(ToolResult.TransientError("connection reset"));
        await call.WaitAsync(TestTimeouts.Wait);
        Assert.AreEqual(CircuitState.Closed, server.Policy.CircuitState, "a cancelled call says nothing of the tool's health");
        Assert.AreEqual("ok", (await server.CallAsync()).TextContent);
    }

    private ScriptedServer Server(string tool, PolicySettings settings) => new(tool, settings, _time);

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Wait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new AssertFailedException($"not reached within {TestTimeouts.Wait}");
            }

            await Task.Delay(5);
        }
    }
}
