using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PForge.LoadDriver;

/// <summary>
/// Modes: throughput (req/s, p50/p99 with K in flight), coldstart (spawn → initialize response), memory (RSS after
/// initialize, peak RSS after initialize + N calls), heap (managed heap after initialize, JIT servers with the probe),
/// transports (an HTTP server over Streamable HTTP, HTTP+SSE and WebSocket side by side).
/// Each prints one JSON object: the per-run figures and their medians.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }

        var requests = RequestSet.Load(options.Requests, Math.Max(options.Count, options.Warmup));
        var result = new JsonObject
        {
            ["label"] = options.Label,
            ["mode"] = options.Mode,
            ["server"] = string.Join(' ', [options.Command, .. options.Arguments]),
        };
        try
        {
            switch (options.Mode)
            {
                case "throughput": Throughput(options, requests, result); break;
                case "coldstart": ColdStart(options, requests, result); break;
                case "memory": Memory(options, requests, result); break;
                case "heap": Heap(options, requests, result); break;
                case "bench": return Bench.Run(options);
                case "transports": TransportLoad.Run(options, result); break;
                default: throw new ArgumentException($"unknown mode {options.Mode}");
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or InvalidOperationException or ArgumentException or TimeoutException or HttpRequestException or System.Net.WebSockets.WebSocketException)
        {
            Console.Error.WriteLine($"{options.Label}: {ex.Message}");
            result["error"] = ex.Message;
            Emit(options, result);
            return 1;
        }

        Emit(options, result);
        return result["errors"] is JsonValue errors && errors.GetValue<long>() > 0 ? 1 : 0;
    }

    private static void Emit(Options options, JsonObject result)
    {
        var text = result.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        if (options.Out is null)
        {
            Console.WriteLine(text);
        }
        else
        {
            File.WriteAllText(options.Out, text + "\n");
        }
    }

    internal static void Throughput(Options options, RequestSet requests, JsonObject result)
    {
        var perK = options.InFlight.ToDictionary(k => k, _ => new List<Measurement>());
        long errors = 0;
        string? firstError = null;
        for (var run = 0; run < options.Runs; run++)
        {
            using var server = ServerProcess.Start(options);
            server.Initialize(requests);
            Pipelined(server, requests, Math.Min(options.Warmup, requests.Count), options.InFlight.Max(), double.PositiveInfinity);
            foreach (var k in options.InFlight)
            {
                var m = Pipelined(server, requests, options.Count, k, options.Seconds);
                perK[k].Add(m);
                Console.Error.WriteLine($"{options.Label}: run {run + 1}/{options.Runs}, {k} in flight: {m.RequestsPerSecond:F0} req/s, p50 {m.P50Us:F1} µs, p99 {m.P99Us:F1} µs ({m.Count} calls)");
            }

            errors += server.Errors;
            firstError ??= server.FirstError;
        }

        var byK = new JsonObject();
        foreach (var (k, runs) in perK)
        {
            byK[k.ToString(CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["reqPerSec"] = Median(runs.Select(r => r.RequestsPerSecond)),
                ["p50Us"] = Median(runs.Select(r => r.P50Us)),
                ["p99Us"] = Median(runs.Select(r => r.P99Us)),
                ["calls"] = runs.Sum(r => (long)r.Count),
                ["runs"] = new JsonArray([.. runs.Select(r => (JsonNode)new JsonObject
                {
                    ["reqPerSec"] = Math.Round(r.RequestsPerSecond, 1),
                    ["p50Us"] = Math.Round(r.P50Us, 2),
                    ["p99Us"] = Math.Round(r.P99Us, 2),
                    ["calls"] = r.Count,
                })]),
            };
        }

        result["inFlight"] = byK;
        result["errors"] = errors;
        result["firstError"] = firstError;
    }

    private readonly record struct Measurement(int Count, double RequestsPerSecond, double P50Us, double P99Us);

    /// <summary>
    /// Sends calls 0..count-1 keeping <paramref name="inFlight"/> outstanding: one thread, one read, then one write of
    /// as many new requests as responses came back (consecutive requests are contiguous bytes). Stops sending after
    /// <paramref name="seconds"/>.
    /// </summary>
    private static Measurement Pipelined(ServerProcess server, RequestSet requests, int count, int inFlight, double seconds)
    {
        var sentAt = new long[count + 1];
        var latencies = new long[count];
        var next = Math.Min(inFlight, count);
        var done = 0;
        var limit = count;
        var started = Stopwatch.GetTimestamp();
        var deadline = double.IsPositiveInfinity(seconds) ? long.MaxValue : started + (long)(seconds * Stopwatch.Frequency);
        Array.Fill(sentAt, started, 1, next);
        server.Write(requests.Range(0, next));
        while (done < limit)
        {
            var received = server.ReadResponses((id, now) =>
            {
                if (id >= 1 && id <= count)
                {
                    latencies[done++] = now - sentAt[id];
                }
            });
            if (received == 0 || next >= limit)
            {
                continue;
            }

            var now = Stopwatch.GetTimestamp();
            if (now > deadline)
            {
                limit = next;
                continue;
            }

            var send = Math.Min(received, limit - next);
            Array.Fill(sentAt, now, next + 1, send);
            server.Write(requests.Range(next, next + send));
            next += send;
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var measured = latencies.AsSpan(0, done);
        measured.Sort();
        static double Us(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
        return new Measurement(done, done / elapsed, Us(measured[(int)(done * 0.50)]), Us(measured[Math.Min(done - 1, (int)(done * 0.99))]));
    }

    internal static void ColdStart(Options options, RequestSet requests, JsonObject result)
    {
        var times = new List<double>();
        for (var run = -1; run < options.Runs; run++)
        {
            var started = Stopwatch.GetTimestamp();
            using var server = ServerProcess.Start(options);
            server.Write(requests.Initialize);
            server.WaitFor(requests.InitializeId);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (run >= 0)
            {
                // Run -1 warms the page cache and is not counted.
                times.Add(ms);
            }
        }

        result["coldStartMs"] = Median(times);
        result["minMs"] = Math.Round(times.Min(), 3);
        result["runsMs"] = new JsonArray([.. times.Select(t => (JsonNode)Math.Round(t, 3))]);
    }

    internal static void Memory(Options options, RequestSet requests, JsonObject result)
    {
        var afterInit = new List<double>();
        var peak = new List<double>();
        var rss = new List<double>();
        long errors = 0;
        for (var run = 0; run < options.Runs; run++)
        {
            using var server = ServerProcess.Start(options);
            server.Initialize(requests);
            Ping(server);

            afterInit.Add(server.ReadStatus("VmRSS"));
            Pipelined(server, requests, options.Count, options.InFlight[0], double.PositiveInfinity);
            peak.Add(server.ReadStatus("VmHWM"));
            rss.Add(server.ReadStatus("VmRSS"));
            errors += server.Errors;
        }

        result["calls"] = options.Count;
        result["inFlight"] = options.InFlight[0];
        result["rssAfterInitBytes"] = Median(afterInit);
        result["peakRssBytes"] = Median(peak);
        result["rssAfterCallsBytes"] = Median(rss);
        result["errors"] = errors;
    }

    /// <summary>Managed heap after initialize: the startup hook collects and reports when asked through a file.</summary>
    private static void Heap(Options options, RequestSet requests, JsonObject result)
    {
        if (options.Probe == "log")
        {
            HeapFromLog(options, requests, result);
            return;
        }

        var probe = Path.GetFullPath(options.Probe ?? throw new ArgumentException("heap mode needs --probe <HeapProbe.dll>"));
        var live = new List<double>();
        var heap = new List<double>();
        for (var run = 0; run < options.Runs; run++)
        {
            var report = Path.Combine(Path.GetTempPath(), $"pforge-heap-{Environment.ProcessId}-{run}.json");
            File.Delete(report);
            using var server = ServerProcess.Start(options, new Dictionary<string, string>
            {
                ["DOTNET_STARTUP_HOOKS"] = probe,
                ["PFORGE_HEAP_PROBE"] = report,
            });
            server.Initialize(requests);
            Ping(server);
            File.WriteAllText(report + ".go", "");
            var waited = Stopwatch.StartNew();
            while (!File.Exists(report))
            {
                if (waited.Elapsed > TimeSpan.FromSeconds(10))
                {
                    throw new TimeoutException("the heap probe did not answer: is the server a JIT .NET program?");
                }

                Thread.Sleep(5);
            }

            Thread.Sleep(20);
            using var document = JsonDocument.Parse(File.ReadAllText(report));
            live.Add(document.RootElement.GetProperty("totalMemoryBytes").GetDouble());
            heap.Add(document.RootElement.GetProperty("heapSizeBytes").GetDouble());
            File.Delete(report);
            File.Delete(report + ".go");
        }

        result["managedLiveBytes"] = Median(live);
        result["managedHeapBytes"] = Median(heap);
    }

    /// <summary>
    /// A PForge server (AOT too, which has no startup hooks) started with <c>--log-level debug</c> logs
    /// "managed heap after initialize: N bytes" (live bytes after a full collection) to stderr: read that.
    /// </summary>
    private static void HeapFromLog(Options options, RequestSet requests, JsonObject result)
    {
        var live = new List<double>();
        for (var run = 0; run < options.Runs; run++)
        {
            var reported = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var server = ServerProcess.Start(options, onStderrLine: line =>
            {
                const string Marker = "managed heap after initialize: ";
                var at = line.IndexOf(Marker, StringComparison.Ordinal);
                if (at >= 0 && double.TryParse(line.AsSpan(at + Marker.Length).TrimEnd(" bytes"), CultureInfo.InvariantCulture, out var bytes))
                {
                    reported.TrySetResult(bytes);
                }
            });
            server.Initialize(requests);
            if (!reported.Task.Wait(TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException("no 'managed heap after initialize' line on stderr: is the server PForge with --log-level debug?");
            }

            live.Add(reported.Task.Result);
        }

        result["managedLiveBytes"] = Median(live);
    }

    /// <summary>A ping answered: the notifications sent before it have been handled.</summary>
    private static void Ping(ServerProcess server)
    {
        server.Write("{\"jsonrpc\":\"2.0\",\"id\":-1,\"method\":\"ping\"}\n"u8);
        server.WaitFor(-1);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return Math.Round(median, 3);
    }
}
