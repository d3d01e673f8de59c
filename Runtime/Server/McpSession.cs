using System.Text;
using System.Text.Json;
using PForge.Runtime.Diagnostics;
using PForge.Runtime.Protocol;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Server;

/// <summary>
/// One MCP session: reads each incoming message, answers it through the sink, and tracks calls still running.
/// <see cref="HandleMessage"/> is called by one transport loop at a time; responses of asynchronous calls may
/// be sent from other threads.
/// </summary>
public sealed class McpSession
{
    /// <summary>Longest tool name looked up; longer names cannot match (tool names are at most 64 characters).</summary>
    private const int MaxToolNameChars = 128;

    private readonly McpServerDefinition _definition;
    private readonly MessageSink _sink;
    private readonly ServerLog _log;

    // Shared by every call that came without a progress token: such a call allocates no channel of its own.
    private readonly CallChannel _channel;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ToolContext> _running = new(StringComparer.Ordinal);
    private readonly HashSet<Task> _pending = [];
    private bool _initialized;

    public McpSession(McpServerDefinition definition, MessageSink sink, ServerLog? log = null)
    {
        _definition = definition ?? throw new ArgumentNullException(nameof(definition));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _log = log ?? ServerLog.Silent;
        _channel = new CallChannel(_log);
    }

    /// <summary>The server definition this session serves.</summary>
    public McpServerDefinition Definition => _definition;

    /// <summary>The revision agreed at initialize, or null before it.</summary>
    public string? ProtocolVersion { get; private set; }

    /// <summary>
    /// Handles one incoming message: a request gets exactly one response (now or when its call ends); a notification or
    /// a response never gets one. A handler's synchronous part runs here, on the input loop, which waits for it (by
    /// design, for speed): a handler that blocks should go async.
    /// </summary>
    public void HandleMessage(ReadOnlySpan<byte> message) => HandleMessage(message, _sink);

    /// <summary>
    /// Handles one incoming message whose response, and every message sent while it runs (progress, logging, requests
    /// to the client), go to <paramref name="replySink"/>: Streamable HTTP gives each POST its own.
    /// </summary>
    public void HandleMessage(ReadOnlySpan<byte> message, MessageSink replySink)
    {
        if (!JsonRpcReader.TryRead(message, out var envelope, out var error))
        {
            if (envelope.IsNotification || envelope.IsResponse)
            {
                // JSON-RPC answers neither, however malformed: the peer expects nothing and could match nothing.
                _log.Debug($"ignored an invalid {(envelope.IsResponse ? "response" : "notification")}: {error.Message}");
                return;
            }

            _log.Debug($"rejected message: {error.Message}");
            SendError(envelope.Id, error.Code, error.Message);
            return;
        }

        try
        {
            Dispatch(envelope);
        }
        catch (Exception ex)
        {
            // A fault of the server itself (a definition, an output writer, a log): answer it and keep serving.
            if (envelope.HasId && !envelope.IsResponse)
            {
                FailRequest(envelope.Id, ex);
            }
            else
            {
                _log.Error($"{(envelope.IsResponse ? "response" : "notification " + Encoding.UTF8.GetString(envelope.Method))} failed: {ex}");
            }
        }
    }

    private void Dispatch(in JsonRpcEnvelope envelope)
    {
        if (envelope.IsResponse)
        {
            // This server sends no requests yet, so any response is to nothing of ours: drop it.
            _log.Debug("ignored a response to a request this server never sent");
            return;
        }

        if (!envelope.HasId)
        {
            HandleNotification(envelope);
            return;
        }

        if (IsInUse(envelope.Id))
        {
            SendError(envelope.Id, McpErrorCodes.InvalidRequest,
                $"Invalid request: id {Encoding.UTF8.GetString(envelope.Id)} is already in use by a running request");
            return;
        }

        var method = envelope.Method;
        if (method.SequenceEqual(McpMethods.ToolsCall))
        {
            if (RequireInitialized(envelope.Id))
            {
                CallTool(envelope.Id, envelope.Params);
            }
        }
        else if (method.SequenceEqual(McpMethods.ToolsList))
        {
            if (RequireInitialized(envelope.Id))
            {
                ListTools(envelope.Id, envelope.Params);
            }
        }
        else if (method.SequenceEqual(McpMethods.Ping))
        {
            SendRawResult(envelope.Id, "{}"u8);
        }
        else if (method.SequenceEqual(McpMethods.Initialize))
        {
            Initialize(envelope.Id, envelope.Params);
        }
        else
        {
            SendError(envelope.Id, McpErrorCodes.MethodNotFound, "Method not found: " + Encoding.UTF8.GetString(method));
        }
    }

    /// <summary>
    /// Ends the session's calls: first lets them finish and answer for up to <paramref name="grace"/>, then cancels the
    /// rest and waits for them (at most <paramref name="timeout"/>). True when none is left running.
    /// </summary>
    public async Task<bool> DrainAsync(TimeSpan timeout, TimeSpan grace = default)
    {
        if (grace > TimeSpan.Zero && await WhenPendingDoneAsync(grace).ConfigureAwait(false))
        {
            return true;
        }

        ToolContext[] running;
        lock (_gate)
        {
            running = [.. _running.Values];
        }

        foreach (var context in running)
        {
            CancelCall(context, atShutdown: true);
        }

        if (await WhenPendingDoneAsync(timeout).ConfigureAwait(false))
        {
            return true;
        }

        _log.Warning($"call(s) still running {timeout.TotalSeconds:0.#} s after being cancelled; leaving them");
        return false;
    }

    private async Task<bool> WhenPendingDoneAsync(TimeSpan timeout)
    {
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _pending];
        }

        try
        {
            await Task.WhenAll(pending).WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private void HandleNotification(in JsonRpcEnvelope envelope)
    {
        var method = envelope.Method;
        if (method.SequenceEqual(McpMethods.Cancelled))
        {
            CancelRequest(envelope.Params);
        }
        else if (method.SequenceEqual(McpMethods.Initialized))
        {
            _log.Debug("client initialized");
        }
        else
        {
            // Unknown notifications are ignored, as JSON-RPC asks.
            _log.Debug("ignored notification " + Encoding.UTF8.GetString(method));
        }
    }

    /// <summary>True when a call still running has this id (the sender must not reuse it until the call ends).</summary>
    private bool IsInUse(ReadOnlySpan<byte> id)
    {
        lock (_gate)
        {
            // Checked first so that a request with nothing running builds no key.
            return _running.Count > 0 && _running.ContainsKey(IdKey(id));
        }
    }

    private bool RequireInitialized(ReadOnlySpan<byte> id)
    {
        if (_initialized)
        {
            return true;
        }

        SendError(id, McpErrorCodes.InvalidRequest, "Invalid request: the session is not initialized; send \"initialize\" first");
        return false;
    }

    private void Initialize(ReadOnlySpan<byte> id, ReadOnlySpan<byte> parameters)
    {
        if (_initialized)
        {
            SendError(id, McpErrorCodes.InvalidRequest, "Invalid request: the session is already initialized");
            return;
        }

        string? requested = null;
        if (!parameters.IsEmpty)
        {
            var reader = new Utf8JsonReader(parameters);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isVersion = reader.ValueTextEquals("protocolVersion"u8);
                reader.Read();
                if (isVersion && reader.TokenType == JsonTokenType.String)
                {
                    requested = TryGetString(ref reader);
                }

                reader.Skip();
            }
        }

        if (requested is null)
        {
            SendError(id, McpErrorCodes.InvalidParams, "Invalid params: initialize needs \"protocolVersion\" (a string)");
            return;
        }

        var version = ProtocolVersions.Negotiate(requested);
        ProtocolVersion = version;
        _initialized = true;
        _log.Info($"initialized: client asked for {requested}, serving {version}");

        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        WriteResponseStart(writer, id);
        writer.WritePropertyName("result"u8);
        writer.WriteStartObject();
        writer.WriteString("protocolVersion"u8, version);
        writer.WritePropertyName("capabilities"u8);
        writer.WriteRawValue(_definition.CapabilitiesJson, skipInputValidation: true);
        writer.WritePropertyName("serverInfo"u8);
        writer.WriteRawValue(_definition.ServerInfoJson, skipInputValidation: true);
        if (_definition.Instructions is { } instructions)
        {
            writer.WriteString("instructions"u8, instructions);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        _sink.Send(scratch.WrittenSpan);
    }

    private void ListTools(ReadOnlySpan<byte> id, ReadOnlySpan<byte> parameters)
    {
        if (!parameters.IsEmpty && HasMember(parameters, "cursor"u8))
        {
            // Every tool fits on the first page, so no cursor was ever handed out.
            SendError(id, McpErrorCodes.InvalidParams, "Invalid params: unknown cursor");
            return;
        }

        SendRawResult(id, _definition.ToolsListJson);
    }

    private void CallTool(ReadOnlySpan<byte> id, ReadOnlySpan<byte> parameters)
    {
        Span<char> name = stackalloc char[MaxToolNameChars];
        var nameLength = -1;
        var arguments = "{}"u8;
        var badArguments = false;
        var nameTooLong = false;
        var names = 0;
        var argumentMembers = 0;
        string? longName = null;
        var progressTokens = 0;
        var progressTokenStart = -1;
        var progressTokenLength = 0;

        if (!parameters.IsEmpty)
        {
            var reader = new Utf8JsonReader(parameters);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("name"u8))
                {
                    names++;
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
                        if (length <= MaxToolNameChars)
                        {
                            nameLength = TryCopyString(ref reader, name);
                        }
                        else
                        {
                            longName = TryGetString(ref reader);
                            nameTooLong = longName is not null;
                        }
                    }
                }
                else if (reader.ValueTextEquals("arguments"u8))
                {
                    argumentMembers++;
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        arguments = parameters.Slice(start, (int)reader.BytesConsumed - start);
                    }
                    else if (reader.TokenType != JsonTokenType.Null)
                    {
                        badArguments = true;
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("_meta"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadProgressToken(ref reader, ref progressTokens, ref progressTokenStart, ref progressTokenLength);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        // Which one would count is anyone's guess, as for a duplicate argument or envelope member.
        if (names > 1)
        {
            SendError(id, McpErrorCodes.InvalidParams, "Invalid params: \"name\" is given more than once");
            return;
        }

        if (argumentMembers > 1)
        {
            SendError(id, McpErrorCodes.InvalidParams, "Invalid params: \"arguments\" is given more than once");
            return;
        }

        if (nameTooLong)
        {
            SendError(id, McpErrorCodes.InvalidParams, $"Unknown tool: '{Truncate(longName!)}'");
            return;
        }

        if (nameLength < 0)
        {
            SendError(id, McpErrorCodes.InvalidParams, "Invalid params: tools/call needs \"name\" (a string)");
            return;
        }

        if (badArguments)
        {
            SendError(id, McpErrorCodes.InvalidParams, "Invalid params: \"arguments\" must be an object");
            return;
        }

        var toolName = name[..nameLength];
        var tool = _definition.FindTool(toolName);
        if (tool < 0)
        {
            SendError(id, McpErrorCodes.InvalidParams, $"Unknown tool: '{Truncate(toolName.ToString())}'");
            return;
        }

        // A token given twice is ambiguous: the call then reports no progress, as for a token of the wrong type.
        var context = progressTokens == 1 && progressTokenStart >= 0
            ? new ToolContext(new CallChannel(_sink, _log, parameters.Slice(progressTokenStart, progressTokenLength).ToArray()))
            : new ToolContext(_channel);
        ValueTask<ToolResult> pending;
        try
        {
            pending = _definition.CallToolAsync(tool, arguments, context);
        }
        catch (Exception ex)
        {
            // Generated code turns handler failures into results; this guards against a fault in the registry itself.
            _log.Error($"tool '{toolName}' failed outside its handler: {ex}");
            pending = new ValueTask<ToolResult>(ToolResult.FromException(ex));
        }

        if (pending.IsCompletedSuccessfully)
        {
            context.Complete();
            SendToolResult(id, pending.Result);
            return;
        }

        var key = IdKey(id);
        var idCopy = id.ToArray();
        lock (_gate)
        {
            // Free: a request whose id is in use was refused before it got here.
            _running.Add(key, context);
        }

        var completion = CompleteCallAsync(idCopy, key, context, pending);
        if (!completion.IsCompleted)
        {
            lock (_gate)
            {
                _pending.Add(completion);
            }
        }
    }

    private async Task CompleteCallAsync(byte[] id, string key, ToolContext context, ValueTask<ToolResult> pending)
    {
        var result = await ToolResult.FromPending(pending).ConfigureAwait(false);

        // No progress may follow the response (nor come after a cancellation: Cancel closed the channel already).
        context.Complete();
        lock (_gate)
        {
            // Only this call's own entry, never one that now holds the same key.
            if (_running.TryGetValue(key, out var current) && current == context)
            {
                _running.Remove(key);
            }
        }

        try
        {
            if (context.IsCancelled)
            {
                // A cancelled request expects no response (from the client's cancellation or the end of the session).
                var by = context.CancelledAtShutdown ? "at shutdown" : "by the client";
                _log.Debug($"call {Encoding.UTF8.GetString(id)} cancelled {by}; response dropped");
            }
            else
            {
                SendToolResult(id, result);
            }
        }
        catch (Exception ex)
        {
            FailRequest(id, ex);
        }

        lock (_gate)
        {
            _pending.RemoveWhere(static task => task.IsCompleted);
        }
    }

    /// <summary>
    /// Reads a <c>_meta</c> object (the reader on its start) up to its end, noting where a usable
    /// <c>progressToken</c> is: a string or an integer, as the specification allows; anything else is ignored.
    /// </summary>
    private static void ReadProgressToken(ref Utf8JsonReader reader, ref int count, ref int start, ref int length)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isToken = reader.ValueTextEquals("progressToken"u8);
            reader.Read();
            if (isToken)
            {
                count++;
                start = -1;
                var usable = reader.TokenType switch
                {
                    // A string that does not decode could not be sent back as valid JSON text.
                    JsonTokenType.String => TryGetString(ref reader) is not null,
                    JsonTokenType.Number => reader.TryGetInt64(out _),
                    _ => false,
                };
                if (usable)
                {
                    start = (int)reader.TokenStartIndex;
                    length = (int)reader.BytesConsumed - start;
                }
            }

            reader.Skip();
        }
    }

    private void CancelRequest(ReadOnlySpan<byte> parameters)
    {
        if (parameters.IsEmpty)
        {
            return;
        }

        string? key = null;
        var reader = new Utf8JsonReader(parameters);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isRequestId = reader.ValueTextEquals("requestId"u8);
            reader.Read();
            if (isRequestId)
            {
                var start = (int)reader.TokenStartIndex;
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
                {
                    key = IdKey(parameters.Slice(start, (int)reader.BytesConsumed - start));
                }
            }

            reader.Skip();
        }

        ToolContext? context = null;
        lock (_gate)
        {
            if (key is not null)
            {
                _running.TryGetValue(key, out context);
            }
        }

        // Unknown or finished ids are ignored, as the specification asks.
        if (context is not null)
        {
            CancelCall(context, atShutdown: false);
        }
    }

    /// <summary>Cancels a call; its handler's callbacks run here, and one that throws must not end the session.</summary>
    private void CancelCall(ToolContext context, bool atShutdown)
    {
        try
        {
            context.Cancel(atShutdown);
        }
        catch (Exception ex)
        {
            _log.Error($"a cancellation callback of a tool call failed: {ex}");
        }
    }

    /// <summary>Answers a request the server failed to handle (not a handler's failure: that is an error result).</summary>
    private void FailRequest(ReadOnlySpan<byte> id, Exception ex)
    {
        _log.Error($"request {Encoding.UTF8.GetString(id)} failed: {ex}");
        SendError(id, McpErrorCodes.InternalError, "Internal error: " + ex.Message);
    }

    private void SendToolResult(ReadOnlySpan<byte> id, in ToolResult result)
    {
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        WriteResponseStart(writer, id);
        writer.WritePropertyName("result"u8);
        result.WriteTo(writer);
        writer.WriteEndObject();
        _sink.Send(scratch.WrittenSpan);
    }

    private void SendRawResult(ReadOnlySpan<byte> id, ReadOnlySpan<byte> result)
    {
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        WriteResponseStart(writer, id);
        writer.WritePropertyName("result"u8);
        writer.WriteRawValue(result, skipInputValidation: true);
        writer.WriteEndObject();
        _sink.Send(scratch.WrittenSpan);
    }

    private void SendError(ReadOnlySpan<byte> id, int code, string message)
    {
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        WriteResponseStart(writer, id);
        writer.WritePropertyName("error"u8);
        writer.WriteStartObject();
        writer.WriteNumber("code"u8, code);
        writer.WriteString("message"u8, message);
        writer.WriteEndObject();
        writer.WriteEndObject();
        _sink.Send(scratch.WrittenSpan);
    }

    private static void WriteResponseStart(Utf8JsonWriter writer, ReadOnlySpan<byte> id)
    {
        writer.WriteStartObject();
        writer.WriteString("jsonrpc"u8, "2.0"u8);
        writer.WritePropertyName("id"u8);
        if (id.IsEmpty)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteRawValue(id, skipInputValidation: true);
        }
    }

    private static bool HasMember(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            reader.Read();
            if (match && reader.TokenType != JsonTokenType.Null)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    /// <summary>A key equal for equal ids: strings by their unescaped text, integers by their digits.</summary>
    private static string IdKey(ReadOnlySpan<byte> rawId)
    {
        if (rawId[0] == (byte)'"')
        {
            var reader = new Utf8JsonReader(rawId);
            reader.Read();

            // A string that is not valid Unicode still identifies its request: key it by its bytes as sent.
            return TryGetString(ref reader) is { } text ? "s:" + text : "b:" + Convert.ToHexString(rawId);
        }

        return "n:" + Encoding.UTF8.GetString(rawId);
    }

    /// <summary>
    /// The text of the string token at the reader, or null when it is not valid Unicode: invalid UTF-8 or a lone
    /// surrogate escape pass the reader's syntax check and only fail when decoded, which must not end the session.
    /// </summary>
    private static string? TryGetString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Like <see cref="TryGetString"/> without allocating: the length copied, or -1 when not valid Unicode.</summary>
    private static int TryCopyString(ref Utf8JsonReader reader, scoped Span<char> destination)
    {
        try
        {
            return reader.CopyString(destination);
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 80), "…");

    /// <summary>
    /// Treats the session as initialized at <paramref name="protocolVersion"/> without an initialize request: the
    /// stateless HTTP mode serves each request in a fresh session.
    /// </summary>
    public void AssumeInitialized(string protocolVersion)
    {
        ProtocolVersion = ProtocolVersions.Negotiate(protocolVersion);
        _initialized = true;
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
        _ = uri;
    }
}
