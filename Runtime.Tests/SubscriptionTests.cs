using System.Text;
using PForge.Runtime.Server;
using PForge.Runtime.Tests.Support;

namespace PForge.Runtime.Tests;

/// <summary><c>subscriptions/listen</c> of revision 2026-07-28 on a session: acknowledged filter, tagged notifications, cancellation.</summary>
[TestClass]
public sealed class SubscriptionTests
{
    private const string Meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}";

    [TestMethod]
    public async Task AListenStreamGetsWhatItsAgreedFilterNamesUntilItIsCancelled()
    {
        var sink = new CapturingSink();
        var session = new McpSession(new FeatureServer(), sink);
        Handle(session, """{"jsonrpc":"2.0","id":5,"method":"subscriptions/listen","params":{""" + Meta + ""","notifications":{"toolsListChanged":true,"promptsListChanged":false,"resourceSubscriptions":["test://watched","test://text","nope"]}}}""");

        // Only the subscribable resource is agreed; the stream answers nothing until it ends.
        CollectionAssert.AreEqual(
            new[] { """{"jsonrpc":"2.0","method":"notifications/subscriptions/acknowledged","params":{"_meta":{"io.modelcontextprotocol/subscriptionId":5},"notifications":{"toolsListChanged":true,"resourceSubscriptions":["test://watched"]}}}""" },
            sink.TakeAll());

        // "notify" announces an update of test://watched and a tools list change.
        Handle(session, """{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"notify",""" + Meta + "}}");
        CollectionAssert.AreEqual(
            new[]
            {
                """{"jsonrpc":"2.0","method":"notifications/resources/updated","params":{"_meta":{"io.modelcontextprotocol/subscriptionId":5},"uri":"test://watched"}}""",
                """{"jsonrpc":"2.0","method":"notifications/tools/list_changed","params":{"_meta":{"io.modelcontextprotocol/subscriptionId":5}}}""",
                """{"jsonrpc":"2.0","id":6,"result":{"resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"features","version":"1.0.0"}},"content":[{"type":"text","text":"notified"}]}}""",
            },
            sink.TakeAll());

        // stdio cancels the stream by its id; nothing follows, not even a response.
        Handle(session, """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":5}}""");
        Assert.IsTrue(await session.DrainAsync(TestTimeouts.Wait));
        Handle(session, """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"notify",""" + Meta + "}}");
        Assert.HasCount(1, sink.TakeAll());
    }

    [TestMethod]
    public void TwoStreamsAreTaggedEachWithItsOwnId()
    {
        var sink = new CapturingSink();
        var session = new McpSession(new FeatureServer(), sink);
        Handle(session, """{"jsonrpc":"2.0","id":"a","method":"subscriptions/listen","params":{""" + Meta + ""","notifications":{"toolsListChanged":true}}}""");
        Handle(session, """{"jsonrpc":"2.0","id":"b","method":"subscriptions/listen","params":{""" + Meta + ""","notifications":{"resourcesListChanged":true}}}""");
        sink.TakeAll();
        Handle(session, """{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"notify",""" + Meta + "}}");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","method":"notifications/tools/list_changed","params":{"_meta":{"io.modelcontextprotocol/subscriptionId":"a"}}}""",
            sink.TakeAll()[0]);
    }

    [TestMethod]
    [DataRow("", "Invalid params: subscriptions/listen needs \\\"notifications\\\" (an object)")]
    [DataRow(",\"notifications\":[]", "Invalid params: \\\"notifications\\\" must be an object")]
    [DataRow(",\"notifications\":{\"toolsListChanged\":1}", "Invalid params: each list filter of \\\"notifications\\\" must be a boolean")]
    [DataRow(",\"notifications\":{\"resourceSubscriptions\":\"test://watched\"}", "Invalid params: \\\"notifications.resourceSubscriptions\\\" must be an array of URIs")]
    [DataRow(",\"notifications\":{\"resourceSubscriptions\":[1]}", "Invalid params: \\\"notifications.resourceSubscriptions\\\" must be an array of URIs")]
    public void AWrongFilterIsInvalidParams(string filter, string message)
    {
        var sink = new CapturingSink();
        var session = new McpSession(new FeatureServer(), sink);
        Handle(session, """{"jsonrpc":"2.0","id":1,"method":"subscriptions/listen","params":{""" + Meta + filter + "}}");
        CollectionAssert.AreEqual(new[] { $$$$"""{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"{{{{message}}}}"}}""" }, sink.TakeAll());
    }

    private static void Handle(McpSession session, string message) => session.HandleMessage(Encoding.UTF8.GetBytes(message));
}
