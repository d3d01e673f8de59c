using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using PForge.Runtime.Client;
using PForge.Runtime.Protocol;
using PForge.Runtime.Protocol.Messages;
using PForge.Runtime.Telemetry;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Server;

/// <summary>
/// One MCP session: reads each incoming message, answers it through the sink, and tracks calls still running.
/// <see cref="HandleMessage(ReadOnlySpan{byte})"/> may be called from several threads at once (Streamable HTTP serves
/// concurrent POSTs of one session); responses of asynchronous calls may be sent from other threads.
/// </summary>
public sealed partial class McpSession : INotifiedSession
{
    private readonly McpServerDefinition _definition;
    private readonly MessageSink _sink;
    private readonly ServerLog _log;

    // Shared by every call that came without a progress token: such a call allocates no channel of its own.
    private readonly CallChannel _channel;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ToolContext> _running = new(StringComparer.Ordinal);
    private ToolContext? _spareContext;
    private readonly HashSet<Task> _pending = [];
    private readonly HashSet<string> _subscriptions = new(StringComparer.Ordinal);
    private readonly Dictionary<long, TaskCompletionSource<byte[]>> _outgoing = [];
    private long _lastOutgoingId;
    private int _minimumLogLevel;
    private bool _initialized;
    private bool _ended;

    public McpSession(McpServerDefinition definition, MessageSink sink, ServerLog? log = null)
    {
        _definition = definition ?? throw new ArgumentNullException(nameof(definition));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _log = log ?? ServerLog.Silent;
        _channel = new CallChannel(this, sink, _log, progressToken: null, shared: true);
    }

    /// <summary>The server definition this session serves.</summary>
    public McpServerDefinition Definition => _definition;

    /// <summary>True when the client declared <c>sampling</c> at initialize.</summary>
    public bool ClientCanSample { get; private set; }

    /// <summary>True when the client declared <c>elicitation</c> at initialize.</summary>
    public bool ClientCanElicit { get; private set; }

    /// <summary>True when the client declared <c>roots</c> at initialize.</summary>
    public bool ClientCanListRoots { get; private set; }

    /// <summary>The lowest level of <c>notifications/message</c> sent: everything until the client sets one.</summary>
    public LogLevel MinimumLogLevel => (LogLevel)Volatile.Read(ref _minimumLogLevel);

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
            SendError(replySink, envelope.Id, error.Code, error.Message);
            return;
        }

        try
        {
            Dispatch(envelope, replySink);
        }
        catch (Exception ex)
        {
            Fail(envelope, replySink, ex);
        }
    }

    /// <summary>A fault of the server itself (a definition, an output writer, a log): answered, and the session serves on.</summary>
    private void Fail(in JsonRpcEnvelope envelope, MessageSink reply, Exception ex)
    {
        if (envelope.HasId && !envelope.IsResponse)
        {
            FailRequest(reply, envelope.Id, ex);
        }
        else
        {
            _log.Error($"{(envelope.IsResponse ? "response" : "notification " + Encoding.UTF8.GetString(envelope.Method))} failed: {ex}");
        }
    }

    private void Dispatch(in JsonRpcEnvelope envelope, MessageSink reply)
    {
        if (envelope.IsResponse)
        {
            HandleClientResponse(envelope);
            return;
        }

        if (!envelope.HasId)
        {
            HandleNotification(envelope);
            return;
        }

        // A tools/call of an initialized session is told apart in CallTool, from the _meta its parse meets: the hot
        // request of the handshake era pays nothing here (perf gate). Every other request is checked now.
        var method = envelope.Method;
        var parameters = envelope.Params;
        var isToolsCall = method.SequenceEqual(McpMethods.ToolsCall);
        if (!(isToolsCall && _initialized)
            && (method.SequenceEqual(McpMethods.ServerDiscover) || RequestMeta.MayBePresent(parameters))
            && TryDispatchModern(method, envelope.Id, parameters, reply))
        {
            return;
        }

        var id = envelope.Id;
        if (IsInUse(id))
        {
            SendError(reply, id, McpErrorCodes.InvalidRequest,
                $"Invalid request: id {Encoding.UTF8.GetString(id)} is already in use by a running request");
            return;
        }

        if (isToolsCall)
        {
            if (RequireInitialized(reply, id))
            {
                CallTool(reply, id, parameters, envelope.ToolCall);
            }
        }
        else if (method.SequenceEqual(McpMethods.ToolsList))
        {
            if (RequireInitialized(reply, id))
            {
                SendPage(reply, id, parameters, _definition.ToolsListJson, ListKind.Tools);
            }
        }
        else if (method.SequenceEqual(McpMethods.Ping))
        {
            SendRawResult(reply, id, "{}"u8);
        }
        else if (method.SequenceEqual(McpMethods.Initialize))
        {
            Initialize(reply, id, parameters);
        }
        else if (!IsSessionMethod(method))
        {
            SendError(reply, id, McpErrorCodes.MethodNotFound, "Method not found: " + Encoding.UTF8.GetString(method));
        }
        else if (!RequireInitialized(reply, id))
        {
            return;
        }
        else if (method.SequenceEqual(McpMethods.ResourcesList))
        {
            SendPage(reply, id, parameters, _definition.ResourcesListJson, ListKind.Resources);
        }
        else if (method.SequenceEqual(McpMethods.ResourceTemplatesList))
        {
            SendPage(reply, id, parameters, _definition.ResourceTemplatesListJson, ListKind.ResourceTemplates);
        }
        else if (method.SequenceEqual(McpMethods.ResourcesRead))
        {
            ReadResource(reply, id, parameters);
        }
        else if (method.SequenceEqual(McpMethods.ResourcesSubscribe))
        {
            Subscribe(reply, id, parameters, subscribe: true);
        }
        else if (method.SequenceEqual(McpMethods.ResourcesUnsubscribe))
        {
            Subscribe(reply, id, parameters, subscribe: false);
        }
        else if (method.SequenceEqual(McpMethods.PromptsList))
        {
            SendPage(reply, id, parameters, _definition.PromptsListJson, ListKind.Prompts);
        }
        else if (method.SequenceEqual(McpMethods.PromptsGet))
        {
            GetPrompt(reply, id, parameters);
        }
        else if (method.SequenceEqual(McpMethods.CompletionComplete))
        {
            Complete(reply, id, parameters);
        }
        else if (method.SequenceEqual(McpMethods.LoggingSetLevel))
        {
            SetLevel(reply, id, parameters);
        }
        else
        {
            SendError(reply, id, McpErrorCodes.MethodNotFound, "Method not found: " + Encoding.UTF8.GetString(method));
        }
    }

    /// <summary>The methods besides tools/call, tools/list, ping and initialize; an unknown one is never "not initialized".</summary>
    private static bool IsSessionMethod(ReadOnlySpan<byte> method) =>
        method.SequenceEqual(McpMethods.ResourcesList) || method.SequenceEqual(McpMethods.ResourceTemplatesList)
        || method.SequenceEqual(McpMethods.ResourcesRead) || method.SequenceEqual(McpMethods.ResourcesSubscribe)
        || method.SequenceEqual(McpMethods.ResourcesUnsubscribe) || method.SequenceEqual(McpMethods.PromptsList)
        || method.SequenceEqual(McpMethods.PromptsGet) || method.SequenceEqual(McpMethods.CompletionComplete)
        || method.SequenceEqual(McpMethods.LoggingSetLevel);

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

    /// <summary>True while a call of this session still runs (was answered later than it was handled).</summary>
    public bool HasPending
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count > 0 || _running.Count > 0;
            }
        }
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

    private bool RequireInitialized(MessageSink reply, ReadOnlySpan<byte> id)
    {
        if (_initialized)
        {
            return true;
        }

        SendError(reply, id, McpErrorCodes.InvalidRequest, "Invalid request: the session is not initialized; send \"initialize\" first");
        return false;
    }

    private void Initialize(MessageSink reply, ReadOnlySpan<byte> id, ReadOnlySpan<byte> parameters)
    {
        if (_initialized)
        {
            SendError(reply, id, McpErrorCodes.InvalidRequest, "Invalid request: the session is already initialized");
            return;
        }

        var initialize = InitializeParams.Read(parameters);
        var requested = initialize.ProtocolVersion;
        ClientCanSample |= initialize.CanSample;
        ClientCanElicit |= initialize.CanElicit;
        ClientCanListRoots |= initialize.CanListRoots;
        if (requested is null)
        {
            SendError(reply, id, McpErrorCodes.InvalidParams, "Invalid params: initialize needs \"protocolVersion\" (a string)");
            return;
        }

        var version = ProtocolVersions.Negotiate(requested);
        lock (_gate)
        {
            // Two initialize requests at once (concurrent HTTP POSTs): the first one wins.
            if (_initialized)
            {
                SendError(reply, id, McpErrorCodes.InvalidRequest, "Invalid request: the session is already initialized");
                return;
            }

            ProtocolVersion = version;
            _initialized = true;
        }

        _definition.Notifications.Add(this);
        _log.Info($"initialized: client asked for {requested}, serving {version}");
        if (_log.IsEnabled(ServerLogLevel.Debug))
        {
            // For the benchmark harness: what the server holds once it is ready (a full collection, at debug level only).
            _log.Debug($"managed heap after initialize: {GC.GetTotalMemory(forceFullCollection: true)} bytes");
        }

        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        JsonRpcWriter.WriteResponseStart(writer, id);
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
        reply.SendResponse(scratch.WrittenSpan);
    }

    // The name buffer is written before it is read: zeroing its 256 bytes cost ~60 instructions a call (perf gate).
    [SkipLocalsInit]
    private void CallTool(MessageSink reply, ReadOnlySpan<byte> id, ReadOnlySpan<byte> parameters, in CallToolScan scan = default)
    {
        Span<char> name = stackalloc char[CallToolParams.MaxNameChars];
        var call = CallToolParams.Read(parameters, scan, name);

        // A call of revision 2026-07-28 on an initialized session (Dispatch left it to this parse).
        if (call.HasMeta && reply is not ModernReplySink && RequestMeta.MayBePresent(parameters) && TryDispatchModern(McpMethods.ToolsCall, id, parameters, reply))
        {
            return;
        }

        // Which one would count is anyone's guess, as for a duplicate argument or envelope member.
        if (call.NameCount > 1)
        {
            SendError(reply, id, McpErrorCodes.InvalidParams, "Invalid params: \"name\" is given more than once");
            return;
        }

        if (call.ArgumentsCount > 1)
        {
            SendError(reply, id, McpErrorCodes.InvalidParams, "Invalid params: \"arguments\" is given more than once");
            return;
        }

        if (call.LongName is { } longName)
        {
            SendError(reply, id, McpErrorCodes.InvalidParams, $"Unknown tool: '{Truncate(longName)}'");
            return;
        }

        if (call.NameLength < 0)
        {
            SendError(reply, id, McpErrorCodes.InvalidParams, "Invalid params: tools/call needs \"name\" (a string)");
            return;
        }

        if (call.BadArguments)
        {
            SendError(reply, id, McpErrorCodes.InvalidParams, "Invalid params: \"arguments\" must be an object");
            return;
        }

        var toolName = name[..call.NameLength];
        var tool = _definition.FindTool(toolName);
        if (tool < 0)
        {
            SendError(reply, id, McpErrorCodes.InvalidParams, $"Unknown tool: '{Truncate(toolName.ToString())}'");
            return;
        }

        if (reply is ModernReplySink modern && _definition.IsTaskTool(tool) && !TaskOrInline(modern, id, tool, toolName, call.Arguments))
        {
            return;
        }

        // A token given twice is ambiguous: the call then reports no progress, as for a token of the wrong type.
        var context = NewContext(reply, call.ProgressToken);

        // Timed only when a listener, or the debug log, wants it: a server nobody watches pays one check.
        var observation = PForgeTelemetry.IsCallObserved || _log.IsEnabled(ServerLogLevel.Debug) ? StartObservation(tool, toolName) : null;
        ValueTask<ToolResult> pending;
        try
        {
            pending = _definition.CallToolAsync(tool, call.Arguments, context);
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
            observation?.End(pending.Result.IsError, _log);
            SendToolResult(reply, id, pending.Result, context);
            Recycle(context);
            return;
        }

        Track(reply, id, context, observation is null ? ToolResult.FromPending(pending) : ObserveAsync(pending, observation), WriteToolResult);
    }

    /// <summary>
    /// A context for one request: the session's shared channel when nothing of it is the request's own, in a context
    /// a synchronous call gave back when there is one (so that a call allocates none).
    /// </summary>
    private ToolContext NewContext(MessageSink reply, ReadOnlySpan<byte> progressToken)
    {
        var context = NewChannelContext(reply, progressToken);
        context.User = reply.User;
        return context;
    }

    private ToolContext NewChannelContext(MessageSink reply, ReadOnlySpan<byte> progressToken)
    {
        if (progressToken.IsEmpty)
        {
            if (reply == _sink)
            {
                return Interlocked.Exchange(ref _spareContext, null) ?? new ToolContext(_channel);
            }

            if (IsCommonModernSink(reply))
            {
                return Interlocked.Exchange(ref _spareModernContext, null) ?? new ToolContext(ModernChannel((ModernReplySink)reply));
            }
        }

        return new ToolContext(new CallChannel(this, reply, _log, progressToken.IsEmpty ? null : progressToken.ToArray(), shared: false));
    }

    /// <summary>Keeps the context of a call that ended synchronously for the next one, unless the call left a mark on it.</summary>
    private void Recycle(ToolContext context)
    {
        if (context.IsUnused(_channel))
        {
            Volatile.Write(ref _spareContext, context);
        }
        else if (_modernChannel is { } modern && context.IsUnused(modern))
        {
            Volatile.Write(ref _spareModernContext, context);
        }
    }

    /// <summary>
    /// Keeps a request that did not finish synchronously: cancellable by its id until it ends, drained at the end of
    /// the session, answered through <paramref name="write"/> (or with the error a failure names).
    /// </summary>
    private void Track<T>(MessageSink reply, ReadOnlySpan<byte> id, ToolContext context, ValueTask<T> pending, Action<Utf8JsonWriter, T> write)
    {
        var key = IdKey(id);
        var idCopy = id.ToArray();
        lock (_gate)
        {
            // Free, unless a concurrent request (HTTP) took the same id since the check: that one alone is cancellable then.
            _running.TryAdd(key, context);
        }

        var completion = CompleteAsync(reply, idCopy, key, context, pending, write);
        if (!completion.IsCompleted)
        {
            lock (_gate)
            {
                _pending.Add(completion);
            }
        }
    }

    private async Task CompleteAsync<T>(MessageSink reply, byte[] id, string key, ToolContext context, ValueTask<T> pending, Action<Utf8JsonWriter, T> write)
    {
        T? result = default;
        Exception? failure = null;
        try
        {
            result = await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        // Nothing of the call may follow the response (nor come after a cancellation: Cancel closed the channel already).
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
            else if (failure is not null)
            {
                FailRequest(reply, id, failure, context);
            }
            else
            {
                SendResult(reply, id, result!, write, context);
            }
        }
        catch (Exception ex)
        {
            FailRequest(reply, id, ex, context);
        }

        lock (_gate)
        {
            _pending.RemoveWhere(static task => task.IsCompleted);
        }
    }

    /// <summary>Answers a request a definition method handles: now when it finished, else when it does.</summary>
    private void Respond<T>(MessageSink reply, ReadOnlySpan<byte> id, ToolContext context, ValueTask<T> pending, Action<Utf8JsonWriter, T> write)
    {
        if (pending.IsCompletedSuccessfully)
        {
            context.Complete();
            SendResult(reply, id, pending.Result, write, context);
            Recycle(context);
            return;
        }

        Track(reply, id, context, pending, write);
    }

    private void CancelRequest(ReadOnlySpan<byte> parameters)
    {
        if (parameters.IsEmpty)
        {
            return;
        }

        var requestId = CancelledParams.RequestId(parameters);
        var key = requestId.IsEmpty ? null : IdKey(requestId);

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

    /// <summary>Answers a request the server failed to handle (not a tool's failure: that is an error result).</summary>
    private void FailRequest(MessageSink reply, ReadOnlySpan<byte> id, Exception ex, ToolContext? context = null)
    {
        if (TrySendInputRequired(reply, id, context))
        {
            return;
        }

        if (ex is McpException mcp)
        {
            // Revision 2026-07-28 names a missing resource Invalid params (-32002 before it).
            var code = mcp.Code == McpErrorCodes.ResourceNotFound && reply is ModernReplySink ? McpErrorCodes.InvalidParams : mcp.Code;
            SendError(reply, id, code, mcp.Message, mcp.ResourceUri);
            return;
        }

        _log.Error($"request {Encoding.UTF8.GetString(id)} failed: {ex}");
        SendError(reply, id, McpErrorCodes.InternalError, "Internal error: " + ex.Message);
    }

    private static void WriteToolResult(Utf8JsonWriter writer, ToolResult result)
    {
        result.WriteTo(writer);
        result.ReturnBuffer();
    }

    private void SendToolResult(MessageSink reply, ReadOnlySpan<byte> id, in ToolResult result, ToolContext context)
    {
        if (TrySendInputRequired(reply, id, context))
        {
            result.ReturnBuffer();
            return;
        }

        using var scratch = JsonScratch.Rent();
        if (result.IsPlain)
        {
            // The hot result as bytes: a JSON writer's checks per token cost more than the tool's own work (perf gate).
            RawJson.WriteResultStart(scratch.Buffer, id);
            result.WritePlain(scratch.Buffer);
            scratch.Buffer.Write("}"u8);
            result.ReturnBuffer();
            reply.SendResponse(scratch.WrittenSpan);
            return;
        }

        var writer = scratch.Writer;
        JsonRpcWriter.WriteResponseStart(writer, id);
        writer.WritePropertyName("result"u8);
        WriteToolResult(writer, result);
        writer.WriteEndObject();
        reply.SendResponse(scratch.WrittenSpan);
    }

    private void SendResult<T>(MessageSink reply, ReadOnlySpan<byte> id, T result, Action<Utf8JsonWriter, T> write, ToolContext context)
    {
        if (TrySendInputRequired(reply, id, context))
        {
            if (result is ToolResult tool)
            {
                tool.ReturnBuffer();
            }

            return;
        }

        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        JsonRpcWriter.WriteResponseStart(writer, id);
        writer.WritePropertyName("result"u8);
        write(writer, result);
        writer.WriteEndObject();
        reply.SendResponse(scratch.WrittenSpan);
    }

    private void SendRawResult(MessageSink reply, ReadOnlySpan<byte> id, ReadOnlySpan<byte> result)
    {
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        JsonRpcWriter.WriteResponseStart(writer, id);
        writer.WritePropertyName("result"u8);
        writer.WriteRawValue(result, skipInputValidation: true);
        writer.WriteEndObject();
        reply.SendResponse(scratch.WrittenSpan);
    }

    private void SendError(MessageSink reply, ReadOnlySpan<byte> id, int code, string message, string? uri = null)
    {
        using var scratch = JsonScratch.Rent();
        JsonRpcWriter.WriteError(scratch.Writer, id, code, message, uri);
        reply.SendResponse(scratch.WrittenSpan);
    }

    /// <summary>A key equal for equal ids: strings by their unescaped text, integers by their digits.</summary>
    private static string IdKey(ReadOnlySpan<byte> rawId)
    {
        if (rawId[0] == (byte)'"')
        {
            var reader = new Utf8JsonReader(rawId);
            reader.Read();

            // A string that is not valid Unicode still identifies its request: key it by its bytes as sent.
            return JsonText.TryGetString(ref reader) is { } text ? "s:" + text : "b:" + Convert.ToHexString(rawId);
        }

        return "n:" + Encoding.UTF8.GetString(rawId);
    }

    private static string Truncate(string text) => StringMap.Truncated(text);
}
