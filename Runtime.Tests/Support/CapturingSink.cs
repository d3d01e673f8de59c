using System.Text;
using System.Threading.Channels;
using PForge.Runtime.Server;

namespace PForge.Runtime.Tests.Support;

/// <summary>Records every message a session sends, in order, as text; safe to call from any thread.</summary>
internal sealed class CapturingSink : MessageSink
{
    private readonly Channel<string> _messages = Channel.CreateUnbounded<string>();

    public override void Send(ReadOnlySpan<byte> message)
    {
        var text = Encoding.UTF8.GetString(message);
        Assert.IsFalse(text.Contains('\n', StringComparison.Ordinal), $"a message must not contain a newline: {text}");
        _messages.Writer.TryWrite(text);
    }

    /// <summary>The messages sent so far and not yet taken.</summary>
    public List<string> TakeAll()
    {
        var taken = new List<string>();
        while (_messages.Reader.TryRead(out var message))
        {
            taken.Add(message);
        }

        return taken;
    }

    /// <summary>Waits for the next message (sent later by an asynchronous call).</summary>
    public async Task<string> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        try
        {
            return await _messages.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new AssertFailedException($"no message within {TestTimeouts.Wait}");
        }
    }
}
