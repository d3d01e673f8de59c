using System.Text.Json;
using PForge.Runtime.Client;
using PForge.Runtime.Completion;
using PForge.Runtime.Prompts;
using PForge.Runtime.Protocol;
using PForge.Runtime.Protocol.Messages;
using PForge.Runtime.Resources;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Server;

/// <summary>Resources, prompts, completion and logging: each request read here, answered by the definition.</summary>
public sealed partial class McpSession
{
    /// <summary>
    /// Treats the session as initialized at <paramref name="protocolVersion"/> without an initialize request: the
    /// stateless HTTP mode serves each request in a fresh session.
    /// </summary>
    public void AssumeInitialized(string protocolVersion)
    {
        ProtocolVersion = ProtocolVersions.Negotiate(protocolVersion);
        _initialized = true;
    }

    /// <summary>
    /// Ends the session: it leaves the server's notifications, and requests it sent to the client fail at once.
    /// Calls still running are not touched (see <see cref="DrainAsync"/>). Safe to call more than once.
    /// </summary>
    public void End()
    {
        TaskCompletionSource<byte[]>[] waiting;
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            waiting = [.. _outgoing.Values];
            _outgoing.Clear();
            _subscriptions.Clear();
        }

        _definition.Notifications.Remove(this);
        foreach (var request in waiting)
        {
            request.TrySetException(new ToolException("The session ended before the client answered"));
        }
    }

    /// <summary>Sends a notification without params (a list_changed) on the session's own sink.</summary>
    void INotifiedSession.Notify(ReadOnlySpan<byte> method)
    {
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        writer.WriteStartObject();
        writer.WriteString("jsonrpc"u8, "2.0"u8);
        writer.WriteString("method"u8, method);
        writer.WriteEndObject();
        _sink.Send(scratch.WrittenSpan);
    }

    /// <summary>Sends <c>notifications/resources/updated</c> when this session subscribed to <paramref name="uri"/>.</summary>
    void INotifiedSession.NotifyResourceUpdated(string uri)
    {
        lock (_gate)
        {
            if (!_subscriptions.Contains(uri))
            {
                return;
            }
        }

        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        JsonRpcWriter.WriteNotificationStart(writer, "notifications/resources/updated"u8);
        writer.WriteString("uri"u8, uri);
        writer.WriteEndObject();
        writer.WriteEndObject();
        _sink.Send(scratch.WrittenSpan);
    }

    private void ReadResource(MessageSink reply, ReadOnlySpan<byte> id, ReadOnlySpan<byte> parameters)
    {
        if (RequireString(reply, id, parameters, "uri"u8, "resources/read") is not { } uri)
        {
            return;
        }

        var context = NewContext(reply, ProgressToken.Of(parameters));
        ValueTask<ResourceResult?> pending;
        try
        {
            pending = _definition.ReadResourceAsync(uri, context);
        }
        catch (Exception ex)
        {
            context.Complete();
            FailRequest(reply, id, ex, context);
            return;
        }

        Respond(reply, id, context, FoundOrThrow(pending, uri), static (writer, result) => result.WriteTo(writer));
    }

    private static ValueTask<ResourceResult> FoundOrThrow(ValueTask<ResourceResult?> pending, string uri)
    {
        if (pending.IsCompletedSuccessfully)
        {
            return pending.Result is { } result ? new(result) : ValueTask.FromException<ResourceResult>(McpException.ResourceNotFound(uri));
        }

        return Await(pending, uri);

        static async ValueTask<ResourceResult> Await(ValueTask<ResourceResult?> pending, string uri) =>
            await pending.ConfigureAwait(false) ?? throw McpException.ResourceNotFound(uri);
    }

    private void Subscribe(MessageSink reply, ReadOnlySpan<byte> id, ReadOnlySpan<byte> parameters, bool subscribe)
    {
        var method = subscribe ? "resources/subscribe" : "resources/unsubscribe";
        if (RequireString(reply, id, parameters, "uri"u8, method) is not { } uri)
        {
            return;
        }

        switch (_definition.FindResource(uri))
        {
            case ResourceMatch.None:
                SendError(reply, id, McpErrorCodes.ResourceNotFound, "Resource not found: " + uri, uri);
                return;
            case ResourceMatch.Readable when subscribe:
                SendError(reply, id, McpErrorCodes.InvalidParams, $"Invalid params: resource '{uri}' does not support subscriptions");
                return;
        }

        lock (_gate)
        {
            if (subscribe)
            {
                _subscriptions.Add(uri);
            }
            else
            {
                _subscriptions.Remove(uri);
            }
        }

        SendRawResult(reply, id, "{}"u8);
    }

    private void GetPrompt(MessageSink reply, ReadOnlySpan<byte> id, ReadOnlySpan<byte> parameters)
    {
        if (RequireString(reply, id, parameters, "name"u8, "prompts/get") is not { } name)
        {
            return;
        }

        if (!StringMap.TryRead(parameters, "arguments"u8, out var arguments, out var problem))
        {
            SendError(reply, id, McpErrorCodes.InvalidParams, "Invalid params: " + problem);
            return;
        }

        var prompt = _definition.FindPrompt(name);
        if (prompt < 0)
        {
            SendError(reply, id, McpErrorCodes.InvalidParams, $"Unknown prompt: '{Truncate(name)}'");
            return;
        }

        var context = NewContext(reply, ProgressToken.Of(parameters));
        ValueTask<PromptResult> pending;
        try
        {
            pending = _definition.GetPromptAsync(prompt, arguments, context);
        }
        catch (Exception ex)
        {
            context.Complete();
            FailRequest(reply, id, ex, context);
            return;
        }

        Respond(reply, id, context, pending, static (writer, result) => result.WriteTo(writer));
    }

    private void Complete(MessageSink reply, ReadOnlySpan<byte> id, ReadOnlySpan<byte> parameters)
    {
        var complete = CompleteParams.Read(parameters);
        if (complete.Problem is not null)
        {
            SendError(reply, id, McpErrorCodes.InvalidParams, "Invalid params: " + complete.Problem);
            return;
        }

        var request = new CompletionRequest
        {
            IsPrompt = complete.IsPrompt,
            Reference = complete.Reference,
            ArgumentName = complete.ArgumentName,
            Value = complete.Value,
            ContextArguments = complete.ContextArguments,
        };
        var context = NewContext(reply, default);
        ValueTask<CompletionResult> pending;
        try
        {
            pending = _definition.CompleteAsync(request, context);
        }
        catch (Exception ex)
        {
            context.Complete();
            FailRequest(reply, id, ex, context);
            return;
        }

        Respond(reply, id, context, pending, static (writer, result) => result.WriteTo(writer));
    }

    private void SetLevel(MessageSink reply, ReadOnlySpan<byte> id, ReadOnlySpan<byte> parameters)
    {
        if (RequireString(reply, id, parameters, "level"u8, "logging/setLevel") is not { } name)
        {
            return;
        }

        if (LogLevels.Parse(name) is not { } level)
        {
            SendError(reply, id, McpErrorCodes.InvalidParams,
                $"Invalid params: unknown log level '{Truncate(name)}' (debug, info, notice, warning, error, critical, alert or emergency)");
            return;
        }

        Volatile.Write(ref _minimumLogLevel, (int)level);
        SendRawResult(reply, id, "{}"u8);
    }

    /// <summary>The string member <paramref name="name"/> of the params, or null after answering the request's error.</summary>
    private string? RequireString(MessageSink reply, ReadOnlySpan<byte> id, ReadOnlySpan<byte> parameters, ReadOnlySpan<byte> name, string method)
    {
        var value = StringMember.Read(parameters, name);
        if (value is null)
        {
            SendError(reply, id, McpErrorCodes.InvalidParams, $"Invalid params: {method} needs \"{System.Text.Encoding.UTF8.GetString(name)}\" (a string)");
        }

        return value;
    }
}
