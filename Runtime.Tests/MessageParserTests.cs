using System.Text;
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
}
