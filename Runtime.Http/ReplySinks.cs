using System.Threading.Channels;
using PForge.Runtime.Server;
using PForge.Runtime.Telemetry;

namespace PForge.Runtime.Http;

/// <summary>One outgoing message of a POST: a message sent while its request runs, or the final response.</summary>
internal readonly record struct ReplyFrame(byte[] Message, bool IsFinal);

/// <summary>
/// The sink of one POSTed request: everything the session sends for it is queued here, in order, and the request's
/// HTTP handler writes it out (as one JSON body when the response comes first, else as an SSE stream). Safe from any
/// thread; nothing queued after the final response is delivered.
/// </summary>
internal sealed class PostReplySink : MessageSink
{
    /// <summary>Messages waiting for a slow client beyond this are dropped (the final response never is).</summary>
    internal const int MaxQueued = 4096;

    private readonly Channel<ReplyFrame> _frames = Channel.CreateUnbounded<ReplyFrame>(new UnboundedChannelOptions { SingleReader = true });
    private readonly byte[] _requestId;
    private readonly ServerLog _log;
    private int _queued;
    private string? _abandonedBecause;

    public PostReplySink(ReadOnlySpan<byte> requestId, ServerLog log)
    {
        _requestId = requestId.ToArray();
        _log = log;
    }

    /// <summary>The id of the request, exactly as the client sent it.</summary>
    public ReadOnlySpan<byte> RequestId => _requestId;

    /// <summary>Why the request will get no response (its session ended), or null.</summary>
    public string? AbandonedBecause => Volatile.Read(ref _abandonedBecause);

    public override void Send(ReadOnlySpan<byte> message)
    {
        if (Interlocked.Increment(ref _queued) > MaxQueued)
        {
            Interlocked.Decrement(ref _queued);
            _log.Warning($"request {HttpErrors.Text(_requestId)}: over {MaxQueued} messages waiting for the client; one dropped");
            return;
        }

        if (!_frames.Writer.TryWrite(new ReplyFrame(message.ToArray(), IsFinal: false)))
        {
            Interlocked.Decrement(ref _queued);
            _log.Debug($"request {HttpErrors.Text(_requestId)} is answered or gone; a message for it was dropped");
        }
    }

    public override void SendResponse(ReadOnlySpan<byte> message)
    {
        if (_frames.Writer.TryWrite(new ReplyFrame(message.ToArray(), IsFinal: true)))
        {
            _frames.Writer.TryComplete();
        }
        else
        {
            _log.Debug($"request {HttpErrors.Text(_requestId)} is answered or gone; its response was dropped");
        }
    }

    /// <summary>Ends the queue without a response: the session ended, or the HTTP exchange is over.</summary>
    public void Abandon(string reason)
    {
        Interlocked.CompareExchange(ref _abandonedBecause, reason, null);
        _frames.Writer.TryComplete();
    }

    /// <summary>The next frame, or null when the queue ended without one (abandoned).</summary>
    public async ValueTask<ReplyFrame?> ReadAsync(CancellationToken cancellationToken)
    {
        while (await _frames.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_frames.Reader.TryRead(out var frame))
            {
                if (!frame.IsFinal)
                {
                    Interlocked.Decrement(ref _queued);
                }

                return frame;
            }
        }

        return null;
    }
}

/// <summary>
/// The session's own sink in stateful mode: messages tied to no request (list_changed, resources/updated) go to the
/// session's open GET stream, or are dropped when none is open. (A request's messages go to its POST's sink.)
/// </summary>
internal sealed class SessionSink(HttpSession owner, ServerLog log) : MessageSink
{
    public override void Send(ReadOnlySpan<byte> message)
    {
        if (owner.Stream is { } stream && stream.TryWrite(message))
        {
            return;
        }

        log.Debug($"session {owner.Id}: no GET stream open; a message not tied to a request was dropped");
    }
}

/// <summary>
/// The sink of one HTTP+SSE POST: the request's messages and response go to the session's stream, as everything of
/// that transport does; it carries the caller of that POST (a token may be renewed between POSTs).
/// </summary>
internal sealed class LegacyReplySink(MessageSink session) : MessageSink
{
    public override void Send(ReadOnlySpan<byte> message) => session.Send(message);
}

/// <summary>The session sink in stateless mode: the one session serves one POST, so everything goes to it.</summary>
internal sealed class ForwardingSink(PostReplySink post) : MessageSink
{
    public override void Send(ReadOnlySpan<byte> message) => post.Send(message);

    public override void SendResponse(ReadOnlySpan<byte> message) => post.SendResponse(message);
}

/// <summary>
/// The server-to-client stream a GET opened: a bounded queue the GET's handler writes out as SSE events. Messages
/// beyond the bound (a client that stopped reading) are dropped with a warning.
/// </summary>
internal sealed class ServerStream(ServerLog log)
{
    internal const int Capacity = 1024;

    private readonly Channel<byte[]> _messages = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    public ChannelReader<byte[]> Reader => _messages.Reader;

    public bool TryWrite(ReadOnlySpan<byte> message)
    {
        if (_messages.Writer.TryWrite(message.ToArray()))
        {
            return true;
        }

        if (!_messages.Reader.Completion.IsCompleted)
        {
            log.Warning($"GET stream: {Capacity} messages waiting for the client; one dropped");
            return true;
        }

        return false;
    }

    public void Close() => _messages.Writer.TryComplete();
}
