using System.Buffers;
using PForge.Runtime.Server;
using PForge.Runtime.Telemetry;

namespace PForge.Runtime.Http;

/// <summary>
/// A session for sessionless POSTs of revision 2026-07-28, one request at a time, and the sink it answers on: a
/// response sent before anything else is kept here whole, for the POST to write as JSON (no queue of frames); any
/// other message, or a request that streams, goes through a <see cref="PostReplySink"/>. The endpoint reuses an
/// exchange whose request left nothing running.
/// </summary>
internal sealed class SessionlessExchange : MessageSink
{
    // A pooled exchange keeps its buffer: one grown past this by a large response is not kept.
    private const int MaxKeptBytes = 64 * 1024;

    private readonly Lock _gate = new();
    private readonly ServerLog _log;
    private ArrayBufferWriter<byte> _response = new(1024);
    private byte[] _requestId = [];
    private PostReplySink? _post;
    private bool _answered;

    public SessionlessExchange(McpServerDefinition definition, ServerLog log)
    {
        _log = log;
        Session = new McpSession(definition, this, log);
    }

    public McpSession Session { get; }

    /// <summary>Starts a request; <paramref name="keep"/> false sends everything, the response too, through a post.</summary>
    public void Begin(byte[] requestId, bool keep, Tools.ToolUser? user)
    {
        _requestId = requestId;
        User = user;
        _post = keep ? null : new PostReplySink(requestId, _log) { User = user };
    }

    public override void Send(ReadOnlySpan<byte> message)
    {
        lock (_gate)
        {
            if (_answered)
            {
                _log.Debug($"request {HttpErrors.Text(_requestId)} is answered; a message for it was dropped");
                return;
            }

            (_post ??= new PostReplySink(_requestId, _log) { User = User }).Send(message);
        }
    }

    public override void SendResponse(ReadOnlySpan<byte> message)
    {
        lock (_gate)
        {
            if (_post is { } post)
            {
                post.SendResponse(message);
            }
            else if (_answered)
            {
                _log.Debug($"request {HttpErrors.Text(_requestId)} is answered; a second response was dropped");
            }
            else
            {
                _response.Write(message);
                _answered = true;
            }
        }
    }

    /// <summary>
    /// The response when it came first (the POST writes it, then <see cref="Reset"/>), else the post the request's
    /// messages go to from now on.
    /// </summary>
    public ReadOnlyMemory<byte> TakeResponse(out PostReplySink? post)
    {
        lock (_gate)
        {
            if (_answered)
            {
                post = null;
                return _response.WrittenMemory;
            }

            post = _post ??= new PostReplySink(_requestId, _log) { User = User };
            return default;
        }
    }

    /// <summary>Readies the exchange for another request; only once nothing of the last one runs on.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _post = null;
            User = null;
            _answered = false;
            _requestId = [];
            if (_response.Capacity > MaxKeptBytes)
            {
                _response = new ArrayBufferWriter<byte>(1024);
            }
            else
            {
                _response.ResetWrittenCount();
            }
        }
    }
}
