using System.Text.Json.Nodes;

namespace PForge.Mibc;

/// <summary>
/// The training workload: a requests file (JSON-RPC lines: initialize, notifications/initialized, one tools/call per
/// tool) with its tools/call lines repeated, ids renumbered, up to a number of calls, so that the per-request code
/// outweighs start-up code in the profile as it does in a real server's life.
/// </summary>
internal static class Workload
{
    public static int Write(string requestsPath, int calls, string outputPath)
    {
        var head = new List<string>();
        var repeated = new List<JsonObject>();
        foreach (var line in File.ReadLines(requestsPath))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (JsonNode.Parse(line) is JsonObject message && message["id"] is not null && (string?)message["method"] != "initialize")
            {
                repeated.Add(message);
            }
            else
            {
                head.Add(line);
            }
        }

        if (repeated.Count == 0)
        {
            Console.Error.WriteLine($"pforge-mibc: {requestsPath} has no request to repeat (tools/call lines)");
            return 1;
        }

        using var output = new StreamWriter(outputPath) { NewLine = "\n" };
        foreach (var line in head)
        {
            output.WriteLine(line);
        }

        for (var i = 0; i < Math.Max(calls, repeated.Count); i++)
        {
            var message = repeated[i % repeated.Count];
            message["id"] = i + 1;
            output.WriteLine(message.ToJsonString());
        }

        return 0;
    }
}
