namespace PForge.Runtime.Tests.Features;

[TestClass]
public sealed class ResourceTests
{
    [TestMethod]
    public void ResourcesAreListedTwoPerPageWithACursor()
    {
        var harness = new FeatureHarness();
        var first = harness.Single("""{"jsonrpc":"2.0","id":1,"method":"resources/list"}""");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"resources":[{"uri":"test://text","name":"text","mimeType":"text/plain"},{"uri":"test://bin","name":"bin","mimeType":"image/png"}],"nextCursor":"b2Zmc2V0OjI="}}""",
            first);
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"result":{"resources":[{"uri":"test://watched","name":"watched"}]}}""",
            harness.Single("""{"jsonrpc":"2.0","id":2,"method":"resources/list","params":{"cursor":"b2Zmc2V0OjI="}}"""));
    }

    [TestMethod]
    [DataRow("\"nope\"")]
    [DataRow("\"b2Zmc2V0OjM=\"")]
    [DataRow("\"b2Zmc2V0OjA=\"")]
    [DataRow("42")]
    public void AnUnknownCursorIsInvalidParams(string cursor)
    {
        var harness = new FeatureHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: unknown cursor"}}""",
            harness.Single($$$"""{"jsonrpc":"2.0","id":1,"method":"resources/list","params":{"cursor":{{{cursor}}}}}"""));
    }

    [TestMethod]
    public void AListThatFitsOnePageIsSentWhole()
    {
        var harness = new FeatureHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"resourceTemplates":[{"uriTemplate":"notes://{id}","name":"note","mimeType":"text/plain"}]}}""",
            harness.Single("""{"jsonrpc":"2.0","id":1,"method":"resources/templates/list","params":{}}"""));
    }

    [TestMethod]
    public void TextAndBinaryResourcesAreRead()
    {
        var harness = new FeatureHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"contents":[{"uri":"test://text","mimeType":"text/plain","text":"hello"}]}}""",
            harness.Single("""{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"test://text"}}"""));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"result":{"contents":[{"uri":"test://bin","mimeType":"image/png","blob":"AQID"}]}}""",
            harness.Single("""{"jsonrpc":"2.0","id":2,"method":"resources/read","params":{"uri":"test://bin"}}"""));
    }

    [TestMethod]
    public async Task ATemplateResourceIsReadAsynchronously()
    {
        var harness = new FeatureHarness();
        harness.Handle("""{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"notes://42"}}""");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"contents":[{"uri":"notes://42","mimeType":"text/plain","text":"note 42"}]}}""",
            await harness.Sink.NextAsync());
        harness.Handle("""{"jsonrpc":"2.0","id":2,"method":"resources/read","params":{"uri":"notes://missing"}}""");
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"error":{"code":-32002,"message":"Resource not found: notes://missing","data":{"uri":"notes://missing"}}}""",
            await harness.Sink.NextAsync());
    }

    [TestMethod]
    public void AnUnknownResourceIsMinus32002WithItsUri()
    {
        var harness = new FeatureHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32002,"message":"Resource not found: test://nothing","data":{"uri":"test://nothing"}}}""",
            harness.Single("""{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"test://nothing"}}"""));
    }

    [TestMethod]
    public void AFailingResourceHandlerIsAnInternalErrorAndTheSessionGoesOn()
    {
        var harness = new FeatureHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32603,"message":"Internal error: the disk is gone"}}""",
            harness.Single("""{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"test://broken"}}"""));
        Assert.AreEqual("""{"jsonrpc":"2.0","id":2,"result":{}}""", harness.Single("""{"jsonrpc":"2.0","id":2,"method":"ping"}"""));
    }

    [TestMethod]
    [DataRow("{}")]
    [DataRow("""{"uri":7}""")]
    public void ReadNeedsAStringUri(string parameters)
    {
        var harness = new FeatureHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: resources/read needs \"uri\" (a string)"}}""",
            harness.Single($$$"""{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{{{parameters}}}}"""));
    }

    [TestMethod]
    public async Task ASubscribedSessionHearsOfUpdatesUntilItUnsubscribes()
    {
        var harness = new FeatureHarness();
        Assert.AreEqual("""{"jsonrpc":"2.0","id":1,"result":{}}""", harness.Single("""{"jsonrpc":"2.0","id":1,"method":"resources/subscribe","params":{"uri":"test://watched"}}"""));
        harness.Handle("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"notify"}}""");
        Assert.AreEqual("""{"jsonrpc":"2.0","method":"notifications/resources/updated","params":{"uri":"test://watched"}}""", await harness.Sink.NextAsync());
        Assert.AreEqual("""{"jsonrpc":"2.0","method":"notifications/tools/list_changed"}""", await harness.Sink.NextAsync());
        Assert.AreEqual("""{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"notified"}]}}""", await harness.Sink.NextAsync());

        Assert.AreEqual("""{"jsonrpc":"2.0","id":3,"result":{}}""", harness.Single("""{"jsonrpc":"2.0","id":3,"method":"resources/unsubscribe","params":{"uri":"test://watched"}}"""));
        harness.Handle("""{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"notify"}}""");
        CollectionAssert.AreEqual(
            new[] { """{"jsonrpc":"2.0","method":"notifications/tools/list_changed"}""", """{"jsonrpc":"2.0","id":4,"result":{"content":[{"type":"text","text":"notified"}]}}""" },
            harness.Sink.TakeAll());
    }

    [TestMethod]
    public void NotificationsReachEveryOpenSessionAndNoEndedOne()
    {
        var server = new Support.FeatureServer();
        var first = new FeatureHarness(server: server);
        var second = new FeatureHarness(server: server);
        Assert.AreEqual(2, server.Notifications.SessionCount);
        second.Session.End();
        server.Notifications.PromptsListChanged();
        CollectionAssert.AreEqual(new[] { """{"jsonrpc":"2.0","method":"notifications/prompts/list_changed"}""" }, first.Sink.TakeAll());
        Assert.IsEmpty(second.Sink.TakeAll());
        Assert.AreEqual(1, server.Notifications.SessionCount);
    }

    [TestMethod]
    public void SubscribingNeedsAResourceThatSupportsIt()
    {
        var harness = new FeatureHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: resource 'test://text' does not support subscriptions"}}""",
            harness.Single("""{"jsonrpc":"2.0","id":1,"method":"resources/subscribe","params":{"uri":"test://text"}}"""));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"error":{"code":-32002,"message":"Resource not found: test://nothing","data":{"uri":"test://nothing"}}}""",
            harness.Single("""{"jsonrpc":"2.0","id":2,"method":"resources/subscribe","params":{"uri":"test://nothing"}}"""));
    }

    [TestMethod]
    public void ResourcesNeedAnInitializedSession()
    {
        var session = new Server.McpSession(new Support.FeatureServer(), new Support.CapturingSink());
        var sink = new Support.CapturingSink();
        session.HandleMessage("""{"jsonrpc":"2.0","id":1,"method":"resources/list"}"""u8, sink);
        CollectionAssert.AreEqual(
            new[] { """{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Invalid request: the session is not initialized; send \"initialize\" first"}}""" },
            sink.TakeAll());
    }
}
