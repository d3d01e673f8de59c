using System.Buffers;
using System.Text;
using PForge.Runtime.Http;
using PForge.Runtime.Tests.Support;
using static PForge.Runtime.Tests.Http.StreamableHttpTests;

namespace PForge.Runtime.Tests.Http;

/// <summary>SSE: framing, and which stream a message goes out on.</summary>
[TestClass]
public sealed class HttpStreamingTests
{
    [TestMethod]
    public async Task ProgressOfAStatefulCallIsStreamedOnItsPostThenTheResponse()
    {
        await using var http = await HttpHarness.StartAsync();
        var session = await http.InitializeAsync();
        var reply = await http.PostAsync(
            """{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"progress","arguments":{"values":[1,2],"total":2},"_meta":{"progressToken":"p"}}}""",
            session);
        Assert.AreEqual(200, reply.Status);
        CollectionAssert.AreEqual(
            new[]
            {
                """{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"p","progress":1,"total":2}}""",
                """{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"p","progress":2,"total":2}}""",
                """{"jsonrpc":"2.0","id":9,"result":{"content":[{"type":"text","text":"can report: yes"}]}}""",
            },
            reply.Events());
    }

    [TestMethod]
    public async Task ProgressOfALateCallIsStreamedAsItHappens()
    {
        await using var http = await HttpHarness.StartAsync();
        var session = await http.InitializeAsync();
        using var request = http.Post(
            """{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"progress","arguments":{"values":[1],"key":"late"},"_meta":{"progressToken":7}}}""",
            session);
        using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestTimeouts.Wait);
        Assert.AreEqual("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.AreEqual("event: message", await reader.ReadLineAsync().WaitAsync(TestTimeouts.Wait));
        Assert.AreEqual("""data: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":7,"progress":1}}""", await reader.ReadLineAsync());
        Assert.AreEqual(string.Empty, await reader.ReadLineAsync());

        // The stream stays open until the call answers.
        await http.Definition.ExpectEventAsync("progress:late:started");
        http.Definition.Open("late");
        Assert.AreEqual(
            "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":10,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"can report: yes\"}]}}\n\n",
            await reader.ReadToEndAsync().WaitAsync(TestTimeouts.Wait));
    }

    [TestMethod]
    public async Task ListChangedGoesToTheGetStream()
    {
        await using var http = await HttpHarness.StartAsync();
        var session = await http.InitializeAsync();
        using var request = Request(HttpMethod.Get, http, session);
        using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestTimeouts.Wait);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        http.Definition.Notifications.ToolsListChanged();
        Assert.AreEqual("event: message", await reader.ReadLineAsync().WaitAsync(TestTimeouts.Wait));
        Assert.AreEqual("""data: {"jsonrpc":"2.0","method":"notifications/tools/list_changed"}""", await reader.ReadLineAsync());
    }

    [TestMethod]
    public async Task AClientThatRanksEventStreamFirstGetsEvenAnImmediateResponseAsAnEvent()
    {
        await using var http = await HttpHarness.StartAsync();
        var session = await http.InitializeAsync();
        var reply = await http.PostAsync("""{"jsonrpc":"2.0","id":1000,"method":"ping"}""", session, request =>
        {
            request.Headers.Remove("Accept");
            request.Headers.TryAddWithoutValidation("Accept", "text/event-stream, application/json");
        });
        CollectionAssert.AreEqual(new[] { """{"jsonrpc":"2.0","id":1000,"result":{}}""" }, reply.Events());

        var json = await http.PostAsync("""{"jsonrpc":"2.0","id":1001,"method":"ping"}""", session);
        Assert.AreEqual(("application/json", """{"jsonrpc":"2.0","id":1001,"result":{}}"""), (json.ContentType, json.Body));
    }

    [TestMethod]
    [DataRow("text/event-stream, application/json", true)]
    [DataRow("application/json, text/event-stream", false)]
    [DataRow("application/json;q=0.5, text/event-stream", true)]
    [DataRow("text/event-stream;q=0.5, application/json", false)]
    [DataRow("*/*", false)]
    [DataRow("text/event-stream", true)]
    public void EventStreamIsPreferredByQualityThenOrder(string accept, bool expected) =>
        Assert.AreEqual(expected, HttpMedia.PrefersEventStream(accept), accept);

    [TestMethod]
    public void AMessageIsOneEventWithADataLinePerLine()
    {
        Assert.AreEqual("event: message\ndata: {\"a\":1}\n\n", Frame("""{"a":1}"""));
        Assert.AreEqual("event: message\ndata: {\ndata:   \"a\": 1\ndata: }\n\n", Frame("{\n  \"a\": 1\r\n}"));
        Assert.AreEqual("event: message\ndata: {}\ndata: \n\n", Frame("{}\n"));
    }

    [TestMethod]
    public void AcceptHeadersAreReadAsRfc9110Says()
    {
        Assert.IsTrue(HttpMedia.Accepts(default, "application/json"));
        Assert.IsTrue(HttpMedia.Accepts("application/json, text/event-stream", "text/event-stream"));
        Assert.IsTrue(HttpMedia.Accepts("TEXT/Event-Stream;charset=utf-8", "text/event-stream"));
        Assert.IsTrue(HttpMedia.Accepts("text/*", "text/event-stream"));
        Assert.IsTrue(HttpMedia.Accepts("*/*;q=0.1", "application/json"));
        Assert.IsFalse(HttpMedia.Accepts("application/json;q=0", "application/json"));
        Assert.IsFalse(HttpMedia.Accepts("application/jsonx", "application/json"));
        Assert.IsFalse(HttpMedia.Accepts("text/html, application/*", "text/event-stream"));
    }

    private static string Frame(string message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        SseWriter.Frame(buffer, Encoding.UTF8.GetBytes(message));
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
