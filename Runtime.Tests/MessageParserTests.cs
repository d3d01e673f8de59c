using System.Text;
using PForge.Runtime.Protocol;
using PForge.Runtime.Protocol.Messages;

namespace PForge.Runtime.Tests;

/// <summary>The request and response parsers of Protocol/Messages, on params as a client sends them.</summary>
[TestClass]
public sealed class MessageParserTests
{
    [TestMethod]
    public void CallToolParamsSliceTheArgumentsAndTheProgressTokenAndCopyTheName()
    {
        var parameters = """{"name":"add","arguments":{"a":1},"_meta":{"progressToken":"t1"}}"""u8;
        Span<char> name = stackalloc char[CallToolParams.MaxNameChars];

        var call = CallToolParams.Read(parameters, name);

        Assert.AreEqual("add", name[..call.NameLength].ToString());
        Assert.AreEqual("""{"a":1}""", Encoding.UTF8.GetString(call.Arguments));
        Assert.AreEqual("\"t1\"", Encoding.UTF8.GetString(call.ProgressToken));
        Assert.AreEqual((1, 1, false, null), (call.NameCount, call.ArgumentsCount, call.BadArguments, call.LongName));
    }

    [TestMethod]
    public void CallToolParamsNoteWhatIsWrong()
    {
        Span<char> name = stackalloc char[CallToolParams.MaxNameChars];

        var call = CallToolParams.Read("""{"name":"a","name":"b","arguments":[],"_meta":{"progressToken":1,"progressToken":2}}"""u8, name);

        Assert.AreEqual(2, call.NameCount);
        Assert.IsTrue(call.BadArguments);
        Assert.AreEqual("{}", Encoding.UTF8.GetString(call.Arguments));
        Assert.IsTrue(call.ProgressToken.IsEmpty);
        Assert.AreEqual(new string('x', 200), CallToolParams.Read(Encoding.UTF8.GetBytes($$"""{"name":"{{new string('x', 200)}}"}"""), name).LongName);
    }

    [TestMethod]
    [DataRow("""{"name":"add","arguments":{"a":1},"_meta":{"progressToken":"t1"}}""")]
    [DataRow("""{"_meta":{"progressToken":7},"arguments":{"a":[1,{"b":"\\"}]},"name":"a\u0064d"}""")]
    [DataRow("""{"name":"a","name":"b","arguments":[],"_meta":{"progressToken":1,"progressToken":2}}""")]
    [DataRow("""{"name":"a","_meta":{"progressToken":1},"_meta":{"other":true}}""")]
    [DataRow("""{"name":"\ud800","arguments":null}""")]
    [DataRow("""{"name":17,"arguments":{}}""")]
    [DataRow("""{"name":["echo"],"arguments":{"a":1}}""")]
    [DataRow("""{"name":{"n":"echo"},"name":"echo"}""")]
    [DataRow("""{}""")]
    public void TheEnvelopesScanOfToolsCallParamsReadsWhatTheParamsAloneRead(string parameters)
    {
        var message = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":""" + parameters + "}");
        Assert.IsTrue(JsonRpcReader.TryRead(message, out var envelope, out _));
        Assert.IsTrue(envelope.ToolCall.IsScanned);
        Span<char> alone = stackalloc char[CallToolParams.MaxNameChars];
        Span<char> scanned = stackalloc char[CallToolParams.MaxNameChars];

        var expected = CallToolParams.Read(Encoding.UTF8.GetBytes(parameters), alone);
        var actual = CallToolParams.Read(envelope.Params, envelope.ToolCall, scanned);

        Assert.AreEqual(Describe(expected, alone), Describe(actual, scanned));
    }

    [TestMethod]
    public void ParamsBeforeTheMethodOrOfAnotherMethodAreNotScanned()
    {
        Assert.IsTrue(JsonRpcReader.TryRead("""{"jsonrpc":"2.0","id":1,"params":{"name":"add"},"method":"tools/call"}"""u8, out var late, out _));
        Assert.IsFalse(late.ToolCall.IsScanned);
        Span<char> name = stackalloc char[CallToolParams.MaxNameChars];
        Assert.AreEqual("add", name[..CallToolParams.Read(late.Params, late.ToolCall, name).NameLength].ToString());
        Assert.IsTrue(JsonRpcReader.TryRead("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"name":"add"}}"""u8, out var other, out _));
        Assert.IsFalse(other.ToolCall.IsScanned);
    }

    [TestMethod]
    public void ALongNameIsReadWholeFromTheScan()
    {
        var longName = new string('x', 200);
        var message = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + longName + "\"}}");
        Assert.IsTrue(JsonRpcReader.TryRead(message, out var envelope, out _));
        Span<char> name = stackalloc char[CallToolParams.MaxNameChars];
        Assert.AreEqual(longName, CallToolParams.Read(envelope.Params, envelope.ToolCall, name).LongName);
    }

    [TestMethod]
    public void InitializeParamsReadTheVersionAndTheClientsRequests()
    {
        Assert.AreEqual(
            new InitializeParams("2025-06-18", CanSample: true, CanElicit: false),
            InitializeParams.Read("""{"protocolVersion":"2025-06-18","capabilities":{"sampling":{},"elicitation":true}}"""u8));
        Assert.AreEqual(new InitializeParams(null, false, false), InitializeParams.Read(default));
    }

    [TestMethod]
    public void CancelledParamsGiveTheRequestIdAsSent()
    {
        Assert.AreEqual("\"a\\u0062\"", Encoding.UTF8.GetString(CancelledParams.RequestId("""{"requestId":"a\u0062","reason":"x"}"""u8)));
        Assert.IsTrue(CancelledParams.RequestId("""{"requestId":true}"""u8).IsEmpty);
    }

    [TestMethod]
    public void CompleteParamsReadTheReferenceAndTheArgumentOrSayWhatIsMissing()
    {
        var complete = CompleteParams.Read("""{"ref":{"type":"ref/prompt","name":"p"},"argument":{"name":"n","value":"v"},"context":{"arguments":{"k":"w"}}}"""u8);

        Assert.AreEqual((true, "p", "n", "v", null), (complete.IsPrompt, complete.Reference, complete.ArgumentName, complete.Value, complete.Problem));
        Assert.AreEqual("w", complete.ContextArguments["k"]);
        Assert.AreEqual(
            "completion/complete needs \"argument\" with \"name\" and \"value\" (strings)",
            CompleteParams.Read("""{"ref":{"type":"ref/resource","uri":"u"}}"""u8).Problem);
    }

    [TestMethod]
    public void StringMembersAndMapsReadOnlyStrings()
    {
        Assert.AreEqual("x://a", StringMember.Read("""{"uri":1,"uri":"x://a"}"""u8, "uri"u8));
        Assert.IsNull(StringMember.Read("""{"uri":1}"""u8, "uri"u8));
        Assert.IsFalse(StringMap.TryRead("""{"arguments":{"a":1}}"""u8, "arguments"u8, out _, out var problem));
        Assert.AreEqual("arguments 'a' must be a string", problem);
        Assert.IsTrue(StringMap.TryRead("""{"arguments":null}"""u8, "arguments"u8, out var map, out _));
        Assert.AreEqual(0, map.Count);
    }

    [TestMethod]
    public void ClientResultsAndErrorsAreRead()
    {
        Assert.AreEqual(
            new CreateMessageResult("assistant", "hi", "m", "endTurn"),
            CreateMessageResult.Read("""{"role":"assistant","content":[{"type":"image"},{"type":"text","text":"hi"}],"model":"m","stopReason":"endTurn"}"""u8));
        Assert.AreEqual(new ElicitResult("accept", """{"a":1}"""), ElicitResult.Read(Encoding.UTF8.GetBytes("""{"action":"accept","content":{"a":1}}""")));
        Assert.AreEqual("nope (-1)", ErrorObject.Read("""{"code":-1,"message":"nope"}"""u8).ToString());
        Assert.AreEqual("(no message)", ErrorObject.Read("\"x\""u8).ToString());
    }

    private static string Describe(in CallToolParams call, ReadOnlySpan<char> name) =>
        $"{call.NameCount} {(call.NameLength < 0 ? "-" : name[..call.NameLength].ToString())} {call.LongName} {call.ArgumentsCount} "
        + $"{Encoding.UTF8.GetString(call.Arguments)} {call.BadArguments} {Encoding.UTF8.GetString(call.ProgressToken)} {call.HasMeta}";
}
