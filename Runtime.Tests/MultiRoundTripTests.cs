using System.Text.Json;
using System.Text.RegularExpressions;
using PForge.Runtime.Client;
using PForge.Runtime.Server;
using PForge.Runtime.Tests.State;
using PForge.Runtime.Tests.Support;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Tests;

/// <summary>
/// Multi round-trip requests (revision 2026-07-28): a handler's <see cref="ToolContext.ElicitAsync"/> and
/// <see cref="ToolContext.SampleAsync"/> end the request "input required"; the client's retry replays the handler
/// with the answers so far, kept in the sealed request state.
/// </summary>
[TestClass]
public sealed partial class MultiRoundTripTests
{
    private const string Capable =
        "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{\"elicitation\":{},\"sampling\":{},\"roots\":{}}}";

    private const string AskName =
        """{"input-0":{"method":"elicitation/create","params":{"message":"Your name?","requestedSchema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}}}""";

    private const string AskCapital =
        """{"input-1":{"method":"sampling/createMessage","params":{"messages":[{"role":"user","content":{"type":"text","text":"Capital of France?"}}],"maxTokens":10}}}""";

    private const string Name = "\"input-0\":{\"action\":\"accept\",\"content\":{\"name\":\"Ada\"}}";

    private const string Capital = "\"input-1\":{\"role\":\"assistant\",\"content\":{\"type\":\"text\",\"text\":\"Paris\"},\"model\":\"m\",\"stopReason\":\"endTurn\"}";

    private readonly ManualTime _time = new();

    [TestMethod]
    public void EachQuestionIsARoundAndTheLastRetryGetsTheResult()
    {
        var (harness, server) = Harness();
        var first = harness.Single(Call(1, "survey"));
        Assert.AreEqual(InputRequired(1, AskName), WithoutState(first));

        var second = harness.Single(Call(2, "survey", State(first), Name));
        Assert.AreEqual(InputRequired(2, AskCapital), WithoutState(second));

        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":3,"result":{"resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"survey","version":"1"}},"content":[{"type":"text","text":"Ada lives near Paris"}]}}""",
            harness.Single(Call(3, "survey", State(second), Capital)));

        // The handler ran once per round, from the start, and the same API served it as in the handshake era.
        Assert.AreEqual(3, server.Runs);
    }

    [TestMethod]
    public void ARetryWithoutTheAnswerIsAskedAgain()
    {
        var (harness, _) = Harness();
        var first = harness.Single(Call(1, "survey"));
        Assert.AreEqual(InputRequired(2, AskName), WithoutState(harness.Single(Call(2, "survey", State(first)))));
    }

    [TestMethod]
    public void TheStateIsRefusedWhenChangedForeignExpiredOrForAnotherTool()
    {
        var (harness, _) = Harness();
        var state = State(harness.Single(Call(1, "survey")));
        const string Refused = """{"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"Invalid params: \"requestState\" is not one this server issued for this request (changed, foreign or expired)"}}""";

        var changed = (state[0] == 'A' ? 'B' : 'A') + state[1..];
        Assert.AreEqual(Refused, harness.Single(Call(2, "survey", changed, Name)));
        Assert.AreEqual(Refused, harness.Single(Call(2, "survey", "not base64 at all!", Name)));
        Assert.AreEqual(Refused, harness.Single(Call(2, "other", state, Name)));

        var (foreign, _) = Harness("another secret");
        Assert.AreEqual(Refused, foreign.Single(Call(2, "survey", state, Name)));

        _time.Advance(TimeSpan.FromMinutes(11));
        Assert.AreEqual(Refused, harness.Single(Call(2, "survey", state, Name)));
    }

    [TestMethod]
    public void AnotherInstanceWithTheSameSecretTakesTheRetry()
    {
        var (first, _) = Harness();
        var (second, _) = Harness();
        var state = State(first.Single(Call(1, "survey")));
        Assert.AreEqual(InputRequired(2, AskCapital), WithoutState(second.Single(Call(2, "survey", state, Name))));
    }

    [TestMethod]
    [DataRow("\"inputResponses\":[]", "Invalid params: \\\"inputResponses\\\" must be an object")]
    [DataRow("\"inputResponses\":{\"input-0\":1}", "Invalid params: each member of \\\"inputResponses\\\" must be a result object")]
    [DataRow("\"inputResponses\":{\"a\":{},\"a\":{}}", "Invalid params: \\\"inputResponses\\\" names a key more than once")]
    [DataRow("\"requestState\":7", "Invalid params: \\\"requestState\\\" must be a string")]
    [DataRow("\"requestState\":\"a\",\"requestState\":\"a\"", "Invalid params: \\\"requestState\\\" is given more than once")]
    public void HostileRetryMembersGetAPreciseError(string members, string message)
    {
        var (harness, _) = Harness();
        Assert.AreEqual(
            $$$"""{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"{{{message}}}"}}""",
            harness.Single($"{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{{\"name\":\"survey\",{Capable},{members}}}}}"));
    }

    [TestMethod]
    public void AClientThatDeclaresNoElicitationGetsMissingRequiredClientCapability()
    {
        // The revision: a server that needs a capability the request does not declare MUST answer -32021 (the handshake
        // era keeps the handler's error result).
        var (harness, server) = Harness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32021,"message":"Missing required client capability: the request needs elicitation, which its clientCapabilities do not declare","data":{"requiredCapabilities":{"elicitation":{}}}}}""",
            harness.Single("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"survey","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}"""));

        // Declaring elicitation alone gets the first question; its answer leads to the sampling the request lacks.
        var first = harness.Single("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"survey","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{"elicitation":{}}}}}""");
        Assert.AreEqual(InputRequired(2, AskName), WithoutState(first));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":3,"error":{"code":-32021,"message":"Missing required client capability: the request needs sampling, which its clientCapabilities do not declare","data":{"requiredCapabilities":{"sampling":{}}}}}""",
            harness.Single("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"survey\",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{\"elicitation\":{}}},\"requestState\":\"" + State(first) + "\",\"inputResponses\":{" + Name + "}}}"));
        Assert.AreEqual(3, server.Runs);
    }

    [TestMethod]
    public void QuestionsAskedTogetherGoOutInOneRoundUnderTheirKeys()
    {
        var (harness, _) = Harness();
        var first = harness.Single(Call(1, "together"));
        Assert.AreEqual(
            InputRequired(1, """{"user_name":{"method":"elicitation/create","params":{"message":"Your name?","requestedSchema":{"type":"object"}}},"input-1":{"method":"sampling/createMessage","params":{"messages":[{"role":"user","content":{"type":"text","text":"Capital of France?"}}],"maxTokens":10}},"client_roots":{"method":"roots/list","params":{}}}"""),
            WithoutState(first));

        // Two of three answered (and a key nobody asked, ignored): the third is asked again, alone.
        var second = harness.Single(Call(2, "together", State(first),
            "\"user_name\":" + """{"action":"accept","content":{"name":"Ada"}},"client_roots":{"roots":[{"uri":"file:///work","name":"work"}]},"stray":{}"""));
        Assert.AreEqual(InputRequired(2, """{"input-1":{"method":"sampling/createMessage","params":{"messages":[{"role":"user","content":{"type":"text","text":"Capital of France?"}}],"maxTokens":10}}}"""), WithoutState(second));

        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":3,"result":{"resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"survey","version":"1"}},"content":[{"type":"text","text":"Ada, Paris, roots: file:///work (work)"}]}}""",
            harness.Single(Call(3, "together", State(second), Capital)));
    }

    [TestMethod]
    public void TwoQuestionsUnderOneKeyAreTheHandlersError()
    {
        var (harness, _) = Harness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"survey","version":"1"}},"content":[{"type":"text","text":"The handler asked twice under the input key 'k' in one round: each question needs its own key"}],"isError":true}}""",
            harness.Single(Call(1, "twice")));
    }

    private (Rounds Harness, SurveyServer Server) Harness(string secret = "shared secret")
    {
        var server = new SurveyServer { RequestState = RequestStateSealer.WithSecret(secret, TimeSpan.FromMinutes(10), _time) };
        var sink = new CapturingSink();
        return (new Rounds(new McpSession(server, sink), sink), server);
    }

    /// <summary>A session of the survey server: one request in, its one answer out.</summary>
    private sealed record Rounds(McpSession Session, CapturingSink Sink)
    {
        public string Single(string message)
        {
            Session.HandleMessage(System.Text.Encoding.UTF8.GetBytes(message));
            var answers = Sink.TakeAll();
            Assert.HasCount(1, answers, $"answers to {message}: {string.Join(" | ", answers)}");
            return answers[0];
        }
    }

    private static string Call(int id, string tool, string? state = null, string? answers = null)
    {
        var retry = (state is null ? "" : $",\"requestState\":\"{state}\"") + (answers is null ? "" : $",\"inputResponses\":{{{answers}}}");
        return $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"tools/call\",\"params\":{{\"name\":\"{tool}\",{Capable}{retry}}}}}";
    }

    private static string InputRequired(int id, string requests) =>
        $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":{{\"resultType\":\"input_required\",\"inputRequests\":{requests},\"requestState\":\"STATE\"}}}}";

    private static string State(string inputRequired)
    {
        using var document = JsonDocument.Parse(inputRequired);
        return document.RootElement.GetProperty("result").GetProperty("requestState").GetString()!;
    }

    private static string WithoutState(string inputRequired) => StateValue().Replace(inputRequired, "\"requestState\":\"STATE\"");

    [GeneratedRegex("\"requestState\":\"[A-Za-z0-9_-]+\"")]
    private static partial Regex StateValue();

    /// <summary>One tool, "survey", that asks the user's name, then the model, and answers with both.</summary>
    private sealed class SurveyServer : McpServerDefinition
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public override ReadOnlySpan<byte> ServerInfoJson => """{"name":"survey","version":"1"}"""u8;

        public override ReadOnlySpan<byte> CapabilitiesJson => """{"tools":{}}"""u8;

        public override string? Instructions => null;

        public override ReadOnlySpan<byte> ToolsListJson => """{"tools":[{"name":"survey","inputSchema":{"type":"object"}},{"name":"other","inputSchema":{"type":"object"}}]}"""u8;

        public override string Name => "survey";

        public override string Version => "1";

        public override int FindTool(ReadOnlySpan<char> name) => name switch
        {
            "survey" => 0,
            "other" => 1,
            "together" => 2,
            "twice" => 3,
            _ => -1,
        };

        public override ValueTask<ToolResult> CallToolAsync(int tool, ReadOnlySpan<byte> arguments, ToolContext context) => tool switch
        {
            0 => ToolResult.FromPending(SurveyAsync(context)),
            2 => ToolResult.FromPending(TogetherAsync(context)),
            3 => ToolResult.FromPending(TwiceAsync(context)),
            _ => new(ToolResult.Text("other")),
        };

        // Three questions before awaiting any: one round asks them all.
        private static async ValueTask<ToolResult> TogetherAsync(ToolContext context)
        {
            var name = context.ElicitAsync("Your name?", """{"type":"object"}""", inputKey: "user_name");
            var capital = context.SampleAsync(new SamplingRequest("Capital of France?", 10));
            var roots = context.ListRootsAsync(inputKey: "client_roots");
            using var content = JsonDocument.Parse((await name).ContentJson!);
            var root = (await roots).Roots.Single();
            return $"{content.RootElement.GetProperty("name").GetString()}, {(await capital).Text}, roots: {root.Uri} ({root.Name})";
        }

        private static async ValueTask<ToolResult> TwiceAsync(ToolContext context)
        {
            var first = context.ElicitAsync("One?", """{"type":"object"}""", inputKey: "k");
            var second = context.ElicitAsync("Two?", """{"type":"object"}""", inputKey: "k");
            await Task.WhenAll(first, second);
            return "never";
        }

        private async ValueTask<ToolResult> SurveyAsync(ToolContext context)
        {
            Interlocked.Increment(ref _runs);
            var name = await context.ElicitAsync("Your name?", """{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}""");
            var capital = await context.SampleAsync(new SamplingRequest("Capital of France?", 10));
            using var content = JsonDocument.Parse(name.ContentJson!);
            return $"{content.RootElement.GetProperty("name").GetString()} lives near {capital.Text}";
        }
    }
}
