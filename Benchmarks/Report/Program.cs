using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PForge.BenchReport;

/// <summary>
/// Reads the result files scripts/bench wrote into one folder (the load driver's JSON, wrk's JSON lines, BenchmarkDotNet's
/// JSON, sizes, machine facts, the commands) and writes docs/performance.md and docs/perf/*.svg. Every ratio compares
/// figures of that one run; a last section sets each figure beside the one of the report it replaces.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine("usage: PForge.BenchReport <results folder> <performance.md> <charts folder>");
            return 2;
        }

        var results = new Results(args[0]);
        Directory.CreateDirectory(args[2]);
        var previous = File.Exists(args[1]) ? File.ReadAllText(args[1]) : "";
        var markdown = new Report(results, args[2], Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(args[1]))!, args[2])).Write();
        // The comparison goes before the commands, which stay last.
        var comparison = PreviousRun.Compare(previous, markdown, PreviousRun.Date(previous));
        var commands = markdown.IndexOf("## Exact commands", StringComparison.Ordinal);
        markdown = comparison.Length == 0 || commands < 0 ? markdown : markdown.Insert(commands, comparison + Environment.NewLine);
        File.WriteAllText(args[1], markdown);
        Console.Error.WriteLine($"wrote {args[1]} and the charts in {args[2]}");
        return 0;
    }
}

/// <summary>The result files of one run, read leniently: a missing file is a missing figure (shown as "—").</summary>
internal sealed class Results(string folder)
{
    public string Folder { get; } = folder;

    public JsonElement? Json(string name)
    {
        var path = Path.Combine(Folder, name);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public double? Number(string file, params string[] path)
    {
        if (Json(file) is not { } element)
        {
            return null;
        }

        foreach (var step in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(step, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.Number ? element.GetDouble() : null;
    }

    /// <summary>wrk runs: one JSON line per run; the median of a field over the runs without errors.</summary>
    public double? WrkMedian(string file, string field)
    {
        var path = Path.Combine(Folder, file);
        if (!File.Exists(path))
        {
            return null;
        }

        var values = new List<double>();
        foreach (var line in File.ReadLines(path).Where(l => l.StartsWith('{')))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.GetProperty("non2xx").GetInt64() + root.GetProperty("socketErrors").GetInt64() + root.GetProperty("badBodies").GetInt64() == 0)
            {
                values.Add(root.GetProperty(field).GetDouble());
            }
        }

        return Stats.Median(values);
    }

    public IReadOnlyList<(string Key, string Value)> Tsv(string file)
    {
        var path = Path.Combine(Folder, file);
        return !File.Exists(path) ? [] :
            [.. File.ReadLines(path).Select(l => l.Split('\t', 2)).Where(p => p.Length == 2).Select(p => (p[0], p[1]))];
    }

    public string Text(string file)
    {
        var path = Path.Combine(Folder, file);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : "";
    }

    /// <summary>BenchmarkDotNet brief JSON exports: (type.method(params), median ns, allocated bytes).</summary>
    public IReadOnlyList<(string Name, double MedianNs, double? Allocated)> Benchmarks()
    {
        var list = new List<(string, double, double?)>();
        var folder = Path.Combine(Folder, "bdn");
        if (!Directory.Exists(folder))
        {
            return list;
        }

        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var benchmark in document.RootElement.GetProperty("Benchmarks").EnumerateArray())
            {
                if (!benchmark.TryGetProperty("Statistics", out var statistics) || statistics.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var name = $"{benchmark.GetProperty("Type").GetString()}.{benchmark.GetProperty("Method").GetString()}";
                var parameters = benchmark.TryGetProperty("Parameters", out var p) ? p.GetString() : null;
                if (!string.IsNullOrEmpty(parameters))
                {
                    name += $"({parameters})";
                }

                double? allocated = benchmark.TryGetProperty("Memory", out var memory) && memory.ValueKind == JsonValueKind.Object
                    ? memory.GetProperty("BytesAllocatedPerOperation").GetDouble() : null;
                list.Add((name, statistics.GetProperty("Median").GetDouble(), allocated));
            }
        }

        return list;
    }
}

internal static class Stats
{
    public static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? null
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
