using BenchmarkDotNet.Attributes;
using Calculator;
using PForge.Runtime.Policies;
using PForge.Runtime.Server;
using PForge.Runtime.Settings;
using PForge.Runtime.Tools;

namespace PForge.Benchmarks;

/// <summary>
/// The calculator's <c>calculate</c> tool called in process, as the generated server calls it: straight (a tool with
/// no policy), and through a <see cref="ToolPolicy"/> (a Polly pipeline) with the usual policies or with the limits.
/// A call under a timeout or a retry takes its token, so a session makes it a new <see cref="ToolContext"/>: that
/// benchmark does too; the others reuse one, as a session does for a call that took no token.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class PolicyBenchmarks
{
    private static readonly byte[] Arguments = """{"operation":"multiply","a":6,"b":7}"""u8.ToArray();

    private readonly PForgeServer _plain = new();
    private readonly ToolContext _context = new();
    private PolicyServer _guarded = null!;
    private PolicyServer _limited = null!;

    [GlobalSetup]
    public void Setup()
    {
        _guarded = new PolicyServer(_plain, new PolicySettings
        {
            Timeout = TimeSpan.FromSeconds(30),
            Retry = new RetrySettings(),
            CircuitBreaker = new CircuitBreakerSettings(),
        });
        _limited = new PolicyServer(_plain, new PolicySettings
        {
            RateLimit = new RateLimitSettings { PermitsPerSecond = int.MaxValue },
            MaxConcurrent = 64,
        });

        foreach (var (name, server) in new (string, McpServerDefinition)[] { ("plain", _plain), ("guarded", _guarded), ("limited", _limited) })
        {
            var result = server.CallToolAsync(0, Arguments, _context).AsTask().GetAwaiter().GetResult();
            if (result.IsError || result.StructuredJson() is not { } json || System.Text.Encoding.UTF8.GetString(json) != """{"result":42}""")
            {
                throw new InvalidOperationException($"Setup check failed: the {name} call of calculate did not answer {{\"result\":42}}");
            }

            result.ReturnBuffer();
        }
    }

    [Benchmark(Baseline = true)]
    public bool NoPolicy() => Call(_plain);

    [Benchmark]
    public bool Timeout_Retry_Breaker() => Call(_guarded, new ToolContext());

    [Benchmark]
    public bool RateLimit_MaxConcurrent() => Call(_limited);

    private bool Call(McpServerDefinition server, ToolContext? context = null)
    {
        var pending = server.CallToolAsync(0, Arguments, context ?? _context);
        var result = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
        result.ReturnBuffer();
        return result.IsError;
    }

    /// <summary>The calculator's server with a policy on its tools, as the generator writes a server whose tools have one.</summary>
    private sealed class PolicyServer(PForgeServer inner, PolicySettings settings) : McpServerDefinition
    {
        private readonly ToolPolicy _policy = new("calculate", settings);

        public override ReadOnlySpan<byte> ServerInfoJson => inner.ServerInfoJson;

        public override ReadOnlySpan<byte> CapabilitiesJson => inner.CapabilitiesJson;

        public override string? Instructions => inner.Instructions;

        public override ReadOnlySpan<byte> ToolsListJson => inner.ToolsListJson;

        public override string Name => inner.Name;

        public override string Version => inner.Version;

        public override int FindTool(ReadOnlySpan<char> name) => inner.FindTool(name);

        public override ValueTask<ToolResult> CallToolAsync(int tool, ReadOnlySpan<byte> arguments, ToolContext context) =>
            _policy.RunAsync(this, tool, arguments, context);

        protected internal override ValueTask<ToolResult> CallToolUnguardedAsync(int tool, ReadOnlySpan<byte> arguments, ToolContext context) =>
            inner.CallToolAsync(tool, arguments, context);
    }
}
