using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PForge.LoadDriver;

/// <summary>
/// Bench mode, what <c>dotnet build -t:PForgeBench</c> runs on a user's project: for the server and its requests file,
/// cold start, peak RSS after 10,000 calls, the binary's size, and per tool req/s and p50/p99 with 64 and 1 in
/// flight; written as a markdown report to <c>--out</c>. Figures are medians of the runs; compare them within one run.
/// </summary>
internal static class Bench
{
    public static int Run(Options options)
    {
        var tools = ToolFiles(options.Requests);
        if (tools.Count == 0)
        {
            Console.Error.WriteLine($"{options.Requests} has no tools/call line to measure");
            return 1;
        }

        var all = RequestSet.Load(options.Requests, 10_000);
        var cold = new JsonObject();
        Console.Error.WriteLine("cold start…");
        Program.ColdStart(options.With(options.Requests, 1, 20, "coldstart"), all, cold);
        var memory = new JsonObject();
        Console.Error.WriteLine("memory after 10,000 calls…");
        Program.Memory(options.With(options.Requests, 10_000, 3, "memory"), all, memory);

        var rows = new List<string>();
        var httpRows = new List<string>();
        long errors = 0;
        foreach (var (name, file) in tools)
        {
            if (options.Http)
            {
                Console.Error.WriteLine($"tool {name} over Streamable HTTP…");
                var callLine = File.ReadLines(file).Last();
                var http64 = HttpLoad.Run(options, callLine, Math.Min(options.Count, 20_000), 64);
                var http1 = HttpLoad.Run(options, callLine, Math.Min(options.Count, 5_000), 1);
                errors += http64.Errors + http1.Errors;
                httpRows.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| `{name}` | {http64.RequestsPerSecond:N0} | {http64.P50Us:F1} | {http64.P99Us:F1} | {http1.RequestsPerSecond:N0} | {http1.P50Us:F1} | {http1.P99Us:F1} |"));
                if ((http64.FirstError ?? http1.FirstError) is { } httpError)
                {
                    httpRows.Add($"|  | an answer was an error: {httpError.Replace("|", "\\|", StringComparison.Ordinal)} | | | | | |");
                }
            }

            Console.Error.WriteLine($"tool {name}…");
            var result = new JsonObject();
            var perTool = options.With(file, options.Count, options.Runs, "throughput");
            Program.Throughput(perTool, RequestSet.Load(file, Math.Max(perTool.Count, perTool.Warmup)), result);
            errors += result["errors"]?.GetValue<long>() ?? 0;
            var byK = result["inFlight"]!.AsObject();
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| `{name}` | {Figure(byK, "64", "reqPerSec", "N0")} | {Figure(byK, "64", "p50Us", "F1")} | {Figure(byK, "64", "p99Us", "F1")} | {Figure(byK, "1", "reqPerSec", "N0")} | {Figure(byK, "1", "p50Us", "F1")} | {Figure(byK, "1", "p99Us", "F1")} |"));
            if (result["firstError"]?.GetValue<string>() is { } error)
            {
                rows.Add($"|  | an answer was an error: {error.Replace("|", "\\|", StringComparison.Ordinal)} | | | | | |");
            }

            File.Delete(file);
        }

        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# PForge bench: {options.Label}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Server: `{string.Join(' ', [options.Command, .. options.Arguments])}`, requests: `{options.Requests}`, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        md.AppendLine("Wall-clock figures are medians of the runs on this machine: compare them within one report, not across machines.");
        md.AppendLine();
        md.AppendLine("| figure | value |");
        md.AppendLine("|---|---:|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| cold start (spawn → `initialize` response, median of 20) | {Number(cold["coldStartMs"], "F1")} ms |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| RSS after `initialize` | {Megabytes(memory["rssAfterInitBytes"])} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| peak RSS after 10,000 calls | {Megabytes(memory["peakRssBytes"])} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| binary size | {BinarySize(options.Command)} |");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Per tool, {options.Runs} runs of up to {options.Count:N0} calls each (stdio, the same call repeated):");
        md.AppendLine();
        md.AppendLine("| tool | req/s (64 in flight) | p50 µs | p99 µs | req/s (1 in flight) | p50 µs | p99 µs |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            md.AppendLine(row);
        }

        if (options.Http)
        {
            md.AppendLine();
            md.AppendLine("Per tool over Streamable HTTP (one session, K POSTs in flight from this driver, on the same machine):");
            md.AppendLine();
            md.AppendLine("| tool | req/s (64 in flight) | p50 µs | p99 µs | req/s (1 in flight) | p50 µs | p99 µs |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var row in httpRows)
            {
                md.AppendLine(row);
            }
        }

        var text = md.ToString();
        if (options.Out is null)
        {
            Console.Write(text);
        }
        else
        {
            File.WriteAllText(options.Out, text);
            Console.Error.WriteLine($"wrote {options.Out}");
        }

        return errors > 0 ? 1 : 0;
    }

    /// <summary>One requests file per tools/call line of the given one: its non-call lines, then that call.</summary>
    private static List<(string Name, string File)> ToolFiles(string requests)
    {
        var header = new List<string>();
        var calls = new List<(string Name, string Line)>();
        foreach (var line in File.ReadAllLines(requests).Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.TryGetProperty("method", out var method) && method.GetString() == "tools/call")
            {
                calls.Add((root.GetProperty("params").GetProperty("name").GetString() ?? "?", line));
            }
            else
            {
                header.Add(line);
            }
        }

        return [.. calls.Select((call, i) =>
        {
            var file = Path.Combine(Path.GetTempPath(), $"pforge-bench-{Environment.ProcessId}-{i}.jsonl");
            File.WriteAllLines(file, [.. header, call.Line]);
            return (call.Name, file);
        })];
    }

    private static string Figure(JsonObject byK, string k, string name, string format) =>
        byK[k]?[name] is JsonValue value ? value.GetValue<double>().ToString(format, CultureInfo.InvariantCulture) : "—";

    private static string Number(JsonNode? node, string format) =>
        node is JsonValue value ? value.GetValue<double>().ToString(format, CultureInfo.InvariantCulture) : "—";

    private static string Megabytes(JsonNode? node) =>
        node is JsonValue value ? (value.GetValue<double>() / (1024 * 1024)).ToString("F2", CultureInfo.InvariantCulture) + " MB" : "—";

    private static string BinarySize(string command)
    {
        var path = File.Exists(command) ? command : null;
        return path is null ? "—" : (new FileInfo(path).Length / (1024.0 * 1024)).ToString("F2", CultureInfo.InvariantCulture) + " MB";
    }
}
