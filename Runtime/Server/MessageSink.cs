namespace PForge.Runtime.Server;

/// <summary>Where a session sends its outgoing messages; a transport frames them. Must be safe to call from any thread.</summary>
public abstract class MessageSink
{
    /// <summary>Sends one complete JSON-RPC message (no framing, no trailing newline).</summary>
    public abstract void Send(ReadOnlySpan<byte> message);
}
