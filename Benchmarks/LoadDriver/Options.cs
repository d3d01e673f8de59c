using System.Globalization;

namespace PForge.LoadDriver;

/// <summary>The command line: <c>--server &lt;cmd&gt; [args] --requests &lt;file&gt; --count N --in-flight K[,K…] --runs R</c> and the rest.</summary>
internal sealed class Options
{
    private static readonly HashSet<string> Known =
    [
        "--mode", "--server", "--requests", "--count", "--in-flight", "--runs", "--warmup", "--seconds", "--label",
        "--out", "--probe", "--http", "--help",
    ];

    public string Mode { get; private set; } = "throughput";

    public string Command { get; private set; } = "";

    public List<string> Arguments { get; private set; } = [];

    public string Requests { get; private set; } = "";

    public int Count { get; private set; } = 100_000;

    public List<int> InFlight { get; } = [];

    public int Runs { get; private set; } = 5;

    public int Warmup { get; private set; } = 5_000;

    public double Seconds { get; private set; } = double.PositiveInfinity;

    public string Label { get; private set; } = "";

    public string? Out { get; private set; }

    public string? Probe { get; private set; }

    /// <summary>Bench mode: also measure Streamable HTTP (the server must have HTTP compiled in).</summary>
    public bool Http { get; private set; }

    private void ArgumentsCopy() => Arguments = [.. Arguments];

    /// <summary>The same options with another requests file, count and runs (bench mode: one tool at a time).</summary>
    public Options With(string requests, int count, int runs, string mode)
    {
        var copy = (Options)MemberwiseClone();
        copy.ArgumentsCopy();
        copy.Requests = requests;
        copy.Count = count;
        copy.Runs = runs;
        copy.Mode = mode;
        return copy;
    }

    public const string Usage = """
        PForge.LoadDriver: drives an MCP server over stdio and prints JSON.
          --mode throughput|coldstart|memory|heap|bench|transports   (default throughput; bench: every figure per
                           tool, as markdown to --out, what dotnet build -t:PForgeBench writes; transports: an HTTP
                           server's last tools/call over Streamable HTTP, HTTP+SSE and WebSocket, K in flight each)
          --server <command> [arguments…]           the server; its arguments run up to the next option of the driver
          --requests <file>                         JSON-RPC lines: initialize, notifications/initialized, tools/call …
          --count N        tools/call requests measured per run (throughput: 100000; memory: 10000)
          --in-flight K    requests kept in flight; a list (1,64) measures each in the same process (default 1,64)
          --runs R         fresh processes; the report is the median (throughput 5, coldstart 20, memory/heap 3)
          --warmup W       calls before measuring, per process (throughput, default 5000)
          --seconds S      stop sending after S seconds of a measurement (a slow server's runs stay short)
          --probe <dll>    heap mode: the startup hook Benchmarks/HeapProbe (JIT servers only), or 'log' for a PForge
                           server started with --log-level debug, which logs its managed heap after initialize
          --label L        a name for the server in the JSON
          --out <file>     write the JSON there instead of stdout
        """;

    public static Options Parse(string[] args)
    {
        var options = new Options();
        int? count = null;
        int? runs = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--help":
                    Console.WriteLine(Usage);
                    Environment.Exit(0);
                    break;
                case "--mode": options.Mode = Value(); break;
                case "--server":
                    options.Command = Value();
                    while (i + 1 < args.Length && !Known.Contains(args[i + 1]))
                    {
                        options.Arguments.Add(args[++i]);
                    }

                    break;
                case "--requests": options.Requests = Value(); break;
                case "--count": count = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--in-flight":
                    options.InFlight.AddRange(Value().Split(',').Select(k => int.Parse(k, CultureInfo.InvariantCulture)));
                    break;
                case "--runs": runs = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--warmup": options.Warmup = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--seconds": options.Seconds = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--label": options.Label = Value(); break;
                case "--out": options.Out = Value(); break;
                case "--probe": options.Probe = Value(); break;
                case "--http": options.Http = true; break;
                default: throw new ArgumentException($"unknown option {args[i]}\n{Usage}");
            }
        }

        if (options.Command.Length == 0 || options.Requests.Length == 0)
        {
            throw new ArgumentException($"--server and --requests are required\n{Usage}");
        }

        if (options.InFlight.Count == 0)
        {
            options.InFlight.AddRange(options.Mode == "memory" ? [1] : [1, 64]);
        }

        options.Count = count ?? (options.Mode == "memory" ? 10_000 : 100_000);
        options.Runs = runs ?? options.Mode switch { "coldstart" => 20, "throughput" or "transports" => 5, _ => 3 };
        if (options.Label.Length == 0)
        {
            options.Label = Path.GetFileName(options.Command);
        }

        return options;
    }
}
