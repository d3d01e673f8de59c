using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using PForge.Runtime.Policies;
using PForge.Runtime.Server;
using PForge.Runtime.Settings;
using PForge.Runtime.Telemetry;
using PForge.Runtime.Tests.Support;

namespace PForge.Runtime.Tests.Policies;

/// <summary>The <c>PForge</c> meter and activity source, seen as OpenTelemetry would: through a MeterListener and an ActivityListener.</summary>
[TestClass]
public sealed class TelemetryTests
{
    [TestMethod]
    public void CallsErrorsAndDurationsAreMeasuredPerTool()
    {
        using var measurements = new Measurements("observed");
        var server = new ScriptedServer("observed", new PolicySettings(), new FakeTimeProvider())
            .Then(ScriptedServer.Ok, _ => new(Tools.ToolResult.Error("no")));
        var session = new McpSession(server, new CapturingSink());
        session.HandleMessage(Encoding.UTF8.GetBytes(SessionHarness.InitializeRequest));

        Call(session, "observed", 1);
        Call(session, "observed", 2);

        Assert.AreEqual(2, measurements.Sum("pforge.tool.calls"));
        Assert.AreEqual(1, measurements.Sum("pforge.tool.errors"));
        Assert.AreEqual(2, measurements.Count("pforge.tool.duration"));
        Assert.AreEqual(2, measurements.Activities.Count(a => a == "tools/call observed"));
    }

    [TestMethod]
    public async Task PolicyEventsAreCountedWithTheirReason()
    {
        using var measurements = new Measurements("events");
        var time = new FakeTimeProvider();
        var server = new ScriptedServer("events", new PolicySettings
        {
            Retry = new RetrySettings { MaxAttempts = 2, InitialBackoff = TimeSpan.FromMilliseconds(10) },
            CircuitBreaker = new CircuitBreakerSettings { FailureThreshold = 2, OpenDuration = TimeSpan.FromSeconds(5) },
        }, time).Then(ScriptedServer.Transient, ScriptedServer.Transient);

        var call = server.CallAsync().AsTask();
        time.Advance(TimeSpan.FromMilliseconds(10));
        await call.WaitAsync(TestTimeouts.Wait);
        await server.CallAsync();

        Assert.AreEqual(1, measurements.Sum("pforge.policy.retries"));
        Assert.AreEqual(1, measurements.Sum("pforge.policy.breaker_transitions", "state", "open"));
        Assert.AreEqual(1, measurements.Sum("pforge.policy.rejections", "reason", "circuit_open"));
    }

    [TestMethod]
    public void NothingIsObservedWithoutAListener() =>
        Assert.IsFalse(new Meter("PForge.Unrelated").CreateCounter<long>("x").Enabled);

    private static void Call(McpSession session, string tool, int id) =>
        session.HandleMessage(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":{}}}"));

    /// <summary>What the PForge instruments recorded for one tool, and the activities started for it.</summary>
    private sealed class Measurements : IDisposable
    {
        private readonly string _tool;
        private readonly MeterListener _meters = new();
        private readonly ActivityListener _activities;
        private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, string?> Tags)> _recorded = new();

        public Measurements(string tool)
        {
            _tool = tool;
            _meters.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == PForgeTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
            _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
            _meters.Start();
            _activities = new ActivityListener
            {
                ShouldListenTo = source => source.Name == PForgeTelemetry.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = activity =>
                {
                    if (activity.GetTagItem("tool") as string == _tool)
                    {
                        Activities.Enqueue(activity.DisplayName);
                    }
                },
            };
            ActivitySource.AddActivityListener(_activities);
        }

        public ConcurrentQueue<string> Activities { get; } = new();

        public double Sum(string instrument, string? tag = null, string? value = null) =>
            _recorded.Where(r => r.Instrument == instrument && (tag is null || r.Tags.GetValueOrDefault(tag) == value)).Sum(r => r.Value);

        public int Count(string instrument) => _recorded.Count(r => r.Instrument == instrument);

        public void Dispose()
        {
            _meters.Dispose();
            _activities.Dispose();
        }

        private void Add<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
            where T : struct
        {
            var all = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                all[tag.Key] = tag.Value as string;
            }

            if (all.GetValueOrDefault("tool") == _tool)
            {
                _recorded.Enqueue((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), all));
            }
        }
    }
}
