using System.Text.Json;
using PForge.Runtime.Protocol.Messages;

namespace PForge.Runtime.Protocol;

/// <summary>The parts of one JSON-RPC message, as slices of the message bytes (nothing is copied).</summary>
public readonly ref struct JsonRpcEnvelope
{
    /// <summary>The method name, unescaped; empty for a response.</summary>
    public ReadOnlySpan<byte> Method { get; init; }

    /// <summary>The id exactly as sent (a JSON string with its quotes, or an integer); empty for a notification.</summary>
    public ReadOnlySpan<byte> Id { get; init; }

    /// <summary>The params object or array exactly as sent; empty when absent.</summary>
    public ReadOnlySpan<byte> Params { get; init; }

    /// <summary>Where the members of <c>tools/call</c> params lie when the method came before them; else not scanned.</summary>
    public CallToolScan ToolCall { get; init; }

    /// <summary>The <c>result</c> value of a response exactly as sent; empty when absent.</summary>
    public ReadOnlySpan<byte> Result { get; init; }

    /// <summary>The <c>error</c> value of a response exactly as sent; empty when absent.</summary>
    public ReadOnlySpan<byte> Error { get; init; }

    public bool HasId => !Id.IsEmpty;

    /// <summary>True when the message carries <c>result</c> or <c>error</c> and no <c>method</c>: a response to a request of ours.</summary>
    public bool IsResponse { get; init; }

    /// <summary>True when the message has a string <c>method</c> and no <c>id</c> member: a notification, never answered.</summary>
    public bool IsNotification { get; init; }
}

/// <summary>Why a message is not a valid JSON-RPC request, with the code to answer it with.</summary>
public readonly record struct JsonRpcReadError(int Code, string Message);
