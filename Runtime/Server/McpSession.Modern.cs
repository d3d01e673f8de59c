using System.Text;
using System.Text.Json;
using PForge.Runtime.Client;
using PForge.Runtime.Protocol;
using PForge.Runtime.Protocol.Messages;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Server;

/// <summary>
/// Requests of revision 2026-07-28: each names its revision and the client's capabilities in <c>_meta</c> and is served
/// without a handshake; its result gets the revision's members (<see cref="ModernReplySink"/>).
/// </summary>
public sealed partial class McpSession
{
    /// <summary>How long a list or discovery result stays fresh: the lists are the server's own and change rarely.</summary>
    internal static readonly CacheHint ListCache = new(60_000, IsPublic: true);

    /// <summary>A read resource may change at any time and may be the caller's own: never fresh, never shared.</summary>
    internal static readonly CacheHint ReadCache = new(0, IsPublic: false);

    // For the session's own sink: the reply sinks of the common request (no log level, no capability, no input
    // responses), one per kind of result, and the channel their calls share, so that such a call allocates nothing.
    private ModernReplySink?[]? _modernSinks;
    private CallChannel? _modernChannel;
    private ToolContext? _spareModernContext;

    private enum ResultKind
    {
        Plain = 0,
        List = 1,
        Read = 2,
    }

    /// <summary>
    /// True when the request is of revision 2026-07-28 (or names an unknown revision in its <c>_meta</c>, or is
    /// <c>server/discover</c>): it is answered here. A request whose <c>_meta</c> names a handshake revision is served
    /// as one of that era.
    /// </summary>
    private bool TryDispatchModern(ReadOnlySpan<byte> method, ReadOnlySpan<byte> id, ReadOnlySpan<byte> parameters, MessageSink reply) =>
        TryDispatchModern(method, id, parameters, RequestMeta.Read(parameters), reply);

    /// <summary>
    /// Handles a request whose envelope and <c>_meta</c> the transport has read already (Streamable HTTP checks its
    /// headers against them), answering on the session's own sink: as <see cref="HandleMessage(ReadOnlySpan{byte})"/>
    /// would, without reading the message again.
    /// </summary>
    public void HandleRequest(in JsonRpcEnvelope envelope, in RequestMeta meta)
    {
        try
        {
            if (!envelope.HasId || envelope.IsResponse || !TryDispatchModern(envelope.Method, envelope.Id, envelope.Params, meta, _sink))
            {
                Dispatch(envelope, _sink);
            }
        }
        catch (Exception ex)
        {
            Fail(envelope, _sink, ex);
        }
    }

    private bool TryDispatchModern(ReadOnlySpan<byte> method, ReadOnlySpan<byte> id, ReadOnlySpan<byte> parameters, in RequestMeta meta, MessageSink reply)
    {
        var isDiscover = method.SequenceEqual(McpMethods.ServerDiscover);
        if (!meta.IsPresent && !isDiscover)
        {
            return false;
        }

        if (meta.Error is { } error)
        {
            SendError(reply, id, McpErrorCodes.InvalidParams, error);
            return true;
        }

        if (!meta.IsPresent)
        {
            SendError(reply, id, McpErrorCodes.InvalidParams, $"Invalid params: \"_meta\" needs \"{RequestMeta.VersionKey}\" (a string)");
            return true;
        }

        var version = meta.ProtocolVersion!;
        if (!ProtocolVersions.IsModern(version))
        {
            if (!isDiscover && Array.IndexOf(ProtocolVersions.Supported, version) >= 0)
            {
                return false;
            }

            using var scratch = JsonScratch.Rent();
            JsonRpcWriter.WriteUnsupportedVersion(scratch.Writer, id, version);
            reply.SendResponse(scratch.WrittenSpan);
            return true;
        }

        LogLevel? logLevel = null;
        if (meta.LogLevel is { } levelName)
        {
            logLevel = LogLevels.Parse(levelName);
            if (logLevel is null)
            {
                SendError(reply, id, McpErrorCodes.InvalidParams,
                    $"Invalid params: unknown \"_meta.{RequestMeta.LogLevelKey}\" '{Truncate(levelName)}' (debug, info, notice, warning, error, critical, alert or emergency)");
                return true;
            }
        }

        if (IsInUse(id))
        {
            SendError(reply, id, McpErrorCodes.InvalidRequest,
                $"Invalid request: id {Encoding.UTF8.GetString(id)} is already in use by a running request");
            return true;
        }

        if (isDiscover)
        {
            Discover(ModernReply(reply, ResultKind.List, meta, logLevel), id);
        }
        else if (method.SequenceEqual(McpMethods.ToolsCall))
        {
            if (InputReply(reply, id, "tools/call", parameters, meta, logLevel) is { } input)
            {
                CallTool(input, id, parameters);
            }
        }
        else if (method.SequenceEqual(McpMethods.ToolsList))
        {
            SendPage(ModernReply(reply, ResultKind.List, meta, logLevel), id, parameters, _definition.ToolsListJson, ListKind.Tools);
        }
        else if (method.SequenceEqual(McpMethods.ResourcesList))
        {
            SendPage(ModernReply(reply, ResultKind.List, meta, logLevel), id, parameters, _definition.ResourcesListJson, ListKind.Resources);
        }
        else if (method.SequenceEqual(McpMethods.ResourceTemplatesList))
        {
            SendPage(ModernReply(reply, ResultKind.List, meta, logLevel), id, parameters, _definition.ResourceTemplatesListJson, ListKind.ResourceTemplates);
        }
        else if (method.SequenceEqual(McpMethods.ResourcesRead))
        {
            if (InputReply(reply, id, "resources/read", parameters, meta, logLevel) is { } input)
            {
                ReadResource(input, id, parameters);
            }
        }
        else if (method.SequenceEqual(McpMethods.PromptsList))
        {
            SendPage(ModernReply(reply, ResultKind.List, meta, logLevel), id, parameters, _definition.PromptsListJson, ListKind.Prompts);
        }
        else if (method.SequenceEqual(McpMethods.PromptsGet))
        {
            if (InputReply(reply, id, "prompts/get", parameters, meta, logLevel) is { } input)
            {
                GetPrompt(input, id, parameters);
            }
        }
        else if (method.SequenceEqual(McpMethods.CompletionComplete))
        {
            Complete(ModernReply(reply, ResultKind.Plain, meta, logLevel), id, parameters);
        }
        else if (method.SequenceEqual(McpMethods.TasksGet) || method.SequenceEqual(McpMethods.TasksCancel) || method.SequenceEqual(McpMethods.TasksUpdate))
        {
            TaskRequest(ModernReply(reply, ResultKind.Plain, meta, logLevel), id, method, parameters);
        }
        else if (method.SequenceEqual(McpMethods.SubscriptionsListen))
        {
            Listen(ModernReply(reply, ResultKind.Plain, meta, logLevel), id, parameters);
        }
        else
        {
            // ping, logging/setLevel, resources/subscribe and the handshake itself are not part of this revision.
            SendError(reply, id, McpErrorCodes.MethodNotFound, "Method not found: " + Encoding.UTF8.GetString(method));
        }

        return true;
    }

    /// <summary>The <c>server/discover</c> result: every revision served, the capabilities and the instructions.</summary>
    private void Discover(MessageSink reply, ReadOnlySpan<byte> id)
    {
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        JsonRpcWriter.WriteResponseStart(writer, id);
        writer.WriteStartObject("result"u8);
        writer.WriteStartArray("supportedVersions"u8);
        foreach (var version in ProtocolVersions.All)
        {
            writer.WriteStringValue(version);
        }

        writer.WriteEndArray();
        writer.WritePropertyName("capabilities"u8);
        writer.WriteRawValue(_definition.CapabilitiesJson, skipInputValidation: true);
        if (_definition.Instructions is { } instructions)
        {
            writer.WriteString("instructions"u8, instructions);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        reply.SendResponse(scratch.WrittenSpan);
    }

    /// <summary>
    /// The reply sink of one request of the revision: for the session's own sink and a request asking nothing of its
    /// own, a sink made once; otherwise one that carries what the request's <c>_meta</c> asks for its calls.
    /// </summary>
    private ModernReplySink ModernReply(MessageSink reply, ResultKind kind, in RequestMeta meta, LogLevel? logLevel) =>
        ModernReply(reply, kind, logLevel is null && meta.Declared == ClientFeatures.None
            ? ModernCall.Common
            : new ModernCall(logLevel, meta.Declared));

    private ModernReplySink ModernReply(MessageSink reply, ResultKind kind, ModernCall call)
    {
        var members = ModernMembers(kind);
        if (!call.IsCommon || reply != _sink)
        {
            return new ModernReplySink(reply, members, call);
        }

        var sinks = _modernSinks ??= new ModernReplySink?[3];
        return sinks[(int)kind] ??= new ModernReplySink(reply, members, ModernCall.Common);
    }

    /// <summary>
    /// The reply sink of a request that may end "input required" (tools/call, prompts/get, resources/read): when the
    /// client can be asked something, its call gets the answers of the rounds before (the request state and the input
    /// responses of a retry). Null after answering a retry whose members are wrong.
    /// </summary>
    private ModernReplySink? InputReply(MessageSink reply, ReadOnlySpan<byte> id, string method, ReadOnlySpan<byte> parameters, in RequestMeta meta, LogLevel? logLevel)
    {
        var kind = method == "resources/read" ? ResultKind.Read : ResultKind.Plain;
        if (!meta.CanBeAsked)
        {
            return ModernReply(reply, kind, meta, logLevel);
        }

        var retry = RetryParams.Read(parameters);
        if (retry.Error is { } error)
        {
            SendError(reply, id, McpErrorCodes.InvalidParams, error);
            return null;
        }

        var name = StringMember.Read(parameters, method == "resources/read" ? "uri"u8 : "name"u8) ?? string.Empty;
        var answers = new Dictionary<int, InputAnswer>();
        if (retry.RequestState is { } state)
        {
            if (_definition.RequestState.Open(state, method, name, out var problem) is not { } rounds)
            {
                SendError(reply, id, McpErrorCodes.InvalidParams, "Invalid params: " + problem);
                return null;
            }

            answers = rounds.Answers;

            // The answers to the questions the last round asked, by their keys; one left out is asked again, others are ignored.
            foreach (var question in rounds.Asked)
            {
                if (retry.InputResponses is { } responses && responses.TryGetValue(question.Key, out var result))
                {
                    answers[question.Place] = new InputAnswer(question.Method, result);
                }
            }
        }

        var call = new ModernCall(logLevel, meta.Declared);
        call.AllowInput(method, name, answers);
        return ModernReply(reply, kind, call);
    }

    /// <summary>
    /// Answers what the request's handler needs of the client instead of its result: -32021 when it needed a capability
    /// the request does not declare, "input required" when it asked something no round answered (its questions and the
    /// sealed state of the rounds so far). False for any other request.
    /// </summary>
    private bool TrySendInputRequired(MessageSink reply, ReadOnlySpan<byte> id, ToolContext? context)
    {
        if (reply is not ModernReplySink { Call: var call } modern)
        {
            return false;
        }

        if (context?.MissingCapability is { } capability)
        {
            SendMissingCapability(modern, id, $"Missing required client capability: the request needs {capability}, which its clientCapabilities do not declare", capability, isExtension: false);
            return true;
        }

        if (call.TakeHandOff() is { } handoff)
        {
            // The handler continues as a task, with the answers of the rounds so far; the call's result is its handle.
            StartTask(modern, id, handoff.Tool, handoff.Arguments, call.Declared, call.Answers);
            return true;
        }

        if (call.Method is null || call.Pending is not { } questions)
        {
            return false;
        }

        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        if (_definition.RequestState.Seal(call.Method, call.Name, call.Answers, questions) is not { } state)
        {
            JsonRpcWriter.WriteError(writer, id, McpErrorCodes.InternalError,
                $"Internal error: the answers of this request are over the request state limit of {RequestStateSealer.MaxChars} characters");
            modern.SendResponse(scratch.WrittenSpan);
            return true;
        }

        JsonRpcWriter.WriteResponseStart(writer, id);
        writer.WriteStartObject("result"u8);
        writer.WriteString("resultType"u8, "input_required"u8);
        writer.WriteStartObject("inputRequests"u8);
        foreach (var question in questions)
        {
            writer.WriteStartObject(question.Key);
            writer.WriteString("method"u8, question.Method);
            writer.WritePropertyName("params"u8);
            writer.WriteRawValue(question.Params, skipInputValidation: true);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteString("requestState"u8, state);
        writer.WriteEndObject();
        writer.WriteEndObject();
        modern.SendResponse(scratch.WrittenSpan);
        return true;
    }

    /// <summary>
    /// Answers -32021 (MissingRequiredClientCapability) with <paramref name="message"/>; <c>data.requiredCapabilities</c>
    /// names <paramref name="capability"/> (under <c>extensions</c> when it is one). No delegate: a capturing lambda
    /// here would allocate on every call that passes by.
    /// </summary>
    private static void SendMissingCapability(MessageSink reply, ReadOnlySpan<byte> id, string message, string capability, bool isExtension)
    {
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        JsonRpcWriter.WriteResponseStart(writer, id);
        writer.WriteStartObject("error"u8);
        writer.WriteNumber("code"u8, McpErrorCodes.MissingRequiredClientCapability);
        writer.WriteString("message"u8, message);
        writer.WriteStartObject("data"u8);
        writer.WriteStartObject("requiredCapabilities"u8);
        if (isExtension)
        {
            writer.WriteStartObject("extensions"u8);
        }

        writer.WriteStartObject(capability);
        writer.WriteEndObject();
        if (isExtension)
        {
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        reply.SendResponse(scratch.WrittenSpan);
    }

    private byte[] ModernMembers(ResultKind kind)
    {
        // Made once per server: a sessionless HTTP request has a session of its own.
        var all = _definition.ModernMembers;
        return all[(int)kind] ??= ModernReplySink.Members(_definition.ServerInfoJson, kind switch
        {
            ResultKind.List => ListCache,
            ResultKind.Read => ReadCache,
            _ => null,
        });
    }

    /// <summary>True when a reply sink is one the session made for its own sink's common requests (their calls share a channel).</summary>
    private bool IsCommonModernSink(MessageSink reply) =>
        reply is ModernReplySink { Call.IsCommon: true } modern && modern.Inner == _sink;

    /// <summary>The channel shared by the calls of the common requests of the revision on the session's own sink.</summary>
    private CallChannel ModernChannel(ModernReplySink reply) =>
        _modernChannel ??= new CallChannel(this, reply, _log, progressToken: null, shared: true);
}
