using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PForge.IntegrationTests;

/// <summary>
/// A long run of mixed requests, good and bad, against the NativeAOT calculator over stdio: every answer is the exact
/// one expected, memory stays flat after the first 200,000 and no handle or thread is leaked. <c>PFORGE_SOAK_REQUESTS</c>
/// sets the length (default 1,000,000, at least 400,000); the memory curve goes to <c>TestResults/soak-memory.tsv</c>.
/// </summary>
[TestClass]
public sealed class SoakTests
{
    private const int InFlight = 64;
    private const int Samples = 20;

    // The first requests grow the GC's budgets and touch lazily used pages; the curve must be flat after them.
    private const int WarmUp = 200_000;

    // What each kind of request sends, and what comes back; {0} is the request's id. Kinds 6-8 get no id-bearing answer.
    private static readonly string[] Requests =
    [
        """{"jsonrpc":"2.0","id":{0},"method":"tools/call","params":{"name":"calculate","arguments":{"operation":"add","a":{0},"b":1}}}""",
        """{"jsonrpc":"2.0","id":{0},"method":"tools/call","params":{"name":"calculate","arguments":{"operation":"divide","a":1,"b":0}}}""",
        """{"jsonrpc":"2.0","id":{0},"method":"tools/call","params":{"name":"calculate","arguments":{"operation":"add","a":1}}}""",
        """{"jsonrpc":"2.0","id":{0},"method":"tools/call","params":{"name":"calculate","arguments":{"operation":"multiply","a":1.5,"b":"x"}}}""",
        """{"jsonrpc":"2.0","id":{0},"method":"tools/call","params":{"name":"nope","arguments":{}}}""",
        """{"jsonrpc":"2.0","id":{0},"method":"ping"}""",
        """{"jsonrpc":"2.0","id":{0},"method":""",
        """{"jsonrpc":"2.0","method":"notifications/whatever"}""",
        """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":{0}}}""",
    ];

    private static readonly string[] Answers =
    [
        """{"jsonrpc":"2.0","id":{0},"result":{"content":[{"type":"text","text":"{\"result\":{1}}"}],"structuredContent":{"result":{1}}}}""",
        """{"jsonrpc":"2.0","id":{0},"result":{"content":[{"type":"text","text":"Division by zero"}],"isError":true}}""",
        """{"jsonrpc":"2.0","id":{0},"result":{"content":[{"type":"text","text":"Missing required parameter 'b'"}],"isError":true}}""",
        """{"jsonrpc":"2.0","id":{0},"result":{"content":[{"type":"text","text":"Parameter 'b' must be a number"}],"isError":true}}""",
        """{"jsonrpc":"2.0","id":{0},"error":{"code":-32602,"message":"Unknown tool: 'nope'"}}""",
        """{"jsonrpc":"2.0","id":{0},"result":{}}""",
    ];

    private const string ParseError = """{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed. LineNumber: 0 | BytePositionInLine: """;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(1_200_000, CooperativeCancellation = true)]
    public async Task AMillionMixedRequestsGetTheirExactAnswersWithFlatMemoryAndNoLeak()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("the soak reads the server's memory, handles and threads from /proc");
        }

        var count = int.TryParse(Environment.GetEnvironmentVariable("PFORGE_SOAK_REQUESTS"), CultureInfo.InvariantCulture, out var n) ? Math.Max(n, 2 * WarmUp) : 1_000_000;
        var output = Path.Combine(Path.GetTempPath(), "pforge-it", "soak-" + Guid.NewGuid().ToString("N"));
        try
        {
            var sample = DotNet.Sample("calculator");
            var (code, log) = await DotNet.RunAsync(sample, TimeSpan.FromMinutes(12),
                "publish", Path.Combine(sample, "Calculator.csproj"), "-nologo", "-c", "Release", "-o", output, "-p:PForgePgo=none");
            Assert.AreEqual(0, code, log);

            var curve = await Task.Run(() => Soak(Path.Combine(output, "Calculator"), count, TestContext.CancellationToken));
            var lines = curve.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Requests}\t{s.RssKb}\t{s.Handles}\t{s.Threads}")).ToList();
            var results = Path.Combine(DotNet.RepoRoot, "TestResults");
            Directory.CreateDirectory(results);
            await File.WriteAllLinesAsync(Path.Combine(results, "soak-memory.tsv"), ["requests\trss_kb\thandles\tthreads", .. lines]);
            TestContext.WriteLine(string.Join('\n', lines));

            var steady = curve.Where(s => s.Requests >= WarmUp).ToList();
            var first = steady[0];
            Assert.IsLessThanOrEqualTo(first.RssKb + 1024, steady.Max(s => s.RssKb), "RSS grew by more than 1 MB after warm-up:\n" + string.Join('\n', lines));
            Assert.IsTrue(steady.All(s => s.Handles == first.Handles), "open file descriptors changed:\n" + string.Join('\n', lines));
            Assert.IsTrue(steady.All(s => s.Threads <= first.Threads + 2), "threads grew:\n" + string.Join('\n', lines));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    private readonly record struct Sample(long Requests, long RssKb, int Handles, int Threads);

    /// <summary>Sends <paramref name="count"/> requests with at most <see cref="InFlight"/> answers outstanding and checks each answer.</summary>
    private static List<Sample> Soak(string binary, int count, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginErrorReadLine();
        var input = process.StandardInput.BaseStream;
        var reader = new LineReader(process.StandardOutput.BaseStream);
        var curve = new List<Sample>();
        try
        {
            Send(input, """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"soak","version":"1.0.0"}}}""" + "\n"
                + """{"jsonrpc":"2.0","method":"notifications/initialized"}""" + "\n");
            StringAssert.StartsWith(reader.ReadLine(), """{"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2025-11-25",""");

            long sent = 0, outstanding = 0, parseErrors = 0;
            var batch = new StringBuilder();
            var every = Math.Max(1, count / Samples);
            while (sent < count || outstanding > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                batch.Clear();
                while (sent < count && outstanding < InFlight)
                {
                    var kind = (int)(sent % Requests.Length);
                    var id = sent + 1;
                    batch.Append(Requests[kind].Replace("{0}", id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)).Append('\n');
                    if (kind <= 6)
                    {
                        outstanding++;
                    }

                    sent++;
                    if (sent % every == 0)
                    {
                        curve.Add(Measure(process.Id, sent));
                    }
                }

                if (batch.Length > 0)
                {
                    Send(input, batch.ToString());
                }

                // Every answer that arrived by now, at least one (when one is due: the last requests may all be notifications).
                var first = true;
                while (outstanding > 0 && (first || reader.HasLine))
                {
                    first = false;
                    var line = reader.ReadLine();
                    if (line.StartsWith(ParseError, StringComparison.Ordinal))
                    {
                        parseErrors++;
                    }
                    else
                    {
                        Check(line);
                    }

                    outstanding--;
                }
            }

            Assert.AreEqual((count / Requests.Length) + (count % Requests.Length > 6 ? 1 : 0), parseErrors);
            input.Close();
            Assert.IsTrue(process.WaitForExit(10_000), "the server did not exit within 10 s after its input closed");
            Assert.AreEqual(0, process.ExitCode);
            return curve;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>The answer must be exactly the one its id's kind expects.</summary>
    private static void Check(string line)
    {
        const string Head = "{\"jsonrpc\":\"2.0\",\"id\":";
        Assert.IsTrue(line.StartsWith(Head, StringComparison.Ordinal), line);
        var end = line.IndexOf(',', Head.Length);
        var id = long.Parse(line.AsSpan(Head.Length, end - Head.Length), CultureInfo.InvariantCulture);
        var kind = (int)((id - 1) % Requests.Length);
        var expected = Answers[kind]
            .Replace("{0}", id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{1}", (id + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        if (line != expected)
        {
            Assert.AreEqual(expected, line);
        }
    }

    private static void Send(Stream input, string text)
    {
        input.Write(Encoding.UTF8.GetBytes(text));
        input.Flush();
    }

    private static Sample Measure(int pid, long requests)
    {
        long rss = 0;
        var threads = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                threads = int.Parse(line.AsSpan(8).Trim(), CultureInfo.InvariantCulture);
            }
        }

        return new Sample(requests, rss, Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length, threads);
    }

    /// <summary>Lines from a stream, read in large blocks; <see cref="HasLine"/> says whether one is ready without reading.</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[1 << 20];
        private int _start;
        private int _end;

        public bool HasLine => _buffer.AsSpan(_start, _end - _start).Contains((byte)'\n');

        public string ReadLine()
        {
            while (true)
            {
                var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    var line = Encoding.UTF8.GetString(_buffer, _start, newline);
                    _start += newline + 1;
                    return line;
                }

                if (_start > 0)
                {
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                    _end -= _start;
                    _start = 0;
                }

                var read = stream.Read(_buffer, _end, _buffer.Length - _end);
                if (read == 0)
                {
                    throw new EndOfStreamException("the server closed its output");
                }

                _end += read;
            }
        }
    }
}
