using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using PForge.Runtime.Generated;
using PForge.Runtime.Server;
using PForge.Runtime.Tools;
using PForge.Runtime.Tools.Cli;

namespace PForge.Runtime.Tests.Support;

/// <summary>
/// A hand-written stand-in for the <c>PForgeServer</c> class the code generator writes: a fixed identity, constant
/// payloads and a few tools that exercise each path of the runtime (sync, async, cancellation, failures, structured output).
/// </summary>
internal sealed class TestServer : McpServerDefinition
{
    public const string ServerInfo = """{"name":"test-server","version":"1.2.3"}""";
    public const string Capabilities = """{"tools":{}}""";
    public const string DefaultInstructions = "Use the tools.";

    public const string ToolsList =
        """{"tools":[{"name":"echo","description":"Echoes its text","inputSchema":{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}},"""
        + """{"name":"slow","inputSchema":{"type":"object"}},{"name":"fail","inputSchema":{"type":"object"}},{"name":"crash","inputSchema":{"type":"object"}},"""
        + """{"name":"structured","inputSchema":{"type":"object"},"outputSchema":{"type":"object","properties":{"x":{"type":"number"},"y":{"type":"number"}},"required":["x","y"]}},"""
        + """{"name":"nan","inputSchema":{"type":"object"}},{"name":"gate","inputSchema":{"type":"object","properties":{"key":{"type":"string"}},"required":["key"]}}]}""";

    private static readonly byte[] ServerInfoBytes = System.Text.Encoding.UTF8.GetBytes(ServerInfo);
    private static readonly byte[] CapabilitiesBytes = System.Text.Encoding.UTF8.GetBytes(Capabilities);
    private static readonly byte[] ToolsListBytes = System.Text.Encoding.UTF8.GetBytes(ToolsList);

    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _gates = new(StringComparer.Ordinal);
    private readonly Channel<string> _events = Channel.CreateUnbounded<string>();

    public TestServer(string? instructions = DefaultInstructions, string defaultTransport = "stdio", int maxMessageBytes = Settings.MessageLimit.DefaultStdioBytes)
    {
        Instructions = instructions;
        DefaultTransport = defaultTransport;
        MaxMessageBytes = maxMessageBytes;
    }

    /// <summary>What <c>forge.max_message_bytes</c> compiles into a generated server.</summary>
    public override int MaxMessageBytes { get; }

    public override ReadOnlySpan<byte> ServerInfoJson => ServerInfoBytes;

    public override ReadOnlySpan<byte> CapabilitiesJson => CapabilitiesBytes;

    public override string? Instructions { get; }

    public override ReadOnlySpan<byte> ToolsListJson => ToolsListBytes;

    public override string Name => "test-server";

    public override string Version => "1.2.3";

    public override string DefaultTransport { get; }

    /// <summary>Opens the gate a <c>gate</c> call with this key waits on (before or after the call starts).</summary>
    public void Open(string key) => Gate(key).TrySetResult(key);

    /// <summary>The context of each tool call, in the order the calls came.</summary>
    public ConcurrentQueue<ToolContext> Contexts { get; } = new();

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

    public override int FindTool(ReadOnlySpan<char> name) => name switch
    {
        "echo" => 0,
        "slow" => 1,
        "fail" => 2,
        "crash" => 3,
        "structured" => 4,
        "nan" => 5,
        "gate" => 6,
        "broken" => 7,
        "late-fail" => 8,
        "nothing" => 9,
        "trap" => 10,
        "bad-output" => 11,
        "late-bad-output" => 12,
        "cli" => 13,
        "progress" => 14,
        _ => -1,
    };

    public override ValueTask<ToolResult> CallToolAsync(int tool, ReadOnlySpan<byte> arguments, ToolContext context)
    {
        // Shaped like generated code: read the arguments, then run the handler with its failures turned into results.
        Contexts.Enqueue(context);
        switch (tool)
        {
            case 0:
                if (!TryReadString(arguments, "text"u8, out var text, out var error))
                {
                    return new(ToolResult.Error(error));
                }

                return new(ToolResult.Text(text));
            case 1:
                return Guard(() => SlowAsync(context));
            case 2:
                return Guard(static () => throw new ToolException("boom"));
            case 3:
                return Guard(static () => throw new InvalidOperationException("the handler crashed"));
            case 4:
                return new(ToolResult.Structured(new Point(1.5, -2)));
            case 5:
                return new(ToolResult.Structured(new Point(double.NaN, 0)));
            case 6:
                if (!TryReadString(arguments, "key"u8, out var key, out var keyError))
                {
                    return new(ToolResult.Error(keyError));
                }

                return Guard(() => GateAsync(key));
            case 7:
                // A fault outside any handler's guard: the session must still answer.
                throw new InvalidOperationException("the registry is broken");
            case 8:
                return ToolResult.FromPending(LateFailAsync());
            case 9:
                return new(ToolResult.Structured(null, Point.Writer));
            case 10:
                return Guard(() => TrapAsync(context));
            case 11:
                // A writer failing in a way the runtime does not turn into an error result: a fault of the server.
                return new(ToolResult.Structured(new Point(0, 0), BrokenWriter));
            case 12:
                return LateBadOutputAsync();
            case 13:
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
            case 14:
                var progressArguments = arguments.ToArray();
                return Guard(() => ProgressAsync(progressArguments, context));
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

    private static bool TryReadString(ReadOnlySpan<byte> arguments, ReadOnlySpan<byte> property, out string value, out string error)
    {
        var reader = new Utf8JsonReader(arguments, ArgumentReader.Options);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(property);
            reader.Read();
            if (match)
            {
                if (ArgumentReader.TryReadString(ref reader, out value))
                {
                    error = string.Empty;
                    return true;
                }

                // As generated readers do: a string that does not decode is not a wrong type.
                var name = System.Text.Encoding.UTF8.GetString(property);
                error = reader.TokenType == JsonTokenType.String
                    ? ArgumentReader.InvalidText(string.Empty, name)
                    : ArgumentReader.WrongType(string.Empty, name, "a string");
                return false;
            }

            reader.Skip();
        }

        value = string.Empty;
        error = ArgumentReader.Missing(string.Empty, System.Text.Encoding.UTF8.GetString(property));
        return false;
    }

    private static async ValueTask<ToolResult> LateFailAsync()
    {
        await Task.Yield();
        throw new ToolException("late boom");
    }

    private static async ValueTask<ToolResult> LateBadOutputAsync()
    {
        await Task.Yield();
        return ToolResult.Structured(new Point(0, 0), BrokenWriter);
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

    private async ValueTask<ToolResult> SlowAsync(ToolContext context)
    {
        Report("slow:started");
        try
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            Report("slow:cancelled");
            throw;
        }

        return "slow finished";
    }

    private async ValueTask<ToolResult> GateAsync(string key)
    {
        Report($"gate:{key}:started");

        // Ignores cancellation on purpose: a call that finishes after being cancelled must still send nothing.
        var opened = await Gate(key).Task.WaitAsync(TestTimeouts.Wait);
        return $"opened {opened}";
    }

    private TaskCompletionSource<string> Gate(string key) =>
        _gates.GetOrAdd(key, static _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));

    private void Report(string text) => _events.Writer.TryWrite(text);

    /// <summary>Typed output shaped like a generated output record struct.</summary>
    private readonly record struct Point(double X, double Y) : IStructuredOutput<Point>
    {
        public static readonly StructuredWriter Writer = static (writer, value) => Write(writer, (Point)value);

        public static void Write(Utf8JsonWriter writer, Point value)
        {
            writer.WriteStartObject();
            writer.WriteNumber("x"u8, OutputWriter.Finite(value.X, "x"));
            writer.WriteNumber("y"u8, OutputWriter.Finite(value.Y, "y"));
            writer.WriteEndObject();
        }
    }
}
