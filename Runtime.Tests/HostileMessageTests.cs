using System.Buffers;
using System.Text;
using PForge.Runtime.Protocol;
using PForge.Runtime.Tests.Support;

namespace PForge.Runtime.Tests;

/// <summary>
/// Messages built to hurt: nesting 100,000 deep, numbers JSON cannot hold, lines over the size limit, a flood of
/// cancellations. Each is answered exactly as JSON-RPC asks (or ignored, when it is a notification), and serving goes on.
/// </summary>
[TestClass]
public sealed class HostileMessageTests
{
    private const string Ping = """{"jsonrpc":"2.0","id":2,"method":"ping"}""";
    private const string Pong = """{"jsonrpc":"2.0","id":2,"result":{}}""";

    [TestMethod]
    [DataRow("[", "]", "array")]
    [DataRow("{\"a\":", "}", "object")]
    public void NestingAHundredThousandDeepIsAParseErrorAtTheLimitAndTheSessionGoesOn(string open, string close, string kind)
    {
        var harness = SessionHarness.Initialized();
        const string Start = """{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":""";
        var deep = Start + string.Concat(Enumerable.Repeat(open, 100_000)) + string.Concat(Enumerable.Repeat(close, 100_000)) + "}}";

        // The reader stops at depth 65 (the message, params, then 63 more): it never walks the other 99,935 levels.
        var at = Start.Length + (62 * open.Length);
        Assert.AreEqual(
            $$$"""{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: The maximum configured depth of 64 has been exceeded. Cannot read next JSON {{{kind}}}. LineNumber: 0 | BytePositionInLine: {{{at}}}."}}""",
            harness.Single(deep));
        Assert.AreEqual(Pong, harness.Single(Ping));
    }

    [TestMethod]
    public void AHundredThousandNestedArraysAsTheWholeMessageAreAParseError()
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: The maximum configured depth of 64 has been exceeded. Cannot read next JSON array. LineNumber: 0 | BytePositionInLine: 64."}}""",
            harness.Single(new string('[', 100_000)));
        Assert.AreEqual(Pong, harness.Single(Ping));
    }

    [TestMethod]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":NaN}}""", "'N' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 54.")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":Infinity}}""", "'I' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 54.")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":-Infinity}}""", "'I' is invalid within a number, immediately after a sign character ('+' or '-'). Expected a digit ('0'-'9'). LineNumber: 0 | BytePositionInLine: 55.")]
    [DataRow("""{"jsonrpc":"2.0","id":NaN,"method":"ping"}""", "'N' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 22.")]
    public void NonFiniteNumbersAreNotJsonSoTheyAreParseErrors(string message, string detail)
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            $$$"""{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: {{{detail}}}"}}""",
            harness.Single(message));
        Assert.AreEqual(Pong, harness.Single(Ping));
    }

    [TestMethod]
    [DataRow("1e400")]
    [DataRow("-1e400")]
    [DataRow("1e-400")]
    [DataRow("123456789012345678901234567890123456789012345678901234567890")]
    public void HugeNumbersAsIdsAreInvalidRequestsAndInParamsAreCarriedAsSent(string number)
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: \"id\" must be a string or an integer"}}""",
            harness.Single($$$"""{"jsonrpc":"2.0","id":{{{number}}},"method":"ping"}"""));

        // Params are read only by what they are for: a ping ignores them, a tool's reader refuses a number for text.
        Assert.AreEqual(Pong, harness.Single($$$"""{"jsonrpc":"2.0","id":2,"method":"ping","params":{"x":{{{number}}},"y":[{{{number}}}]}}"""));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":3,"result":{"content":[{"type":"text","text":"Parameter 'text' must be a string"}],"isError":true}}""",
            harness.Single($$$$"""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"text":{{{{number}}}}}}}"""));
    }

    [TestMethod]
    [DataRow("1e400", false, false)]
    [DataRow("-1e400", false, false)]
    [DataRow("1e308", true, false)]
    [DataRow("1e-400", true, true)]
    [DataRow("9223372036854775807", true, true)]
    [DataRow("9223372036854775808", true, false)]
    [DataRow("123456789012345678901234567890", true, false)]
    [DataRow("2.0", true, true)]
    public void TheArgumentReadersTakeOnlyFiniteNumbersAndIntegersThatFit(string json, bool isNumber, bool isInteger)
    {
        // What generated readers call for number and integer parameters: a value no double or long holds is refused
        // (named by the generated code: "Parameter 'a' must be a number").
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new PForge.Runtime.Generated.ArgumentTokenReader(bytes);
        reader.Read();
        Assert.AreEqual(isNumber, PForge.Runtime.Generated.ArgumentReader.TryReadNumber(ref reader, out var number), json);
        Assert.IsTrue(double.IsFinite(number), json);
        Assert.AreEqual(isInteger, PForge.Runtime.Generated.ArgumentReader.TryReadInteger(ref reader, out _), json);
    }

    [TestMethod]
    public void ANumberOfAHundredThousandDigitsInParamsIsCarriedWithoutBeingParsed()
    {
        var harness = SessionHarness.Initialized();
        var digits = "9" + new string('0', 99_999);
        Assert.AreEqual(Pong, harness.Single($$$"""{"jsonrpc":"2.0","id":2,"method":"ping","params":{"n":{{{digits}}}}}"""));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: \"id\" must be a string or an integer"}}""",
            harness.Single($$$"""{"jsonrpc":"2.0","id":{{{digits}}},"method":"ping"}"""));
    }

    [TestMethod]
    [DataRow("""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{"text":"xx""", "7")]
    [DataRow("""{"jsonrpc":"2.0","method":"tools/call","id":"req-7","params":{"name":"echo","arguments":{"text":"xx""", "\"req-7\"")]
    [DataRow("""  {"id":-3,"jsonrpc":"2.0","method":"ping","params":{"pad":[1,2,{"a":"xx""", "-3")]
    [DataRow("""{"jsonrpc":"2.0","id":"\u00e9\"","method":"x","extra":{"a":[1]},"params":"xx""", "\"\\u00e9\\\"\"")]
    [DataRow("""{"jsonrpc":"2.0","i\u0064":5,"method":"ping","params":{"p":"xx""", "5")]
    public void TheIdOfAnOversizedRequestIsReadFromTheStartOfTheLine(string start, string id)
    {
        var prefix = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(start));
        Assert.AreEqual(id, Encoding.UTF8.GetString(JsonRpcReader.TryReadRequestId(prefix) ?? []));
    }

    [TestMethod]
    [DataRow("""{"jsonrpc":"2.0","method":"tools/call","params":{"name":"echo","arguments":{"text":"xx""", "the id comes after params")]
    [DataRow("""{"jsonrpc":"2.0","params":{"arguments":{"text":"xx""", "neither id nor method before params")]
    [DataRow("""{"jsonrpc":"2.0","id":7,"params":{"arguments":{"text":"xx""", "no method before params")]
    [DataRow("""{"jsonrpc":"2.0","method":"notifications/message","params":{"data":"xx""", "a notification, as far as can be seen")]
    [DataRow("""{"jsonrpc":"2.0","id":7,"result":{"content":"xx""", "a response: never answered with its id")]
    [DataRow("""{"jsonrpc":"2.0","id":7,"method":"ping","error":{"x":"xx""", "a response member")]
    [DataRow("""{"jsonrpc":"2.0","id":1.5,"method":"ping","params":{"x":"xx""", "an id of the wrong type")]
    [DataRow("""{"jsonrpc":"2.0","id":null,"method":"ping","params":{"x":"xx""", "a null id")]
    [DataRow("""{"jsonrpc":"2.0","id":{"a":1},"method":"ping","params":{"x":"xx""", "an object id")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"id":2,"method":"ping","params":{"x":"xx""", "two ids")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":5,"params":{"x":"xx""", "a method that is not a string")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":"","params":{"x":"xx""", "an empty method")]
    [DataRow("""{"jsonrpc":"2.0","method":"ping","id":12345""", "a number cut off at the end of what was read")]
    [DataRow("""[{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":"xx""", "a batch")]
    [DataRow("""{"jsonrpc":"2.0","id":1,"method":"ping",,"params":"xx""", "malformed")]
    [DataRow("""xx""", "not JSON")]
    [DataRow("""{"\uDC00":1,"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":"xx""", "a lone surrogate escape in a member name")]
    [DataRow("""{"jsonrpc":"2.0","\uD800x":1,"id":1,"method":"ping","params":{"x":"xx""", "a lone surrogate escape after the first member")]
    public void AnOversizedMessageWhoseIdCannotBeToldIsAnsweredWithANullId(string start, string why)
    {
        var prefix = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(start));
        Assert.IsNull(JsonRpcReader.TryReadRequestId(prefix), why);
    }

    [TestMethod]
    public async Task AnOversizedRequestIsAnsweredWithItsIdOverStdioAndTheNextIsServed()
    {
        await using var stdio = new StdioHarness(maxMessageBytes: 1024);
        await stdio.SendAsync(
            $$$$"""{"jsonrpc":"2.0","id":"big","method":"tools/call","params":{"name":"echo","arguments":{"text":"{{{{new string('x', 5000)}}}}"}}}""",
            $$$"""{"jsonrpc":"2.0","method":"notifications/message","params":{"data":"{{{new string('x', 5000)}}}"}}""",
            $$$"""{"jsonrpc":"2.0","id":9,"result":{"content":"{{{new string('x', 5000)}}}"}}""",

            // A name whose escape cannot be decoded: the id search gives up instead of ending the server (a review found it).
            $$$"""{"\uDC00":1,"jsonrpc":"2.0","id":10,"method":"ping","params":{"x":"{{{new string('x', 5000)}}}"}}""",
            Ping);
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":"big","error":{"code":-32600,"message":"Invalid request: message larger than the limit of 1024 bytes"}}""" + "\n"
            + """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: message larger than the limit of 1024 bytes"}}""" + "\n"
            + """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: message larger than the limit of 1024 bytes"}}""" + "\n"
            + """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: message larger than the limit of 1024 bytes"}}""" + "\n"
            + Pong + "\n",
            await stdio.FinishAsync());
    }

    [TestMethod]
    public async Task ALongLineTrickledInSmallPiecesIsReassembledExactly()
    {
        // 1 MiB of text in 1,000-byte writes, under a 2 MiB limit: every piece is searched for the newline once.
        await using var stdio = new StdioHarness(maxMessageBytes: 2 * 1024 * 1024);
        await stdio.SendAsync(SessionHarness.InitializeRequest, """{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        StringAssert.StartsWith(await stdio.ReadLineAsync(), """{"jsonrpc":"2.0","id":0,"result":""");
        var text = string.Concat(Enumerable.Range(0, 1024 * 1024 / 8).Select(static i => (i % 10_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture)));
        var line = Encoding.UTF8.GetBytes($$$$"""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"text":"{{{{text}}}}"}}}""" + "\n");
        for (var i = 0; i < line.Length; i += 1000)
        {
            await stdio.WriteAsync(line[i..Math.Min(line.Length, i + 1000)]);
        }

        Assert.AreEqual($$$"""{"jsonrpc":"2.0","id":3,"result":{"content":[{"type":"text","text":"{{{text}}}"}]}}""", await stdio.ReadLineAsync());
        await stdio.SendAsync(Ping);
        Assert.AreEqual(Pong, await stdio.ReadLineAsync());
        Assert.AreEqual(string.Empty, await stdio.FinishAsync());
    }

    [TestMethod]
    public async Task AFloodOfAHundredThousandCancellationsIsIgnoredAndEveryRequestIsAnsweredExactly()
    {
        // Per round: a call left running, cancelled three times (once for real, twice more); an echo, answered, then
        // cancelled too late; and six cancellations of ids never sent (integers, long strings, escapes, a wrong type).
        const int Rounds = 10_000;
        var server = new TestServer();
        await using var stdio = new StdioHarness(server);
        await stdio.SendAsync(SessionHarness.InitializeRequest, """{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        StringAssert.StartsWith(await stdio.ReadLineAsync(), """{"jsonrpc":"2.0","id":0,"result":""");

        var input = new StringBuilder();
        var expected = new StringBuilder();
        var longId = new string('u', 200);
        for (var r = 1; r <= Rounds; r++)
        {
            input.Append($$$"""{"jsonrpc":"2.0","id":"s{{{r}}}","method":"tools/call","params":{"name":"slow"}}""").Append('\n');
            for (var i = 0; i < 3; i++)
            {
                input.Append($$$"""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"s{{{r}}}","reason":"flood"}}""").Append('\n');
            }

            input.Append($$$$"""{"jsonrpc":"2.0","id":{{{{r}}}},"method":"tools/call","params":{"name":"echo","arguments":{"text":"e{{{{r}}}}"}}}""").Append('\n');
            input.Append($$$"""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":{{{r}}}}}""").Append('\n');
            input.Append($$$"""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":{{{1_000_000 + r}}}}}""").Append('\n');
            input.Append($$$"""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"{{{longId}}}{{{r}}}"}}""").Append('\n');
            input.Append($$$"""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"\u0073{{{r}}}x"}}""").Append('\n');
            input.Append($$$$"""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":{"id":{{{{r}}}}}}}""").Append('\n');
            input.Append("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{}}""").Append('\n');
            input.Append("""{"jsonrpc":"2.0","method":"notifications/cancelled"}""").Append('\n');
            expected.Append($$$"""{"jsonrpc":"2.0","id":{{{r}}},"result":{"content":[{"type":"text","text":"e{{{r}}}"}]}}""").Append('\n');
        }

        Assert.AreEqual(100_000, input.ToString().Split('\n').Count(static l => l.Contains("notifications/cancelled", StringComparison.Ordinal)));
        await stdio.WriteAsync(input.ToString());
        await stdio.SendAsync(Ping);

        // Every echo in order, then the ping; not one line for a cancelled call or a notification.
        var lines = await stdio.ReadLinesAsync(Rounds + 1);
        Assert.AreEqual(expected + Pong + "\n", string.Concat(lines.Select(static l => l + "\n")));

        var events = new List<string>();
        for (var i = 0; i < 2 * Rounds; i++)
        {
            events.Add(await server.NextEventAsync());
        }

        Assert.AreEqual(Rounds, events.Count(static e => e == "slow:started"));
        Assert.AreEqual(Rounds, events.Count(static e => e == "slow:cancelled"));
        Assert.AreEqual(string.Empty, await stdio.FinishAsync(), "nothing answered a cancelled call, even at the end");
    }
}
