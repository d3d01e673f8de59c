using System.Collections.Concurrent;
using PForge.Runtime.Policies;
using PForge.Runtime.Server;
using PForge.Runtime.Settings;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Tests.Policies;

/// <summary>
/// A server of one tool under a <see cref="ToolPolicy"/>, as the generator writes it: <c>CallToolAsync</c> runs the
/// policy, which calls <c>CallToolUnguardedAsync</c> for each attempt; each attempt plays the next scripted step.
/// </summary>
internal sealed class ScriptedServer : McpServerDefinition
{
    private readonly ConcurrentQueue<Func<ToolContext, ValueTask<ToolResult>>> _steps = new();
    private int _attempts;

    public ScriptedServer(string tool, PolicySettings settings, TimeProvider time)
    {
        Tool = tool;
        Policy = new ToolPolicy(tool, settings, time, random: static () => 0.5);
    }

    public string Tool { get; }

    public ToolPolicy Policy { get; }

    /// <summary>How many times the tool itself ran.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public override ReadOnlySpan<byte> ServerInfoJson => """{"name":"scripted","version":"1"}"""u8;

    public override ReadOnlySpan<byte> CapabilitiesJson => """{"tools":{}}"""u8;

    public override string? Instructions => null;

    public override ReadOnlySpan<byte> ToolsListJson => """{"tools":[]}"""u8;

    public override string Name => "scripted";

    public override string Version => "1";

    /// <summary>Queues what the next attempts do, in order; when none is queued an attempt answers "ok".</summary>
    public ScriptedServer Then(params Func<ToolContext, ValueTask<ToolResult>>[] steps)
    {
        foreach (var step in steps)
        {
            _steps.Enqueue(step);
        }

        return this;
    }

    public static ValueTask<ToolResult> Ok(ToolContext context) => new(ToolResult.Text("ok"));

    public static ValueTask<ToolResult> Transient(ToolContext context) => new(ToolResult.TransientError("HTTP 503 Service Unavailable"));

    public override int FindTool(ReadOnlySpan<char> name) => name.SequenceEqual(Tool) ? 0 : -1;

    public override string? ToolName(int tool) => Tool;

    public override ValueTask<ToolResult> CallToolAsync(int tool, ReadOnlySpan<byte> arguments, ToolContext context) =>
        Policy.RunAsync(this, tool, arguments, context);

    protected internal override ValueTask<ToolResult> CallToolUnguardedAsync(int tool, ReadOnlySpan<byte> arguments, ToolContext context)
    {
        Interlocked.Increment(ref _attempts);
        return _steps.TryDequeue(out var step) ? step(context) : Ok(context);
    }

    /// <summary>Calls the tool outside a session.</summary>
    public ValueTask<ToolResult> CallAsync(ToolContext? context = null) => CallToolAsync(0, "{}"u8, context ?? new ToolContext());
}
