using PForge.Runtime.Tools;

namespace PForge.Runtime.Server;

/// <summary>Where a session sends its outgoing messages; a transport frames them. Must be safe to call from any thread.</summary>
public abstract class MessageSink
{
    /// <summary>
    /// The authenticated caller of the requests handed in with this sink (an HTTP POST under <c>forge.http.auth</c>);
    /// null when the transport authenticates nobody (stdio). Handlers see it as <see cref="ToolContext.User"/>.
    /// </summary>
    public virtual ToolUser? User { get; set; }

    /// <summary>Sends one complete JSON-RPC message (no framing, no trailing newline): a notification or a request.</summary>
    public abstract void Send(ReadOnlySpan<byte> message);

    /// <summary>
    /// Sends the response to the request this sink was given for; nothing for that request follows it. A transport
    /// that streams one request's messages (Streamable HTTP's SSE) ends the stream here.
    /// </summary>
    public virtual void SendResponse(ReadOnlySpan<byte> message) => Send(message);
}
