using System.Text;
using System.Text.Json;
using PForge.Runtime.Server;
using PForge.Runtime.Tests.Support;
using PForge.Runtime.Tools;
using PForge.Runtime.Tools.Pipeline;

namespace PForge.Runtime.Tests;

/// <summary>
/// The pipeline runner over a hand-written registry (as the generated server calls it): step order, values passed
/// through, fail_fast and continue, skipped steps, each condition form, and one progress notification per step.
/// </summary>
[TestClass]
public sealed class PipelineRunnerTests
{
    [TestMethod]
    public async Task StepsRunInOrderAndObjectValuesPassThroughUnchanged()
    {
        var server = new StepServer();
        var steps = new[]
        {
            Step(StepServer.Profile, "profile", w => Object(w, ("name", v => Value(w, v.Get("who"))))),
            Step(StepServer.Echo, "echo", w => Object(w, ("user", v => Value(w, v.Get("profile"))), ("age", v => Value(w, v.Get("profile", "age"))), ("text", v => w.WriteStringValue("hi " + Templating(v.Get("profile", "name")))))),
        };
        var result = await PipelineRunner.RunAsync(server, steps, Variables("""{"who":"ada"}"""), new ToolContext());
        Assert.IsFalse(result.IsError);
        Assert.AreEqual(
            """{"results":[{"tool":"profile","success":true,"output":{"name":"ada","age":36,"tags":["a"]}},{"tool":"echo","success":true,"output":{"user":{"name":"ada","age":36,"tags":["a"]},"age":36,"text":"hi ada"}}],"variables":{"who":"ada","profile":{"name":"ada","age":36,"tags":["a"]},"echo":{"user":{"name":"ada","age":36,"tags":["a"]},"age":36,"text":"hi ada"}}}""",
            Structured(result));
        CollectionAssert.AreEqual(new[] { "profile", "echo" }, server.Calls);
    }

    [TestMethod]
    public async Task TextOutputIsAJsonString()
    {
        var server = new StepServer();
        var result = await PipelineRunner.RunAsync(server, [Step(StepServer.Text, "said", w => Object(w))], Variables("{}"), new ToolContext());
        Assert.AreEqual("""{"results":[{"tool":"text","success":true,"output":"plain \"text\""}],"variables":{"said":"plain \"text\""}}""", Structured(result));
    }

    [TestMethod]
    public async Task FailFastStopsWithAnErrorResultThatKeepsTheResults()
    {
        var server = new StepServer();
        var steps = new[] { Step(StepServer.Fail, null, w => Object(w)), Step(StepServer.Text, "said", w => Object(w)) };
        var result = await PipelineRunner.RunAsync(server, steps, Variables("""{"a":1}"""), new ToolContext());
        Assert.IsTrue(result.IsError);
        Assert.AreEqual("""{"results":[{"tool":"fail","success":false,"error":"boom"}],"variables":{"a":1}}""", Structured(result));
        CollectionAssert.AreEqual(new[] { "fail" }, server.Calls);
        Assert.Contains("\"isError\":true", Wire(result));
    }

    [TestMethod]
    public async Task ContinueRecordsTheFailureAndRunsTheNextStep()
    {
        var server = new StepServer();
        var steps = new[] { Step(StepServer.Fail, "failed", w => Object(w), continueOnError: true), Step(StepServer.Text, "said", w => Object(w)) };
        var result = await PipelineRunner.RunAsync(server, steps, Variables("{}"), new ToolContext());
        Assert.IsFalse(result.IsError);
        Assert.AreEqual("""{"results":[{"tool":"fail","success":false,"error":"boom"},{"tool":"text","success":true,"output":"plain \"text\""}],"variables":{"said":"plain \"text\""}}""", Structured(result));
    }

    [TestMethod]
    public async Task AStepToolChecksItsOwnArguments()
    {
        var server = new StepServer();
        var result = await PipelineRunner.RunAsync(server, [Step(StepServer.Profile, null, w => Object(w, ("name", _ => w.WriteNumberValue(3))))], Variables("{}"), new ToolContext());
        Assert.IsTrue(result.IsError);
        Assert.AreEqual("""{"results":[{"tool":"profile","success":false,"error":"'name' must be a string"}],"variables":{}}""", Structured(result));
    }

    [TestMethod]
    public async Task AFalseConditionSkipsTheStep()
    {
        var server = new StepServer();
        var steps = new[]
        {
            Step(StepServer.Text, "said", w => Object(w), condition: v => PipelineFormat.Truthy(v.Get("missing"))),
            Step(StepServer.Text, "again", w => Object(w), condition: v => !PipelineFormat.Truthy(v.Get("missing"))),
        };
        var result = await PipelineRunner.RunAsync(server, steps, Variables("{}"), new ToolContext());
        Assert.AreEqual("""{"results":[{"tool":"text","skipped":true},{"tool":"text","success":true,"output":"plain \"text\""}],"variables":{"again":"plain \"text\""}}""", Structured(result));
        CollectionAssert.AreEqual(new[] { "text" }, server.Calls);
    }

    [TestMethod]
    [DataRow("null", false)]
    [DataRow("false", false)]
    [DataRow("\"\"", false)]
    [DataRow("[]", false)]
    [DataRow("{}", false)]
    [DataRow("0", true)]
    [DataRow("true", true)]
    [DataRow("\"x\"", true)]
    [DataRow("[0]", true)]
    [DataRow("{\"a\":null}", true)]
    public void TruthyIsExistsAndNotNullFalseOrEmpty(string json, bool truthy)
    {
        var variables = Variables($$"""{"v":{{json}}}""");
        Assert.AreEqual(truthy, PipelineFormat.Truthy(variables.Get("v")));
        Assert.IsFalse(PipelineFormat.Truthy(variables.Get("absent")));
        Assert.IsFalse(PipelineFormat.Truthy(variables.Get("v", "deeper")));
    }

    [TestMethod]
    public void ComparisonsOfNumbersStringsBooleansAndNull()
    {
        var v = Variables("""{"user":{"age":36,"name":"ada","admin":true,"gone":null,"tags":["a"]}}""");
        PipelineOperand P(params string[] path) => PipelineOperand.Of(v.Get("user", path));
        Assert.IsTrue(PipelineFormat.Compare(P("age"), PipelineComparison.Equal, PipelineOperand.Of(36d)));
        Assert.IsTrue(PipelineFormat.Compare(P("age"), PipelineComparison.GreaterOrEqual, PipelineOperand.Of(36d)));
        Assert.IsTrue(PipelineFormat.Compare(P("age"), PipelineComparison.Greater, PipelineOperand.Of(18d)));
        Assert.IsFalse(PipelineFormat.Compare(P("age"), PipelineComparison.Less, PipelineOperand.Of(18d)));
        Assert.IsTrue(PipelineFormat.Compare(P("age"), PipelineComparison.LessOrEqual, PipelineOperand.Of(36.0)));
        Assert.IsTrue(PipelineFormat.Compare(P("age"), PipelineComparison.NotEqual, PipelineOperand.Of("36")), "a number is not the string of it");
        Assert.IsTrue(PipelineFormat.Compare(P("name"), PipelineComparison.Equal, PipelineOperand.Of("ada")));
        Assert.IsTrue(PipelineFormat.Compare(P("name"), PipelineComparison.Less, PipelineOperand.Of("bob")));
        Assert.IsFalse(PipelineFormat.Compare(P("name"), PipelineComparison.Less, PipelineOperand.Of(3d)), "no order between a string and a number");
        Assert.IsTrue(PipelineFormat.Compare(P("admin"), PipelineComparison.Equal, PipelineOperand.Of(true)));
        Assert.IsTrue(PipelineFormat.Compare(P("gone"), PipelineComparison.Equal, PipelineOperand.Null));
        Assert.IsTrue(PipelineFormat.Compare(P("missing"), PipelineComparison.Equal, PipelineOperand.Null), "absent reads as null");
        Assert.IsTrue(PipelineFormat.Compare(P("tags"), PipelineComparison.Equal, P("tags")));
        Assert.IsFalse(PipelineFormat.Compare(P("tags"), PipelineComparison.Equal, PipelineOperand.Null));
    }

    [TestMethod]
    public void EachStepSendsOneProgressNotification()
    {
        var server = new StepServer();
        var sink = new CapturingSink();
        var session = new McpSession(server, sink, null);
        session.HandleMessage(Encoding.UTF8.GetBytes(SessionHarness.InitializeRequest));
        session.HandleMessage("""{"jsonrpc":"2.0","method":"notifications/initialized"}"""u8.ToArray());
        sink.TakeAll();
        session.HandleMessage("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"pipeline","arguments":{},"_meta":{"progressToken":"p"}}}"""u8.ToArray());
        var messages = sink.TakeAll();
        CollectionAssert.AreEqual(
            new[]
            {
                """{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"p","progress":1,"total":3,"message":"Step 1 (text) done"}}""",
                """{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"p","progress":2,"total":3,"message":"Step 2 (text) skipped"}}""",
                """{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"p","progress":3,"total":3,"message":"Step 3 (fail) failed"}}""",
            },
            messages.Take(3).ToArray(),
            string.Join("\n", messages));
        Assert.HasCount(4, messages);
        Assert.Contains("\"isError\":true", messages[3]);
    }

    private static PipelineStep Step(int tool, string? output, Action<Utf8JsonWriter> input, bool continueOnError = false, Func<PipelineVariables, bool>? condition = null) => new()
    {
        ToolName = StepServer.Names[tool],
        ToolIndex = tool,
        Input = (writer, variables) =>
        {
            s_variables = variables;
            input(writer);
        },
        OutputVariable = output,
        Condition = condition,
        ContinueOnError = continueOnError,
    };

    [ThreadStatic]
    private static PipelineVariables? s_variables;

    private static void Object(Utf8JsonWriter writer, params (string Name, Action<PipelineVariables> Value)[] members)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in members)
        {
            writer.WritePropertyName(name);
            value(s_variables!);
        }

        writer.WriteEndObject();
    }

    private static void Value(Utf8JsonWriter writer, JsonElement? value) => PipelineFormat.WriteValue(writer, value);

    private static string Templating(JsonElement? value) => Tools.Templating.TemplateFormat.Text(value);

    private static PipelineVariables Variables(string json) => PipelineVariables.FromObject(Encoding.UTF8.GetBytes(json));

    private static string Structured(ToolResult result) => Encoding.UTF8.GetString(result.StructuredJson()!);

    private static string Wire(ToolResult result)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            result.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A registry of step tools, plus a pipeline (index 4) over them, as the generated server would declare.</summary>
    private sealed class StepServer : McpServerDefinition
    {
        public const int Profile = 0;
        public const int Echo = 1;
        public const int Fail = 2;
        public const int Text = 3;
        public const int Pipeline = 4;

        public static readonly string[] Names = ["profile", "echo", "fail", "text", "pipeline"];

        private static readonly StructuredWriter Raw = static (writer, value) => writer.WriteRawValue((byte[])value);

        public List<string> Calls { get; } = [];

        public override ReadOnlySpan<byte> ServerInfoJson => """{"name":"steps","version":"1.0.0"}"""u8;

        public override ReadOnlySpan<byte> CapabilitiesJson => """{"tools":{}}"""u8;

        public override string? Instructions => null;

        public override ReadOnlySpan<byte> ToolsListJson => """{"tools":[]}"""u8;

        public override string Name => "steps";

        public override string Version => "1.0.0";

        public override int FindTool(ReadOnlySpan<char> name) => Array.IndexOf(Names, name.ToString());

        public override ValueTask<ToolResult> CallToolAsync(int tool, ReadOnlySpan<byte> arguments, ToolContext context)
        {
            Calls.Add(Names[tool]);
            using var document = JsonDocument.Parse(arguments.ToArray());
            var input = document.RootElement;
            switch (tool)
            {
                case Profile:
                    if (!input.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
                    {
                        return new(ToolResult.Error("'name' must be a string"));
                    }

                    return new(ToolResult.Structured(Encoding.UTF8.GetBytes($$"""{"name":{{JsonSerializer.Serialize(name.GetString())}},"age":36,"tags":["a"]}"""), Raw));
                case Echo:
                    return new(ToolResult.Structured(Encoding.UTF8.GetBytes(input.GetRawText()), Raw));
                case Fail:
                    return new(ToolResult.Error("boom"));
                case Text:
                    return new(ToolResult.Text("plain \"text\""));
                default:
                    Calls.Clear();
                    return PipelineRunner.RunAsync(
                        this,
                        [
                            Step(Text, "said", w => Object(w)),
                            Step(Text, null, w => Object(w), condition: v => PipelineFormat.Truthy(v.Get("nothing"))),
                            Step(Fail, null, w => Object(w)),
                        ],
                        new PipelineVariables(),
                        context);
            }
        }
    }
}
