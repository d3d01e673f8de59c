using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PForge.Runtime.Telemetry;

/// <summary>
/// The <see cref="Meter"/> and <see cref="ActivitySource"/> named <c>PForge</c>: tool calls, errors and durations, and
/// policy events. Anything that listens by name (OpenTelemetry, dotnet-counters, a <see cref="MeterListener"/>) sees
/// them; nothing is recorded while nobody listens.
/// </summary>
public static class PForgeTelemetry
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "PForge";

    /// <summary>The tag naming the tool on every measurement and activity.</summary>
    public const string ToolTag = "tool";

    // Before the histogram that reads it: static fields initialize in order.
    /// <summary>Upper bounds (seconds) of the duration histogram's buckets: 0.1 ms to 30 s.</summary>
    public static IReadOnlyList<double> DurationBuckets { get; } =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    public static readonly Meter Meter = new(Name, RuntimeInfo.Version);

    public static readonly ActivitySource Source = new(Name, RuntimeInfo.Version);

    /// <summary>Every <c>tools/call</c> of a known tool, answered or not.</summary>
    public static readonly Counter<long> Calls = Meter.CreateCounter<long>("pforge.tool.calls", "{call}", "Tool calls");

    /// <summary>Calls whose result is <c>isError: true</c>.</summary>
    public static readonly Counter<long> Errors = Meter.CreateCounter<long>("pforge.tool.errors", "{call}", "Tool calls that ended with an error result");

    /// <summary>From the request read to the result made, policies included.</summary>
    public static readonly Histogram<double> Duration = Meter.CreateHistogram(
        "pforge.tool.duration",
        "s",
        "Duration of tool calls",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    /// <summary>Attempts made again by a <c>retry</c> policy.</summary>
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("pforge.policy.retries", "{attempt}", "Attempts repeated by a retry policy");

    /// <summary>Attempts ended by a <c>timeout_ms</c> policy.</summary>
    public static readonly Counter<long> Timeouts = Meter.CreateCounter<long>("pforge.policy.timeouts", "{attempt}", "Attempts ended by a timeout policy");

    /// <summary>Calls refused before the tool ran; tag <c>reason</c>: circuit_open, rate_limit or concurrency.</summary>
    public static readonly Counter<long> Rejections = Meter.CreateCounter<long>("pforge.policy.rejections", "{call}", "Calls refused by a policy");

    /// <summary>Circuit breaker changes; tag <c>state</c>: open, half_open or closed.</summary>
    public static readonly Counter<long> BreakerTransitions = Meter.CreateCounter<long>("pforge.policy.breaker_transitions", "{transition}", "Circuit breaker state changes");

    /// <summary>True when anything listens to a call's measurements or activities: only then is a call timed.</summary>
    public static bool IsCallObserved => Calls.Enabled || Errors.Enabled || Duration.Enabled || Source.HasListeners();

    /// <summary>Records a finished call (when <see cref="IsCallObserved"/>): its count, error and duration, and ends its activity.</summary>
    public static void RecordCall(string tool, bool isError, long startTimestamp, Activity? activity)
    {
        var tag = new KeyValuePair<string, object?>(ToolTag, tool);
        Calls.Add(1, tag);
        if (isError)
        {
            Errors.Add(1, tag);
        }

        Duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tag);
        if (activity is not null)
        {
            if (isError)
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }

            activity.Dispose();
        }
    }

    /// <summary>Starts the activity of a call, or null when no listener wants it.</summary>
    public static Activity? StartCall(string tool)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity("tools/call " + tool, ActivityKind.Internal);
        activity?.SetTag(ToolTag, tool);
        return activity;
    }

    /// <summary>Counts one policy event for <paramref name="tool"/>, with a second tag when given.</summary>
    public static void Count(Counter<long> counter, string tool, string? tagName = null, string? tagValue = null)
    {
        Activity.Current?.AddEvent(new ActivityEvent(counter.Name));
        if (!counter.Enabled)
        {
            return;
        }

        var toolTag = new KeyValuePair<string, object?>(ToolTag, tool);
        if (tagName is null)
        {
            counter.Add(1, toolTag);
        }
        else
        {
            counter.Add(1, toolTag, new KeyValuePair<string, object?>(tagName, tagValue));
        }

    }
}
