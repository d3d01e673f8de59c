using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using PForge.Runtime.Http.Auth;
using PForge.Runtime.Server;
using PForge.Runtime.Settings;
using PForge.Runtime.Telemetry;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Http;

/// <summary>
/// One MCP session on a WebSocket (subprotocol <c>mcp</c>): each text message is one JSON-RPC message, both ways. The
/// reader stops taking messages while the client leaves many answers unread (back-pressure); every send has a deadline.
/// </summary>
internal sealed class WebSocketConnection : MessageSink
{
    /// <summary>Unread messages beyond which the connection stops reading the client's messages until they drain.</summary>
    internal const int HighWater = 256;

    /// <summary>Queued messages beyond which notifications are dropped (responses never are).</summary>
    internal const int MaxQueued = 4096;

    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly WebSocket _socket;
    private readonly McpServerDefinition _definition;
    private readonly HttpSettings _settings;
    private readonly ServerLog _log;
    private readonly Channel<byte[]> _outgoing = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _closing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _queued;
    private int _readerWaits;
    private (WebSocketCloseStatus Status, string Reason)? _closeWith;

    public WebSocketConnection(WebSocket socket, McpServerDefinition definition, HttpSettings settings, ToolUser? user, ServerLog log)
    {
        _socket = socket;
        _definition = definition;
        _settings = settings;
        _log = log;
        User = user;
        Session = new McpSession(definition, this, log);
    }

    public McpSession Session { get; }

    public override void Send(ReadOnlySpan<byte> message)
    {
        if (Volatile.Read(ref _queued) >= MaxQueued)
        {
            _log.Warning($"WebSocket: {MaxQueued} messages waiting for the client; a notification was dropped");
            return;
        }

        Enqueue(message);
    }

    public override void SendResponse(ReadOnlySpan<byte> message) => Enqueue(message);

    private void Enqueue(ReadOnlySpan<byte> message)
    {
        if (_outgoing.Writer.TryWrite(message.ToArray()))
        {
            Interlocked.Increment(ref _queued);
        }
    }

    /// <summary>Closes the connection from the server's side (it stops, or the client stopped reading).</summary>
    public void Close(WebSocketCloseStatus status, string reason)
    {
        _closeWith ??= (status, reason);
        _closing.TrySetResult();
    }

    /// <summary>
    /// Serves the connection until either side closes it. Then the session's calls are cancelled and drained: at once
    /// when the client left, after <paramref name="grace"/> (their answers still sent) when the server closes it.
    /// </summary>
    public async Task RunAsync(TimeSpan drain, TimeSpan grace, CancellationToken aborted)
    {
        // A receive is never cancelled while the socket should live on: a cancelled receive aborts a WebSocket.
        var writer = WriteLoopAsync(aborted);
        var reader = ReadLoopAsync(aborted);
        var serverCloses = await Task.WhenAny(reader, _closing.Task).ConfigureAwait(false) != reader;
        Session.End();
        await Session.DrainAsync(drain, serverCloses && !aborted.IsCancellationRequested ? grace : TimeSpan.Zero).ConfigureAwait(false);
        _outgoing.Writer.TryComplete();
        try
        {
            await writer.WaitAsync(CloseTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _socket.Abort();
        }

        await CloseAsync(reader).ConfigureAwait(false);
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReadMessagesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (WebSocketException ex)
        {
            _log.Debug($"WebSocket closed abruptly: {ex.Message}");
        }
    }

    private async Task ReadMessagesAsync(CancellationToken cancellationToken)
    {
        var limit = (int)Math.Min(_settings.MaxRequestBodyBytes, Array.MaxLength - 1);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(4096, limit + 1));
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var received = await _socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    _closeWith ??= (WebSocketCloseStatus.NormalClosure, string.Empty);
                    return;
                }

                if (received.MessageType == WebSocketMessageType.Binary)
                {
                    _closeWith = (WebSocketCloseStatus.InvalidMessageType, "MCP messages are text frames (UTF-8 JSON)");
                    return;
                }

                length += received.Count;
                if (length > limit)
                {
                    _closeWith = (WebSocketCloseStatus.MessageTooBig, $"a message is over the limit of {limit} bytes");
                    return;
                }

                if (!received.EndOfMessage)
                {
                    continue;
                }

                Handle(buffer.AsSpan(0, length));
                length = 0;
                if (Volatile.Read(ref _queued) >= HighWater)
                {
                    await WaitDrainedAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Handle(ReadOnlySpan<byte> message)
    {
        if (User is { } user && Protocol.JsonRpcReader.TryRead(message, out var envelope, out _) && envelope.HasId && !envelope.IsResponse
            && ScopeGate.Check(_definition, user, envelope.Method, envelope.Params, _settings.Auth.Scopes) is { } refusal)
        {
            // The same refusal the HTTP transport sends with its 403, as the request's error.
            SendResponse(HttpErrors.Body(envelope.Id, HttpErrors.TransportError, "Forbidden: " + refusal.Description));
            return;
        }

        Session.HandleMessage(message, this);
    }

    private async Task WaitDrainedAsync(CancellationToken cancellationToken)
    {
        // The signal is taken before the writer is told a reader waits, so the writer always completes this one.
        var drained = Volatile.Read(ref _drained);
        Interlocked.Exchange(ref _readerWaits, 1);
        if (Volatile.Read(ref _queued) >= HighWater)
        {
            await drained.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        var reader = _outgoing.Reader;
        try
        {
            while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                while (reader.TryRead(out var message))
                {
                    using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    deadline.CancelAfter(SendTimeout);
                    try
                    {
                        await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, deadline.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        // A cancelled send has aborted the socket: no close frame can follow, the session just ends.
                        _log.Warning($"WebSocket: the client read nothing for {SendTimeout.TotalSeconds:0} s; closing");
                        _socket.Abort();
                        Close(WebSocketCloseStatus.PolicyViolation, "the client stopped reading");
                        return;
                    }
                    catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
                    {
                        return;
                    }

                    if (Interlocked.Decrement(ref _queued) < HighWater / 2 && Interlocked.Exchange(ref _readerWaits, 0) == 1)
                    {
                        Interlocked.Exchange(ref _drained, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                    }
                }
            }
        }
        finally
        {
            // Nothing more is sent: a reader waiting for the queue to drain goes on (and finds the socket closed).
            _drained.TrySetResult();
        }
    }

    /// <summary>
    /// The closing handshake: the close frame (the reason kept, else 1001), then the client's own, which the reader
    /// receives when it is still reading; a client that does not answer in time is cut off.
    /// </summary>
    private async Task CloseAsync(Task reader)
    {
        var (status, reason) = _closeWith ?? (WebSocketCloseStatus.EndpointUnavailable, "the server is shutting down");
        using var timeout = new CancellationTokenSource(CloseTimeout);
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(status, reason, timeout.Token).ConfigureAwait(false);
            }

            if (!reader.IsCompleted)
            {
                await reader.WaitAsync(timeout.Token).ConfigureAwait(false);
                return;
            }

            // The reader stopped on a bad message: the client's close frame is read here, and whatever came before it dropped.
            var scratch = new byte[1024];
            while (_socket.State == WebSocketState.CloseSent
                && (await _socket.ReceiveAsync(scratch.AsMemory(), timeout.Token).ConfigureAwait(false)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            _socket.Abort();
        }
    }
}
