using System.Text.Json;
using PForge.Runtime.Client;
using PForge.Runtime.Completion;
using PForge.Runtime.Prompts;
using PForge.Runtime.Protocol;
using PForge.Runtime.Resources;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Server;

/// <summary>Resources, prompts, completion and logging: each request read here, answered by the definition.</summary>
public sealed partial class McpSession
{
    private static readonly Dictionary<string, string> NoArguments = new(StringComparer.Ordinal);

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
    internal void Notify(ReadOnlySpan<byte> method)
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
    internal void NotifyResourceUpdated(string uri)
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

        var context = NewContext(reply, ProgressTokenOf(parameters));
        ValueTask<ResourceResult?> pending;
        try
        {
            pending = _definition.ReadResourceAsync(uri, context);
        }
        catch (Exception ex)
        {
            context.Complete();
            FailRequest(reply, id, ex);
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

        if (!TryReadStringMap(parameters, "arguments"u8, out var arguments, out var problem))
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

        var context = NewContext(reply, ProgressTokenOf(parameters));
        ValueTask<PromptResult> pending;
        try
        {
            pending = _definition.GetPromptAsync(prompt, arguments, context);
        }
        catch (Exception ex)
        {
            context.Complete();
            FailRequest(reply, id, ex);
            return;
        }

        Respond(reply, id, context, pending, static (writer, result) => result.WriteTo(writer));
    }

    private void Complete(MessageSink reply, ReadOnlySpan<byte> id, ReadOnlySpan<byte> parameters)
    {
        string? refType = null, refName = null, argumentName = null, argumentValue = null, problem = null;
        IReadOnlyDictionary<string, string> contextArguments = NoArguments;
        var reader = new Utf8JsonReader(parameters);
        if (!parameters.IsEmpty)
        {
            reader.Read();
            while (problem is null && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("ref"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        problem = "\"ref\" must be an object";
                        break;
                    }

                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var member = reader.ValueTextEquals("type"u8) ? 0 : reader.ValueTextEquals("name"u8) || reader.ValueTextEquals("uri"u8) ? 1 : 2;
                        reader.Read();
                        if (member < 2 && reader.TokenType == JsonTokenType.String)
                        {
                            var text = TryGetString(ref reader);
                            if (member == 0)
                            {
                                refType = text;
                            }
                            else
                            {
                                refName = text;
                            }
                        }

                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("argument"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        problem = "\"argument\" must be an object";
                        break;
                    }

                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var member = reader.ValueTextEquals("name"u8) ? 0 : reader.ValueTextEquals("value"u8) ? 1 : 2;
                        reader.Read();
                        if (member < 2 && reader.TokenType == JsonTokenType.String)
                        {
                            var text = TryGetString(ref reader);
                            if (member == 0)
                            {
                                argumentName = text;
                            }
                            else
                            {
                                argumentValue = text;
                            }
                        }

                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("context"u8))
                {
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    var contextJson = parameters.Slice(start, (int)reader.BytesConsumed - start);
                    if (contextJson[0] == (byte)'{' && !TryReadStringMap(contextJson, "arguments"u8, out contextArguments, out var contextProblem))
                    {
                        problem = "context: " + contextProblem;
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        var isPrompt = refType == "ref/prompt";
        problem ??= refType is null || refName is null
            ? "completion/complete needs \"ref\" with \"type\" and \"name\" (ref/prompt) or \"uri\" (ref/resource)"
            : !isPrompt && refType != "ref/resource"
                ? $"unknown reference type '{Truncate(refType)}' (ref/prompt or ref/resource)"
                : argumentName is null || argumentValue is null
                    ? "completion/complete needs \"argument\" with \"name\" and \"value\" (strings)"
                    : null;
        if (problem is not null)
        {
            SendError(reply, id, McpErrorCodes.InvalidParams, "Invalid params: " + problem);
            return;
        }

        var request = new CompletionRequest
        {
            IsPrompt = isPrompt,
            Reference = refName!,
            ArgumentName = argumentName!,
            Value = argumentValue!,
            ContextArguments = contextArguments,
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
            FailRequest(reply, id, ex);
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
        string? value = null;
        if (!parameters.IsEmpty)
        {
            var reader = new Utf8JsonReader(parameters);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals(name);
                reader.Read();
                if (match && reader.TokenType == JsonTokenType.String)
                {
                    value = TryGetString(ref reader);
                }

                reader.Skip();
            }
        }

        if (value is null)
        {
            SendError(reply, id, McpErrorCodes.InvalidParams, $"Invalid params: {method} needs \"{System.Text.Encoding.UTF8.GetString(name)}\" (a string)");
        }

        return value;
    }

    /// <summary>Reads member <paramref name="name"/> of an object as a map of strings (absent or null: empty).</summary>
    private static bool TryReadStringMap(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name, out IReadOnlyDictionary<string, string> map, out string? problem)
    {
        map = NoArguments;
        problem = null;
        if (json.IsEmpty)
        {
            return true;
        }

        var memberName = System.Text.Encoding.UTF8.GetString(name);
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            reader.Read();
            if (!match || reader.TokenType == JsonTokenType.Null)
            {
                reader.Skip();
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                problem = $"\"{memberName}\" must be an object of strings";
                return false;
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = TryGetString(ref reader);
                reader.Read();
                var value = reader.TokenType == JsonTokenType.String ? TryGetString(ref reader) : null;
                if (key is null || value is null)
                {
                    problem = $"{memberName} '{Truncate(key ?? "?")}' must be a string";
                    return false;
                }

                values[key] = value;
            }

            map = values;
        }

        return true;
    }

    /// <summary>The <c>_meta.progressToken</c> of a request as sent, or empty when there is none usable.</summary>
    private static ReadOnlySpan<byte> ProgressTokenOf(ReadOnlySpan<byte> parameters)
    {
        if (parameters.IsEmpty)
        {
            return default;
        }

        var reader = new Utf8JsonReader(parameters);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMeta = reader.ValueTextEquals("_meta"u8);
            reader.Read();
            if (isMeta && reader.TokenType == JsonTokenType.StartObject)
            {
                int count = 0, start = -1, length = 0;
                ReadProgressToken(ref reader, ref count, ref start, ref length);
                return count == 1 && start >= 0 ? parameters.Slice(start, length) : default;
            }

            reader.Skip();
        }

        return default;
    }
}
