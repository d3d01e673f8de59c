using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using PForge.Runtime.Protocol;
using PForge.Runtime.Server;
using PForge.Runtime.Tools;
using PForge.Runtime.Tools.Cli;

namespace PForge.Runtime.Tests.Support;

/// <summary>
/// The server of the runtime tests: the <see cref="PForgeServer"/> the generator writes from test-server.yaml (its
/// identity, tools/list, argument readers and dispatch), with the options a test sets per instance (instructions,
/// default transport, message limit), what the handlers report (events, gates, contexts), and fault hooks.
/// </summary>
internal sealed class TestServer : McpServerDefinition
{
    /// <summary>The tools/list payload the tests expect: exactly what the generator writes for test-server.yaml.</summary>
    public const string ToolsList =
        """{"tools":[{"name":"echo","description":"Echoes its text","inputSchema":{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}},"""
        + """{"name":"slow","inputSchema":{"type":"object"}},{"name":"fail","inputSchema":{"type":"object"}},{"name":"crash","inputSchema":{"type":"object"}},"""
        + """{"name":"structured","inputSchema":{"type":"object"},"outputSchema":{"type":"object","properties":{"x":{"type":"number"},"y":{"type":"number"}},"required":["x","y"]}},"""
        + """{"name":"nan","inputSchema":{"type":"object"}},{"name":"gate","inputSchema":{"type":"object","properties":{"key":{"type":"string"}},"required":["key"]}},"""
        + """{"name":"whoami_scoped","inputSchema":{"type":"object"}},{"name":"whoami","inputSchema":{"type":"object","properties":{}}}]}""";

    /// <summary>The instructions of test-server.yaml (TestServerTests checks that they agree).</summary>
    public const string DefaultInstructions = "Use the tools.";

    /// <summary>
    /// Tools only: a generated server always declares logging and completions too, while the runtime tests pin the
    /// initialize answer of a server that declares tools alone.
    /// </summary>
    public const string Capabilities = """{"tools":{}}""";

    /// <summary>Hooks have indices from here on: above the generated tools', and not in tools/list.</summary>
    private const int FirstHook = 1000;

    private static readonly byte[] CapabilitiesBytes = System.Text.Encoding.UTF8.GetBytes(Capabilities);

    // Handlers are made by the generated server with new(), so they find the server that called them by their context.
    private static readonly ConditionalWeakTable<ToolContext, TestServer> Callers = new();

    private readonly PForgeServer _generated = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _gates = new(StringComparer.Ordinal);
    private readonly Channel<string> _events = Channel.CreateUnbounded<string>();

    public TestServer(string? instructions = DefaultInstructions, string? defaultTransport = null, int? maxMessageBytes = null)
    {
        Instructions = instructions;
        DefaultTransport = defaultTransport ?? _generated.DefaultTransport;
        MaxMessageBytes = maxMessageBytes ?? _generated.MaxMessageBytes;
    }

    /// <summary>The generated server itself, as test-server.yaml declares it.</summary>
    public McpServerDefinition Generated => _generated;

    /// <summary>What <c>forge.max_message_bytes</c> compiles into a generated server.</summary>
    public override int MaxMessageBytes { get; }

    public override ReadOnlySpan<byte> ServerInfoJson => _generated.ServerInfoJson;

    public override ReadOnlySpan<byte> CapabilitiesJson => CapabilitiesBytes;

    public override string? Instructions { get; }

    public override ReadOnlySpan<byte> ToolsListJson => _generated.ToolsListJson;

    public override string Name => _generated.Name;

    public override bool IsTaskTool(int tool) => tool is >= FirstHook + 8 and <= FirstHook + 11 || _generated.IsTaskTool(tool);

    public override bool IsTaskRequired(int tool) => tool == FirstHook + 9;

    public override bool TaskStartsInHandler(int tool) => tool == FirstHook + 11;

    public override string Version => _generated.Version;

    public override string DefaultTransport { get; }

    /// <summary>The context of each tool call, in the order the calls came.</summary>
    public ConcurrentQueue<ToolContext> Contexts { get; } = new();

    /// <summary>The server whose tool call has this context: how a generated tool's handler reaches its test.</summary>
    public static TestServer Of(ToolContext context) =>
        Callers.TryGetValue(context, out var server) ? server : throw new InvalidOperationException("the context is of no TestServer call");

    /// <summary>Opens the gate a <c>gate</c> call with this key waits on (before or after the call starts).</summary>
    public void Open(string key) => Gate(key).TrySetResult(key);

    /// <summary>Waits for the next event a tool reported ("slow:started", "slow:cancelled", "gate:a:started").</summary>
    public async Task<string> NextEventAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        try
        {
            return await _events.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new AssertFailedException($"no tool event within {TestTimeouts.Wait}");
        }
    }

    public async Task ExpectEventAsync(string expected) => Assert.AreEqual(expected, await NextEventAsync());

    /// <summary>The gate of <paramref name="key"/>, made on first use by either side.</summary>
    public TaskCompletionSource<string> Gate(string key) =>
        _gates.GetOrAdd(key, static _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Reports an event for <see cref="NextEventAsync"/>.</summary>
    public void Report(string text) => _events.Writer.TryWrite(text);

    public override int FindTool(ReadOnlySpan<char> name)
    {
        var tool = _generated.FindTool(name);
        return tool >= 0 ? tool : name switch
        {
            "broken" => FirstHook,
            "late-fail" => FirstHook + 1,
            "nothing" => FirstHook + 2,
            "trap" => FirstHook + 3,
            "bad-output" => FirstHook + 4,
            "late-bad-output" => FirstHook + 5,
            "cli" => FirstHook + 6,
            "progress" => FirstHook + 7,
            "ask-task" => FirstHook + 8,
            "required-task" => FirstHook + 9,
            "protocol-fail" => FirstHook + 10,
            "handoff" => FirstHook + 11,
            _ => -1,
        };
    }

    public override string? ToolName(int tool) => tool < FirstHook ? _generated.ToolName(tool) : null;

    // The scopes test-server.yaml gives its tools (whoami_scoped: admin), for the HTTP auth tests.
    public override bool HasScopedItems => _generated.HasScopedItems;

    public override IReadOnlyList<string> ToolScopes(int tool) => tool < FirstHook ? _generated.ToolScopes(tool) : [];

    public override ValueTask<ToolResult> CallToolAsync(int tool, ReadOnlySpan<byte> arguments, ToolContext context)
    {
        Contexts.Enqueue(context);
        Callers.AddOrUpdate(context, this);
        return tool < FirstHook ? _generated.CallToolAsync(tool, arguments, context) : CallHook(tool, arguments, context);
    }

    /// <summary>
    /// The hooks: what the runtime must survive but no generated server does (a fault outside the handler's guard,
    /// a broken or missing output), and tools driven by their arguments (a cli invocation, progress, a throwing
    /// cancellation callback, a late failure). Not in test-server.yaml: the generator would list them in tools/list.
    /// </summary>
    private ValueTask<ToolResult> CallHook(int tool, ReadOnlySpan<byte> arguments, ToolContext context)
    {
        switch (tool - FirstHook)
        {
            case 0:
                // A fault outside any handler's guard: the session must still answer.
                throw new InvalidOperationException("the registry is broken");
            case 1:
                return ToolResult.FromPending(LateFailAsync());
            case 2:
                return new(ToolResult.Structured(null, StructuredOutputWriter));
            case 3:
                return Guard(() => TrapAsync(context));
            case 4:
                // A writer failing in a way the runtime does not turn into an error result: a fault of the server.
                return new(ToolResult.Structured(new StructuredOutput { X = 0, Y = 0 }, BrokenWriter));
            case 5:
                return LateBadOutputAsync();
            case 6:
                // As generated code for a cli tool: the invocation built from the YAML and the checked input, then run.
                CliInvocation invocation;
                try
                {
                    invocation = ReadInvocation(arguments);
                }
                catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
                {
                    return new(ToolResult.Error("bad cli arguments: " + ex.Message));
                }

                return Guard(() => CliRunner.RunAsync(invocation, context));
            case 7:
                var progressArguments = arguments.ToArray();
                return Guard(() => ProgressAsync(progressArguments, context));
            case 8:
                return Guard(() => AskTwiceAsync(context));
            case 9:
                return new(ToolResult.Text("ran"));
            case 10:
                return Guard(static async () =>
                {
                    await Task.Yield();
                    throw new McpException(McpErrorCodes.InternalError, "Internal error: the worker crashed");
                });
            case 11:
                return Guard(() => HandOffAsync(context));
            default:
                throw new ArgumentOutOfRangeException(nameof(tool), tool, "No tool has this index.");
        }
    }

    /// <summary>The context of the last <c>progress</c> call, to report through it after the call ended.</summary>
    public ToolContext? LastContext { get; private set; }

    /// <summary>
    /// <c>cli</c>: <c>{"command", "args": [..], "env": {..}, "cwd", "timeout_ms", "stream", "max_output_bytes"}</c>,
    /// what the YAML of a cli tool would fix at build time, given here per call so one tool covers every case.
    /// </summary>
    private static CliInvocation ReadInvocation(ReadOnlySpan<byte> arguments)
    {
        var reader = new Utf8JsonReader(arguments);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var environment = new List<KeyValuePair<string, string>>();
        if (root.TryGetProperty("env", out var env))
        {
            foreach (var variable in env.EnumerateObject())
            {
                environment.Add(new(variable.Name, variable.Value.GetString()!));
            }
        }

        return new CliInvocation
        {
            Command = root.GetProperty("command").GetString()!,
            Arguments = root.TryGetProperty("args", out var args) ? [.. args.EnumerateArray().Select(static a => a.GetString()!)] : [],
            Environment = environment,
            WorkingDirectory = root.TryGetProperty("cwd", out var cwd) ? cwd.GetString() : null,
            Timeout = root.TryGetProperty("timeout_ms", out var timeout) ? TimeSpan.FromMilliseconds(timeout.GetInt32()) : TimeSpan.FromSeconds(30),
            Stream = root.TryGetProperty("stream", out var stream) && stream.GetBoolean(),
            MaxOutputBytes = root.TryGetProperty("max_output_bytes", out var max) ? max.GetInt32() : CliInvocation.DefaultMaxOutputBytes,
        };
    }

    /// <summary>
    /// <c>progress</c>: <c>{"values": [..], "total"?, "messages"?: true, "key"?}</c> reports each value (with
    /// "at {value}" as message when asked), then waits for the gate <c>key</c> if given, and returns whether it could report.
    /// </summary>
    private async ValueTask<ToolResult> ProgressAsync(byte[] arguments, ToolContext context)
    {
        LastContext = context;
        string? key;
        using (var document = JsonDocument.Parse(arguments))
        {
            var root = document.RootElement;
            double? total = root.TryGetProperty("total", out var t) ? t.GetDouble() : null;
            var messages = root.TryGetProperty("messages", out var m) && m.GetBoolean();
            foreach (var value in root.GetProperty("values").EnumerateArray())
            {
                var progress = value.ValueKind == JsonValueKind.String
                    ? double.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
                    : value.GetDouble();
                context.ReportProgress(progress, total, messages ? FormattableString.Invariant($"at {progress}") : null);
            }

            key = root.TryGetProperty("key", out var k) ? k.GetString() : null;
        }

        if (key is not null)
        {
            Report($"progress:{key}:started");
            await Gate(key).Task.WaitAsync(TestTimeouts.Wait);
        }

        return $"can report: {(context.CanReportProgress ? "yes" : "no")}";
    }

    private const string NameForm = """{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}""";

    /// <summary><c>ask-task</c> (a task): asks for a name under the key "name" and a confirmation under the default key, together.</summary>
    private static async ValueTask<ToolResult> AskTwiceAsync(ToolContext context)
    {
        var name = context.ElicitAsync("Name?", NameForm, TestTimeouts.Wait, inputKey: "name");
        var sure = context.ElicitAsync("Sure?", """{"type":"object","properties":{}}""", TestTimeouts.Wait);
        return $"name={(await name).ContentJson} sure={(await sure).Action}";
    }

    /// <summary><c>handoff</c> (<c>task_start: handler</c>): asks who in the call, then continues as a task.</summary>
    private static async ValueTask<ToolResult> HandOffAsync(ToolContext context)
    {
        var who = await context.ElicitAsync("Who?", NameForm, TestTimeouts.Wait, inputKey: "who");
        context.ContinueAsTask();
        return $"hello {who.ContentJson} ({(context.CanElicit ? "can" : "cannot")} elicit)";
    }

    private static ValueTask<ToolResult> Guard(Func<ValueTask<ToolResult>> handler)
    {
        try
        {
            var pending = handler();
            return pending.IsCompletedSuccessfully ? pending : ToolResult.FromPending(pending);
        }
        catch (Exception ex)
        {
            return new(ToolResult.FromException(ex));
        }
    }

    private static async ValueTask<ToolResult> LateFailAsync()
    {
        await Task.Yield();
        throw new ToolException("late boom");
    }

    private static async ValueTask<ToolResult> LateBadOutputAsync()
    {
        await Task.Yield();
        return ToolResult.Structured(new StructuredOutput { X = 0, Y = 0 }, BrokenWriter);
    }

    private static void BrokenWriter(Utf8JsonWriter writer, object value) => throw new NotSupportedException("the output writer is broken");

    /// <summary>Like <c>slow</c>, with a cancellation callback that throws, as careless handler code may register.</summary>
    private async ValueTask<ToolResult> TrapAsync(ToolContext context)
    {
        using var trap = context.CancellationToken.Register(static () => throw new InvalidOperationException("the callback threw"));
        Report("trap:started");
        try
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            Report("trap:cancelled");
            throw;
        }

        return "trap finished";
    }

    private static void StructuredOutputWriter(Utf8JsonWriter writer, object value) => StructuredOutput.Write(writer, (StructuredOutput)value);
}
