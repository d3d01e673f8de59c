using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Build.Framework;
using PForge.Tasks.Config;
using PForge.Tasks.Diagnostics;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace PForge.Tasks;

/// <summary>
/// The perf gate's measurement: runs a server under <c>valgrind --tool=callgrind</c> twice, reading a requests file's
/// lines on stdin with its <c>tools/call</c> lines repeated (ids renumbered) to <see cref="WarmupCalls"/> and to
/// <see cref="WarmupCalls"/> + <see cref="Calls"/> calls, and gives the difference of the instruction counts divided
/// by <see cref="Calls"/>: the cost of one request, with start-up, initialize and shutdown cancelled out.
/// </summary>
public sealed class MeasurePForgeInstructions : MSBuildTask
{
    /// <summary>The server to measure (a NativeAOT binary: callgrind counts its instructions, not a JIT's).</summary>
    [Required]
    public string Executable { get; set; } = string.Empty;

    /// <summary>JSON-RPC lines: initialize and notifications first, then the <c>tools/call</c> lines that are repeated.</summary>
    [Required]
    public string RequestsFile { get; set; } = string.Empty;

    /// <summary>Where the workloads and callgrind's output files go.</summary>
    [Required]
    public string WorkDirectory { get; set; } = string.Empty;

    /// <summary>The calls whose cost is measured: the second run makes this many more than the first.</summary>
    public int Calls { get; set; } = 2000;

    /// <summary>Calls both runs make first, so one-time costs (first call of each path, buffers) cancel out too.</summary>
    public int WarmupCalls { get; set; } = 100;

    public string Valgrind { get; set; } = "valgrind";

    /// <summary>A run's time limit, in seconds.</summary>
    public int TimeoutSeconds { get; set; } = 600;

    /// <summary>Instructions per request, rounded to a whole number (invariant culture).</summary>
    [Output]
    public string InstructionsPerRequest { get; set; } = string.Empty;

    public override bool Execute()
    {
        var lines = File.ReadAllLines(RequestsFile).Where(line => line.Trim().Length > 0).ToList();
        var calls = new List<JsonObject>();
        var prologue = new List<string>();
        var prologueRequests = 0;
        foreach (var line in lines)
        {
            JsonObject? message;
            try
            {
                message = JsonNode.Parse(line) as JsonObject;
            }
            catch (JsonException ex)
            {
                return Fail($"a line of '{RequestsFile}' is not JSON ({ex.Message}): {Shorten(line)}");
            }

            if (message is null)
            {
                return Fail($"a line of '{RequestsFile}' is not a JSON object: {Shorten(line)}");
            }

            if (message["method"]?.GetValueKind() == JsonValueKind.String && (string?)message["method"] == "tools/call")
            {
                calls.Add(message);
            }
            else
            {
                prologue.Add(line);
                prologueRequests += message.ContainsKey("id") ? 1 : 0;
            }
        }

        if (calls.Count == 0)
        {
            return Fail($"the requests file '{RequestsFile}' has no tools/call line to repeat");
        }

        if (Calls <= 0 || WarmupCalls < 0)
        {
            return Fail($"Calls ({Calls}) must be positive and WarmupCalls ({WarmupCalls}) not negative");
        }

        Directory.CreateDirectory(WorkDirectory);
        var small = Run(WarmupCalls);
        var large = small is null ? null : Run(WarmupCalls + Calls);
        if (small is null || large is null)
        {
            return false;
        }

        var perRequest = (double)(large.Value - small.Value) / Calls;
        InstructionsPerRequest = Math.Round(perRequest).ToString("F0", CultureInfo.InvariantCulture);
        Log.LogMessage(MessageImportance.High, string.Create(CultureInfo.InvariantCulture,
            $"PForge perf gate: {WarmupCalls} calls: {small} instructions; {WarmupCalls + Calls} calls: {large}; ({large} - {small}) / {Calls} = {InstructionsPerRequest} instructions per request"));
        return true;

        long? Run(int count)
        {
            var workload = new StringBuilder();
            foreach (var line in prologue)
            {
                workload.Append(line).Append('\n');
            }

            for (var i = 0; i < count; i++)
            {
                var call = (JsonObject)calls[i % calls.Count].DeepClone();
                call["id"] = i + 1;
                workload.Append(call.ToJsonString()).Append('\n');
            }

            var input = Path.Combine(WorkDirectory, $"requests.{count}.jsonl");
            File.WriteAllText(input, workload.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            var output = Path.Combine(WorkDirectory, $"callgrind.{count}.out");
            File.Delete(output);
            // stdin is the file itself, not a pipe: every read returns what it asks for, so the server's reads (and
            // their instructions) do not depend on how fast a writer fills a pipe. The shell only redirects; the
            // paths are its positional parameters, never parsed as shell text.
            var start = new ProcessStartInfo("/bin/sh")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = WorkDirectory,
            };
            foreach (var arg in new[] { "-c", "exec \"$0\" --tool=callgrind --callgrind-out-file=\"$1\" \"$2\" < \"$3\"", Valgrind, output, Executable, input })
            {
                start.ArgumentList.Add(arg);
            }

            // Thread-pool workers spin before they sleep: instructions that count wall time, not work.
            start.Environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0";
            Log.LogMessage(MessageImportance.Normal, $"PForge perf gate: DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 {Valgrind} --tool=callgrind --callgrind-out-file={output} {Executable} < {input}");
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeoutSeconds * 1000))
            {
                process.Kill(entireProcessTree: true);
                Fail($"the server under callgrind did not finish {count} calls within {TimeoutSeconds} s");
                return null;
            }

            process.WaitForExit();
            var responses = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var errors = responses.Count(r => r.Contains("\"isError\":true", StringComparison.Ordinal) || r.Contains("\"error\":{", StringComparison.Ordinal));
            if (process.ExitCode != 0 || responses.Length < prologueRequests + count)
            {
                Fail($"the server under callgrind exited with code {process.ExitCode} after {responses.Length} of {prologueRequests + count} responses; its stderr ends with: {Tail(stderr.Result)}");
                return null;
            }

            if (errors > 0)
            {
                Log.LogMessage(MessageImportance.High, $"PForge perf gate: {errors} of {responses.Length} responses are errors: the workload measures error paths (give the parameters valid 'examples:')");
            }

            var totals = File.Exists(output)
                ? File.ReadLines(output).Select(TotalOf).LastOrDefault(total => total is not null)
                : null;
            if (totals is null)
            {
                Fail($"callgrind wrote no totals to '{output}'; its stderr ends with: {Tail(stderr.Result)}");
            }

            return totals;
        }
    }

    /// <summary>The instruction count of a callgrind <c>summary:</c> or <c>totals:</c> line (the first event, Ir), or null.</summary>
    private static long? TotalOf(string line)
    {
        foreach (var prefix in new[] { "totals:", "summary:" })
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal)
                && long.TryParse(line.AsSpan(prefix.Length).Trim().ToString().Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var total))
            {
                return total;
            }
        }

        return null;
    }

    private bool Fail(string detail)
    {
        var diagnostic = DiagnosticCodes.PerfRunFailed(detail);
        Log.LogError(null, diagnostic.Code, null, null, 0, 0, 0, 0, diagnostic.Message);
        return false;
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    private static string Tail(string text)
    {
        var trimmed = text.TrimEnd();
        return trimmed.Length <= 2000 ? trimmed : "…" + trimmed[^2000..];
    }
}
