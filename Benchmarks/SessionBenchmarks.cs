using System.Text;
using BenchmarkDotNet.Attributes;
using Calculator;
using PForge.Runtime.Server;

namespace PForge.Benchmarks;

/// <summary>
/// Whole messages through an initialized <see cref="McpSession"/>: request bytes in (one stdio line without its
/// newline), response bytes out (copied by <see cref="BufferSink"/>). No transport, no I/O.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SessionBenchmarks
{
    private static readonly byte[] Initialize = Encoding.UTF8.GetBytes(
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1.0.0"}}}""");

    private static readonly byte[] Initialized = Encoding.UTF8.GetBytes(
        """{"jsonrpc":"2.0","method":"notifications/initialized"}""");

    private static readonly byte[] CallCalculate = Encoding.UTF8.GetBytes(
        """{"jsonrpc":"2.0","id":42,"method":"tools/call","params":{"name":"calculate","arguments":{"operation":"multiply","a":6,"b":7}}}""");

    private static readonly byte[] CallCalculateExpected = Encoding.UTF8.GetBytes(
        """{"jsonrpc":"2.0","id":42,"result":{"content":[{"type":"text","text":"{\"result\":42}"}],"structuredContent":{"result":42}}}""");

    // Revision 2026-07-28: the same call with its per-request _meta, on the same session (no handshake needed).
    private static readonly byte[] CallCalculate2026 = Encoding.UTF8.GetBytes(
        """{"jsonrpc":"2.0","id":42,"method":"tools/call","params":{"name":"calculate","arguments":{"operation":"multiply","a":6,"b":7},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/clientInfo":{"name":"bench","version":"1.0.0"}}}}""");

    private static readonly byte[] CallInvalid = Encoding.UTF8.GetBytes(
        """{"jsonrpc":"2.0","id":42,"method":"tools/call","params":{"name":"calculate","arguments":{"operation":"pow","a":6,"b":7}}}""");

    private static readonly byte[] CallInvalidExpected = Encoding.UTF8.GetBytes(
        """{"jsonrpc":"2.0","id":42,"result":{"content":[{"type":"text","text":"Parameter 'operation' must be one of: add, subtract, multiply, divide"}],"isError":true}}""");

    private static readonly byte[] ListTools = Encoding.UTF8.GetBytes(
        """{"jsonrpc":"2.0","id":42,"method":"tools/list"}""");

    private readonly BufferSink _sink = new();
    private McpSession _session = null!;

    [GlobalSetup]
    public void Setup()
    {
        var definition = new PForgeServer();
        _session = new McpSession(definition, _sink);

        _session.HandleMessage(Initialize);
        Expect(_sink.Count == 1 && Contains(_sink.Last, "\"protocolVersion\":"u8) && Contains(_sink.Last, "\"result\""u8), "initialize");
        _session.HandleMessage(Initialized);
        Expect(_sink.Count == 1, "notifications/initialized (no response expected)");

        Check(CallCalculate, CallCalculateExpected, "tools/call calculate");
        Check(CallInvalid, CallInvalidExpected, "tools/call with operation \"pow\"");

        var modernExpected = new List<byte>();
        modernExpected.AddRange("""{"jsonrpc":"2.0","id":42,"result":{"resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":"""u8);
        modernExpected.AddRange(definition.ServerInfoJson);
        modernExpected.AddRange("""},"content":[{"type":"text","text":"{\"result\":42}"}],"structuredContent":{"result":42}}}"""u8);
        Check(CallCalculate2026, [.. modernExpected], "tools/call calculate of revision 2026-07-28");

        var listExpected = new List<byte>();
        listExpected.AddRange("""{"jsonrpc":"2.0","id":42,"result":"""u8);
        listExpected.AddRange(definition.ToolsListJson);
        listExpected.Add((byte)'}');
        Check(ListTools, [.. listExpected], "tools/list");
    }

    [Benchmark(Baseline = true)]
    public int ToolsCall_Calculate()
    {
        _session.HandleMessage(CallCalculate);
        return _sink.Last.Length;
    }

    [Benchmark]
    public int ToolsCall_Calculate_2026()
    {
        _session.HandleMessage(CallCalculate2026);
        return _sink.Last.Length;
    }

    [Benchmark]
    public int ToolsCall_ValidationError()
    {
        _session.HandleMessage(CallInvalid);
        return _sink.Last.Length;
    }

    [Benchmark]
    public int ToolsList()
    {
        _session.HandleMessage(ListTools);
        return _sink.Last.Length;
    }

    private void Check(byte[] request, byte[] expected, string what)
    {
        _sink.Clear();
        _session.HandleMessage(request);
        Expect(_sink.Count == 1, what + ": expected exactly one response");
        if (!_sink.Last.SequenceEqual(expected))
        {
            throw new InvalidOperationException(
                $"{what}: unexpected response{Environment.NewLine}  expected: {Encoding.UTF8.GetString(expected)}{Environment.NewLine}  actual:   {Encoding.UTF8.GetString(_sink.Last)}");
        }
    }

    private static bool Contains(ReadOnlySpan<byte> text, ReadOnlySpan<byte> part) => text.IndexOf(part) >= 0;

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Setup check failed: " + what);
        }
    }
}
