using System.Text;
using PForge.Runtime.Server;
using PForge.Runtime.Telemetry;

namespace PForge.Runtime.Tests.Support;

/// <summary>Drives an <see cref="McpSession"/> directly: one message in, the messages it sent synchronously out.</summary>
internal sealed class SessionHarness
{
    public const string InitializeRequest =
        """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"tests","version":"1.0"}}}""";

    public SessionHarness(TestServer? server = null, TextWriter? log = null)
    {
        Server = server ?? new TestServer();
        Session = new McpSession(Server, Sink, log is null ? null : new ServerLog(log, ServerLogLevel.Debug));
    }

    public TestServer Server { get; }

    public CapturingSink Sink { get; } = new();

    public McpSession Session { get; }

    /// <summary>A session already through <c>initialize</c> and <c>notifications/initialized</c>.</summary>
    public static SessionHarness Initialized(TestServer? server = null, TextWriter? log = null)
    {
        var harness = new SessionHarness(server, log);
        var answers = harness.Handle(InitializeRequest);
        Assert.HasCount(1, answers);
        Assert.IsEmpty(harness.Handle("""{"jsonrpc":"2.0","method":"notifications/initialized"}"""));
        return harness;
    }

    /// <summary>Handles one message and returns what the session sent while handling it.</summary>
    public List<string> Handle(string message)
    {
        Session.HandleMessage(Encoding.UTF8.GetBytes(message));
        return Sink.TakeAll();
    }

    /// <summary>Handles one message and takes nothing: what it sends, now or later, is read with the sink's NextAsync.</summary>
    public void Post(string message) => Session.HandleMessage(Encoding.UTF8.GetBytes(message));

    /// <summary>Handles one message that must be answered at once with exactly one message, and returns it.</summary>
    public string Single(string message)
    {
        var answers = Handle(message);
        Assert.HasCount(1, answers, $"answers to {message}: {string.Join(" | ", answers)}");
        return answers[0];
    }

    /// <summary>Handles one message that must get no answer.</summary>
    public void None(string message)
    {
        var answers = Handle(message);
        Assert.IsEmpty(answers, $"expected no answer to {message}, got: {string.Join(" | ", answers)}");
    }
}
