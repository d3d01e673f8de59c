using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using PForge.Runtime.Telemetry;

namespace PForge.Runtime.Http.Metrics;

/// <summary>
/// Listens to the <c>PForge</c> meter and keeps each series' total (counters) or buckets, sum and count (histograms), to
/// write them in the Prometheus text exposition format. No OpenTelemetry: a <see cref="MeterListener"/> and a lock.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    /// <summary>At most this many series (instrument and tags) are kept; others are dropped (a bound on memory).</summary>
    private const int MaxSeries = 10_000;

    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<SeriesKey, Series> _series = [];
    private readonly List<Instrument> _instruments = [];

    public PrometheusExporter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PForgeTelemetry.Name)
            {
                lock (_gate)
                {
                    _instruments.Add(instrument);
                }

                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The content type of <see cref="Write"/>'s text.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Every series, grouped by metric, each metric with its HELP and TYPE lines.</summary>
    public string Write()
    {
        var text = new StringBuilder();
        lock (_gate)
        {
            foreach (var instrument in _instruments)
            {
                var histogram = instrument is Histogram<double>;
                var name = MetricName(instrument, histogram);
                var series = _series.Where(pair => pair.Key.Instrument == instrument).OrderBy(pair => pair.Key.Labels(), StringComparer.Ordinal).ToList();
                if (series.Count == 0)
                {
                    continue;
                }

                text.Append("# HELP ").Append(name).Append(' ').Append(instrument.Description).Append('\n');
                text.Append("# TYPE ").Append(name).Append(histogram ? " histogram\n" : " counter\n");
                foreach (var (key, value) in series)
                {
                    var labels = key.Labels();
                    if (!histogram)
                    {
                        text.Append(name).Append(Braces(labels)).Append(' ').Append(Number(value.Sum)).Append('\n');
                        continue;
                    }

                    long cumulative = 0;
                    for (var i = 0; i <= PForgeTelemetry.DurationBuckets.Count; i++)
                    {
                        cumulative += value.Buckets![i];
                        var le = i < PForgeTelemetry.DurationBuckets.Count ? Number(PForgeTelemetry.DurationBuckets[i]) : "+Inf";
                        text.Append(name).Append("_bucket{").Append(labels).Append(labels.Length == 0 ? string.Empty : ",").Append("le=\"").Append(le).Append("\"} ")
                            .Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
                    }

                    text.Append(name).Append("_sum").Append(Braces(labels)).Append(' ').Append(Number(value.Sum)).Append('\n');
                    text.Append(name).Append("_count").Append(Braces(labels)).Append(' ').Append(value.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
                }
            }
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Add<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        var number = value is double d ? d : Convert.ToDouble(value, CultureInfo.InvariantCulture);
        var key = new SeriesKey(
            instrument,
            tags.Length > 0 ? tags[0].Key : null,
            tags.Length > 0 ? tags[0].Value as string : null,
            tags.Length > 1 ? tags[1].Key : null,
            tags.Length > 1 ? tags[1].Value as string : null);
        lock (_gate)
        {
            if (!_series.TryGetValue(key, out var series))
            {
                if (_series.Count >= MaxSeries)
                {
                    return;
                }

                series = new Series(instrument is Histogram<double> ? new long[PForgeTelemetry.DurationBuckets.Count + 1] : null);
                _series[key] = series;
            }

            series.Sum += number;
            series.Count++;
            if (series.Buckets is { } buckets)
            {
                var bucket = 0;
                while (bucket < PForgeTelemetry.DurationBuckets.Count && number > PForgeTelemetry.DurationBuckets[bucket])
                {
                    bucket++;
                }

                buckets[bucket]++;
            }
        }
    }

    /// <summary>pforge.tool.calls → pforge_tool_calls_total; a histogram in seconds → pforge_tool_duration_seconds.</summary>
    private static string MetricName(Instrument instrument, bool histogram)
    {
        var name = instrument.Name.Replace('.', '_');
        return histogram ? (instrument.Unit == "s" ? name + "_seconds" : name) : name + "_total";
    }

    private static string Braces(string labels) => labels.Length == 0 ? string.Empty : "{" + labels + "}";

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>One series: its instrument and up to two tags (the tool, and a reason or a state).</summary>
    private readonly record struct SeriesKey(Instrument Instrument, string? Name1, string? Value1, string? Name2, string? Value2)
    {
        public string Labels() =>
            Name1 is null ? string.Empty
            : Name2 is null ? Label(Name1, Value1)
            : Label(Name1, Value1) + "," + Label(Name2, Value2);

        private static string Label(string name, string? value) =>
            $"{name}=\"{(value ?? string.Empty).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"";
    }

    /// <summary>A counter's total (<see cref="Sum"/>), or a histogram's buckets, sum and count.</summary>
    private sealed class Series(long[]? buckets)
    {
        public long[]? Buckets { get; } = buckets;

        public double Sum { get; set; }

        public long Count { get; set; }
    }
}
