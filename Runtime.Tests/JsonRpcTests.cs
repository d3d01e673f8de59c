using PForge.Runtime.Tests.Support;

namespace PForge.Runtime.Tests;

/// <summary>The JSON-RPC envelope: what is a request, a notification, a response, and how malformed messages are answered.</summary>
[TestClass]
public sealed class JsonRpcTests
{
    private const string Ping = """{"jsonrpc":"2.0","id":1,"method":"ping"}""";
    private const string Pong = """{"jsonrpc":"2.0","id":1,"result":{}}""";

    [TestMethod]
    public void UnknownMethodIsMethodNotFound()
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"Method not found: x"}}""",
            harness.Single("""{"jsonrpc":"2.0","id":3,"method":"x"}"""));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":4,"error":{"code":-32601,"message":"Method not found: roots/list"}}""",
            harness.Single("""{"jsonrpc":"2.0","id":4,"method":"roots/list","params":{}}"""));
    }

    [TestMethod]
    public void EscapedMethodNamesAreUnescaped()
    {
        var harness = new SessionHarness();
        Assert.AreEqual(Pong, harness.Single("""{"jsonrpc":"2.0","id":1,"method":"p\u0069ng"}"""));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"Method not found: a\"b/é"}}""",
            harness.Single("""{"jsonrpc":"2.0","id":2,"method":"a\"b\/\u00e9"}"""));
    }

    [TestMethod]
    public void UnknownNotificationGetsNoAnswer()
    {
        var harness = SessionHarness.Initialized();
        harness.None("""{"jsonrpc":"2.0","method":"notifications/roots/list_changed"}""");
        harness.None("""{"jsonrpc":"2.0","method":"x","params":{"a":[1,2,3]}}""");
        Assert.AreEqual(Pong, harness.Single(Ping));
    }

    [TestMethod]
    [DataRow("""{"jsonrpc":"2.0","id":1,""")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":"ping"}}""")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":"ping"} {}""")]
    [DataRow("""{"jsonrpc":"2.0",'id':1,"method":"ping"}""")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":"ping",}""")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":"ping"/*c*/}""")]
    [DataRow("""not json""")]
    [DataRow("""[1,2""")]
    [DataRow("""Content-Length: 42""")]
    public void MalformedJsonIsAParseErrorWithANullIdAndTheSessionGoesOn(string message)
    {
        var harness = SessionHarness.Initialized();
        var answer = harness.Single(message);
        StringAssert.StartsWith(answer, """{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: """);
        StringAssert.EndsWith(answer, "\"}}");
        Assert.AreEqual(Pong, harness.Single(Ping));
    }

    [TestMethod]
    public void ParseErrorsSayWhatIsWrong()
    {
        var harness = new SessionHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: 'not json' is an invalid JSON literal. Expected the literal 'null'. LineNumber: 0 | BytePositionInLine: 1."}}""",
            harness.Single("not json"));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: Expected start of a property name or value, but instead reached end of data. LineNumber: 0 | BytePositionInLine: 23."}}""",
            harness.Single("""{"jsonrpc":"2.0","id":1,"""));
    }

    [TestMethod]
    public void NestingDeeperThanTheLimitIsRefused()
    {
        var harness = new SessionHarness();
        var deep = """{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":""" + new string('[', 100) + new string(']', 100) + "}}";
        StringAssert.StartsWith(harness.Single(deep), """{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: """);

        var fine = """{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":""" + new string('[', 60) + new string(']', 60) + "}}";
        Assert.AreEqual(Pong, harness.Single(fine));
    }

    [TestMethod]
    [DataRow("""[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"ping"}]""")]
    [DataRow("""[]""")]
    [DataRow(""" [ {"jsonrpc":"2.0","method":"notifications/initialized"} ] """)]
    public void BatchesAreRefusedWithANullId(string batch)
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: batches are not supported (removed in MCP 2025-06-18)"}}""",
            harness.Single(batch));
    }

    [TestMethod]
    [DataRow("42")]
    [DataRow("\"ping\"")]
    [DataRow("null")]
    [DataRow("true")]
    public void AMessageMustBeAnObject(string message)
    {
        var harness = new SessionHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: a message must be a JSON object"}}""",
            harness.Single(message));
    }

    [TestMethod]
    [DataRow("""{"jsonrpc":"2.0","id":null,"method":"ping"}""")]
    [DataRow("""{"jsonrpc":"2.0","id":1.5,"method":"ping"}""")]
    [DataRow("""{"jsonrpc":"2.0","id":1.0,"method":"ping"}""")]
    [DataRow("""{"jsonrpc":"2.0","id":1e3,"method":"ping"}""")]
    [DataRow("""{"jsonrpc":"2.0","id":99999999999999999999,"method":"ping"}""")]
    [DataRow("""{"jsonrpc":"2.0","id":true,"method":"ping"}""")]
    [DataRow("""{"jsonrpc":"2.0","id":false,"method":"ping"}""")]
    [DataRow("""{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}""")]
    [DataRow("""{"jsonrpc":"2.0","id":[1],"method":"ping"}""")]
    public void AnIdMustBeAStringOrAnInteger(string request)
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: \"id\" must be a string or an integer"}}""",
            harness.Single(request));
    }

    [TestMethod]
    [DataRow("""{"id":1,"method":"ping"}""")]
    [DataRow("""{"jsonrpc":"1.0","id":1,"method":"ping"}""")]
    [DataRow("""{"jsonrpc":2.0,"id":1,"method":"ping"}""")]
    [DataRow("""{"jsonrpc":"2.0 ","id":1,"method":"ping"}""")]
    [DataRow("""{"jsonrpc":null,"id":1,"method":"ping"}""")]
    public void JsonRpcMustBe20(string request)
    {
        var harness = new SessionHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Invalid request: \"jsonrpc\" must be \"2.0\""}}""",
            harness.Single(request));
    }

    [TestMethod]
    public void AnEscapedVersionIsStill20()
    {
        var harness = new SessionHarness();
        Assert.AreEqual(Pong, harness.Single("""{"jsonrpc":"2\u002e0","id":1,"method":"ping"}"""));
    }

    [TestMethod]
    public void WithoutJsonRpcOrIdTheErrorHasANullId()
    {
        var harness = new SessionHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: \"jsonrpc\" must be \"2.0\""}}""",
            harness.Single("""{"foo":"boo"}"""));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: \"jsonrpc\" must be \"2.0\""}}""",
            harness.Single("""{}"""));
    }

    [TestMethod]
    [DataRow("""{"jsonrpc":"2.0","method":"notifications/initialized","params":null}""")]
    [DataRow("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":[1]}""")]
    [DataRow("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":"1"}""")]
    [DataRow("""{"jsonrpc":"1.0","method":"notifications/initialized"}""")]
    [DataRow("""{"method":"notifications/initialized"}""")]
    [DataRow("""{"jsonrpc":"2.0","method":"x","method":"y"}""")]
    [DataRow("""{"jsonrpc":"2.0","method":"x","method":1}""")]
    [DataRow("""{"jsonrpc":"2.0","method":"x","params":{},"params":{}}""")]
    [DataRow("""{"jsonrpc":"2.0","method":""}""")]
    [DataRow("""{"jsonrpc":"2.0","method":"\ud800"}""")]
    public void AnInvalidNotificationGetsNoAnswerEither(string notification)
    {
        // JSON-RPC 2.0 §4.1: a message with a string method and no id member is a notification, never answered.
        var harness = SessionHarness.Initialized();
        harness.None(notification);
        Assert.AreEqual(Pong, harness.Single(Ping));
    }

    [TestMethod]
    [DataRow("""{"jsonrpc":"2.0"}""")]
    [DataRow("""{"jsonrpc":"2.0","method":1}""")]
    [DataRow("""{"jsonrpc":"2.0","method":null,"params":{}}""")]
    [DataRow("""{"jsonrpc":"2.0","method":["ping"]}""")]
    public void WithoutAnIdOrAStringMethodTheErrorHasANullId(string message)
    {
        // Neither a request with an id nor a notification: its kind cannot be told, so it is answered with a null id.
        var harness = new SessionHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: \"method\" must be a non-empty string"}}""",
            harness.Single(message));
    }

    [TestMethod]
    [DataRow("""{"jsonrpc":"2.0","id":1}""")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":""}""")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":1}""")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":null}""")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":["ping"]}""")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":1,"result":{}}""")]
    public void AMethodMustBeANonEmptyString(string request)
    {
        var harness = new SessionHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Invalid request: \"method\" must be a non-empty string"}}""",
            harness.Single(request));
    }

    [TestMethod]
    [DataRow("""{"jsonrpc":"2.0","id":1,"id":2,"method":"ping"}""")]
    [DataRow("""{"jsonrpc":"2.0","jsonrpc":"2.0","id":1,"method":"ping"}""")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":"ping","method":"tools/list"}""")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":"ping","params":{},"params":{}}""")]
    [DataRow("""{"jsonrpc":"2.0","id":null,"id":1,"method":"ping"}""")]
    public void DuplicateMembersAreRefusedWithANullId(string request)
    {
        var harness = new SessionHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: a member is given more than once"}}""",
            harness.Single(request));
    }

    [TestMethod]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":"ping","params":[]}""")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":[1,2]}""")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":"echo"}""")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":42}""")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":"ping","params":null}""")]
    public void ParamsMustBeAnObject(string request)
    {
        var harness = new SessionHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: \"params\" must be an object"}}""",
            harness.Single(request));
    }

    [TestMethod]
    [DataRow("""{"jsonrpc":"2.0","id":1,"result":{}}""")]
    [DataRow("""{"jsonrpc":"2.0","id":"s-1","result":{"roots":[]}}""")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found"}}""")]
    [DataRow("""{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}""")]
    [DataRow("""{"jsonrpc":"2.0","result":{}}""")]
    [DataRow("""{"jsonrpc":"1.0","id":1,"result":{}}""")]
    [DataRow("""{"id":1,"result":{}}""")]
    [DataRow("""{"jsonrpc":"2.0","id":1.5,"result":{}}""")]
    [DataRow("""{"jsonrpc":"2.0","id":{"a":1},"error":{"code":-32603,"message":"x"}}""")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"id":2,"result":{}}""")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"result":{},"params":[1]}""")]
    public void ResponsesAreIgnored(string response)
    {
        // This server sends no requests; answering a response, even an invalid one, would start a ping-pong of errors.
        var harness = SessionHarness.Initialized();
        harness.None(response);
        Assert.AreEqual(Pong, harness.Single(Ping));
    }

    [TestMethod]
    [DataRow("\"a\\\"b\\\\c\\u00e9\\n\\/\"")]
    [DataRow("\"é ☃ 𝄞\"")]
    [DataRow("\"\"")]
    [DataRow("\"1\"")]
    [DataRow("0")]
    [DataRow("-7")]
    [DataRow("9223372036854775807")]
    [DataRow("-9223372036854775808")]
    public void IdsAreEchoedExactlyAsSent(string id)
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            $$$"""{"jsonrpc":"2.0","id":{{{id}}},"result":{}}""",
            harness.Single($$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":"ping"}"""));
        Assert.AreEqual(
            $$$"""{"jsonrpc":"2.0","id":{{{id}}},"error":{"code":-32601,"message":"Method not found: nope"}}""",
            harness.Single($$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":"nope"}"""));
        Assert.AreEqual(
            $$$"""{"jsonrpc":"2.0","id":{{{id}}},"result":{"content":[{"type":"text","text":"x"}]}}""",
            harness.Single($$$$"""{"jsonrpc":"2.0","id":{{{{id}}}},"method":"tools/call","params":{"name":"echo","arguments":{"text":"x"}}}"""));
    }

    [TestMethod]
    public void MembersMayComeInAnyOrderAndUnknownMembersAreIgnored()
    {
        var harness = new SessionHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":"z","result":{}}""",
            harness.Single("""{"extra":{"deep":[1,{"id":5}]},"params":{"id":9},"method":"ping","id":"z","jsonrpc":"2.0"}"""));
    }

    [TestMethod]
    public void WhitespaceAroundTheMessageIsAllowed()
    {
        var harness = new SessionHarness();
        Assert.AreEqual(Pong, harness.Single(" \t{ \"jsonrpc\" : \"2.0\" , \"id\" : 1 , \"method\" : \"ping\" } \t"));
    }

    [TestMethod]
    public void TheErrorForAnEmptyMessageIsAParseError()
    {
        var harness = new SessionHarness();
        StringAssert.StartsWith(harness.Single(""), """{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: """);
    }
}
