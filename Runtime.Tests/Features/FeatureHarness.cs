using System.Text;
using PForge.Runtime.Server;
using PForge.Runtime.Tests.Support;

namespace PForge.Runtime.Tests.Features;

/// <summary>A session of <see cref="FeatureServer"/>, initialized with the client capabilities a test asks for.</summary>
internal sealed class FeatureHarness
{
    public FeatureHarness(string clientCapabilities = "{}", FeatureServer? server = null)
    {
        Server = server ?? new FeatureServer();
        Session = new McpSession(Server, Sink);
        Handle("""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":""" + clientCapabilities + ""","clientInfo":{"name":"tests","version":"1.0"}}}""");
        Sink.TakeAll();
    }

    public FeatureServer Server { get; }

    public CapturingSink Sink { get; } = new();

    public McpSession Session { get; }

    public void Handle(string message) => Session.HandleMessage(Encoding.UTF8.GetBytes(message));

    /// <summary>Handles a request that is answered at once with exactly one message, and returns it.</summary>
    public string Single(string message)
    {
        Handle(message);
        var answers = Sink.TakeAll();
        Assert.HasCount(1, answers, $"answers to {message}: {string.Join(" | ", answers)}");
        return answers[0];
    }
}
