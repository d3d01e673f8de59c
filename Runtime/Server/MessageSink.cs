namespace PForge.Runtime.Server;

/// <summary>Where a session sends its outgoing messages; a transport frames them. Must be safe to call from any thread.</summary>
public abstract class MessageSink
{
    /// <summary>Sends one complete JSON-RPC message (no framing, no trailing newline): a notification or a request.</summary>
    public abstract void Send(ReadOnlySpan<byte> message);

    /// <summary>
    /// Sends the response to the request this sink was given for; nothing for that request follows it. A transport
    /// that streams one request's messages (Streamable HTTP's SSE) ends the stream here.
    /// </summary>
    public virtual void SendResponse(ReadOnlySpan<byte> message) => Send(message);
}
