using PForge.Runtime.Tests.Support;

namespace PForge.Runtime.Tests;

[TestClass]
public sealed class ToolCallTests
{
    [TestMethod]
    public void ToolsListReturnsTheDefinitionsPayload()
    {
        var harness = SessionHarness.Initialized();
        var expected = $$$"""{"jsonrpc":"2.0","id":1,"result":{{{TestServer.ToolsList}}}}""";
        Assert.AreEqual(expected, harness.Single("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}"""));
        Assert.AreEqual(expected, harness.Single("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}"""));
        Assert.AreEqual(expected, harness.Single("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"progressToken":1}}}"""));
        Assert.AreEqual(expected, harness.Single("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"cursor":null}}"""));
    }

    [TestMethod]
    [DataRow("""{"cursor":"abc"}""")]
    [DataRow("""{"cursor":""}""")]
    [DataRow("""{"_meta":{},"cursor":1}""")]
    public void ToolsListWithACursorIsInvalidParams(string parameters)
    {
        // Every tool fits on the first page, so no cursor was ever handed out.
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: unknown cursor"}}""",
            harness.Single($$$"""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{{{parameters}}}}"""));
    }

    [TestMethod]
    public void ASyncToolAnswersAtOnce()
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"hello"}]}}""",
            harness.Single("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"}}}"""));
    }

    [TestMethod]
    public async Task AContextIsReusedOnlyAfterACallThatEndedAtOnceWithoutTakingItsToken()
    {
        var harness = SessionHarness.Initialized();
        const string Echo = """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"text":"a"}}}""";
        harness.Single(Echo);
        harness.Single(Echo);

        // "slow" takes the spare context and its token, and ends later: the next call gets a new context.
        harness.None("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"slow"}}""");
        await harness.Server.ExpectEventAsync("slow:started");
        harness.None("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":3}}""");
        await harness.Server.ExpectEventAsync("slow:cancelled");
        harness.Single(Echo);

        // A call with its own progress token has its own context, and does not give it to the session.
        harness.Single("""{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"echo","arguments":{"text":"b"},"_meta":{"progressToken":"p"}}}""");
        harness.Single(Echo);

        var contexts = harness.Server.Contexts.ToArray();
        Assert.HasCount(6, contexts);
        Assert.AreSame(contexts[0], contexts[1]);
        Assert.AreSame(contexts[1], contexts[2]);
        Assert.IsTrue(contexts[2].IsCancelled);
        Assert.AreNotSame(contexts[2], contexts[3]);
        Assert.AreNotSame(contexts[3], contexts[4]);
        Assert.AreSame(contexts[3], contexts[5]);
        Assert.IsFalse(contexts[5].IsCancelled);
    }

    [TestMethod]
    public void TextIsEscapedForJsonButKeptReadable()
    {
        // Relaxed escaping keeps HTML characters and the BMP as they are; characters beyond it go out as surrogate escapes.
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"say \"hi\"\n\t<b>&amp; é ☃ \uD834\uDD1E \\ \u0001"}]}}""",
            harness.Single("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"text":"say \"hi\"\n\t<b>&amp; \u00e9 ☃ 𝄞 \\ \u0001"}}}"""));
    }

    [TestMethod]
    public void MembersOfToolsCallParamsMayComeInAnyOrder()
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"b"}]}}""",
            harness.Single("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"_meta":{"progressToken":"t"},"arguments":{"other":[1],"text":"b"},"extra":null,"name":"ec\u0068o"}}"""));
    }

    [TestMethod]
    public void ArgumentErrorsAreToolErrorsNotProtocolErrors()
    {
        // Input-validation failures are isError results (MCP 2025-11-25), so the model can read and fix them.
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"Missing required parameter 'text'"}],"isError":true}}""",
            harness.Single("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{}}}"""));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":3,"result":{"content":[{"type":"text","text":"Missing required parameter 'text'"}],"isError":true}}""",
            harness.Single("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo"}}"""));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":4,"result":{"content":[{"type":"text","text":"Missing required parameter 'text'"}],"isError":true}}""",
            harness.Single("""{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"echo","arguments":null}}"""));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":5,"result":{"content":[{"type":"text","text":"Parameter 'text' must be a string"}],"isError":true}}""",
            harness.Single("""{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"echo","arguments":{"text":5}}}"""));
    }

    [TestMethod]
    [DataRow("x")]
    [DataRow("Echo")]
    [DataRow("echo ")]
    [DataRow("")]
    public void AnUnknownToolIsInvalidParams(string name)
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            $$$"""{"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"Unknown tool: '{{{name}}}'"}}""",
            harness.Single($$$$"""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"{{{{name}}}}","arguments":{}}}"""));
    }

    [TestMethod]
    public void AnUnknownToolsNameIsEscapedInTheMessage()
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"Unknown tool: 'a\"b\\c é'"}}""",
            harness.Single("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"a\"b\\c \u00e9"}}"""));
    }

    [TestMethod]
    [DataRow(128)]
    [DataRow(129)]
    [DataRow(5000)]
    public void ALongUnknownToolNameIsCutInTheMessage(int length)
    {
        var harness = SessionHarness.Initialized();
        var name = new string('n', length);
        Assert.AreEqual(
            $$$"""{"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"Unknown tool: '{{{new string('n', 80)}}}…'"}}""",
            harness.Single($$$"""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"{{{name}}}"}}"""));
    }

    [TestMethod]
    [DataRow("""{"arguments":{}}""")]
    [DataRow("""{"name":null}""")]
    [DataRow("""{"name":7}""")]
    [DataRow("""{"name":["echo"]}""")]
    [DataRow("""{}""")]
    public void ToolsCallWithoutANameIsInvalidParams(string parameters)
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"Invalid params: tools/call needs \"name\" (a string)"}}""",
            harness.Single($$$"""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{{{parameters}}}}"""));
    }

    [TestMethod]
    [DataRow("""{"name":"echo","name":"echo","arguments":{"text":"x"}}""")]
    [DataRow("""{"name":"echo","arguments":{"text":"x"},"name":"fail"}""")]
    [DataRow("""{"name":null,"name":"echo","arguments":{"text":"x"}}""")]
    [DataRow("""{"name":"ec\u0068o","name":"echo"}""")]
    public void ADuplicateNameIsInvalidParams(string parameters)
    {
        // Which one would count is anyone's guess, so neither does.
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"Invalid params: \"name\" is given more than once"}}""",
            harness.Single($$$"""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{{{parameters}}}}"""));
    }

    [TestMethod]
    public void ADuplicateArgumentsMemberIsInvalidParams()
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"Invalid params: \"arguments\" is given more than once"}}""",
            harness.Single("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"text":"a"},"arguments":{"text":"b"}}}"""));
    }

    [TestMethod]
    public void ToolsCallWithoutParamsIsInvalidParams()
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"Invalid params: tools/call needs \"name\" (a string)"}}""",
            harness.Single("""{"jsonrpc":"2.0","id":2,"method":"tools/call"}"""));
    }

    [TestMethod]
    [DataRow("[]")]
    [DataRow("""["hello"]""")]
    [DataRow("\"text\"")]
    [DataRow("1")]
    [DataRow("true")]
    public void ArgumentsThatAreNotAnObjectAreInvalidParams(string arguments)
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"Invalid params: \"arguments\" must be an object"}}""",
            harness.Single($$$"""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{{{arguments}}}}}"""));
    }

    [TestMethod]
    public void AToolExceptionBecomesAnErrorResultWithItsMessage()
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"boom"}],"isError":true}}""",
            harness.Single("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"fail"}}"""));
    }

    [TestMethod]
    public void AnyHandlerExceptionBecomesAnErrorResult()
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"the handler crashed"}],"isError":true}}""",
            harness.Single("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"crash","arguments":{}}}"""));
    }

    [TestMethod]
    public void AFaultOutsideTheHandlerStillGetsAnAnswer()
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"the registry is broken"}],"isError":true}}""",
            harness.Single("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"broken"}}"""));
        Assert.AreEqual("""{"jsonrpc":"2.0","id":3,"result":{}}""", harness.Single("""{"jsonrpc":"2.0","id":3,"method":"ping"}"""));
    }

    [TestMethod]
    public void AFaultOfTheServerWhileAnsweringIsAnInternalErrorAndServingGoesOn()
    {
        var log = new StringWriter();
        var harness = SessionHarness.Initialized(log: log);
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"error":{"code":-32603,"message":"Internal error: the output writer is broken"}}""",
            harness.Single("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"bad-output"}}"""));
        StringAssert.Contains(log.ToString(), "pforge error: request 2 failed: System.NotSupportedException: the output writer is broken");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":3,"result":{}}""", harness.Single("""{"jsonrpc":"2.0","id":3,"method":"ping"}"""));
    }

    [TestMethod]
    public async Task AFaultOfTheServerWhileAnsweringLateIsAnInternalError()
    {
        var harness = SessionHarness.Initialized();
        var answers = harness.Handle("""{"jsonrpc":"2.0","id":"late","method":"tools/call","params":{"name":"late-bad-output"}}""");
        var answer = answers.Count == 1 ? answers[0] : await harness.Sink.NextAsync();
        Assert.AreEqual("""{"jsonrpc":"2.0","id":"late","error":{"code":-32603,"message":"Internal error: the output writer is broken"}}""", answer);
        Assert.IsTrue(await harness.Session.DrainAsync(TestTimeouts.Wait));
        Assert.IsEmpty(harness.Sink.TakeAll());
    }

    [TestMethod]
    public void AFaultWhileHandlingANotificationIsOnlyLogged()
    {
        // The log itself failing on the notification's debug line stands in for any fault of the server there.
        var log = new FailingWriter("client initialized");
        var harness = new SessionHarness(log: log);
        harness.Single(SessionHarness.InitializeRequest);
        harness.None("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        StringAssert.Contains(log.ToString(), "pforge error: notification notifications/initialized failed: System.InvalidOperationException: the log is broken");
        Assert.AreEqual("""{"jsonrpc":"2.0","id":3,"result":{}}""", harness.Single("""{"jsonrpc":"2.0","id":3,"method":"ping"}"""));
    }

    [TestMethod]
    public void AClosedLogLosesItsLineButNotTheSession()
    {
        // A closed stderr throws IOException on write: the log drops the line and serving goes on, with no error logged.
        var log = new FailingWriter("client initialized", static () => new IOException("stderr is closed"));
        var harness = new SessionHarness(log: log);
        harness.Single(SessionHarness.InitializeRequest);
        harness.None("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        Assert.IsFalse(log.ToString().Contains("pforge error", StringComparison.Ordinal), log.ToString());
        Assert.AreEqual("""{"jsonrpc":"2.0","id":3,"result":{}}""", harness.Single("""{"jsonrpc":"2.0","id":3,"method":"ping"}"""));
    }

    [TestMethod]
    public async Task AnAsynchronousFailureBecomesAnErrorResult()
    {
        var harness = SessionHarness.Initialized();
        var answers = harness.Handle("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"late-fail"}}""");
        var answer = answers.Count == 1 ? answers[0] : await harness.Sink.NextAsync();
        Assert.AreEqual("""{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"late boom"}],"isError":true}}""", answer);
    }

    [TestMethod]
    public void StructuredOutputGoesOutAsStructuredContentAndAsText()
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"{\"x\":1.5,\"y\":-2}"}],"structuredContent":{"x":1.5,"y":-2}}}""",
            harness.Single("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"structured","arguments":{}}}"""));
    }

    [TestMethod]
    public void ANonFiniteOutputNumberBecomesAnErrorResult()
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"Output field 'x' is not a finite number (NaN)"}],"isError":true}}""",
            harness.Single("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"nan"}}"""));

        // The half-written output of the failed call must not leak into the next response.
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":3,"result":{"content":[{"type":"text","text":"{\"x\":1.5,\"y\":-2}"}],"structuredContent":{"x":1.5,"y":-2}}}""",
            harness.Single("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"structured"}}"""));
    }

    [TestMethod]
    public void NoStructuredOutputBecomesAnErrorResult()
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"The tool's handler returned no output"}],"isError":true}}""",
            harness.Single("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"nothing"}}"""));
    }

    /// <summary>A log writer that fails on a line containing <paramref name="trigger"/>.</summary>
    private sealed class FailingWriter(string trigger, Func<Exception>? failure = null) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            if (value is not null && value.Contains(trigger, StringComparison.Ordinal))
            {
                throw failure?.Invoke() ?? new InvalidOperationException("the log is broken");
            }

            base.WriteLine(value);
        }
    }
}
