using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using PForge.Runtime.Client;
using PForge.Runtime.Protocol.Messages;
using PForge.Runtime.State;
using PForge.Runtime.Telemetry;

namespace PForge.Runtime.Tools;

/// <summary>
/// What a handler (of a tool, a resource, a prompt or a completion) gets besides its input: the request's cancellation,
/// progress, logging to the client, requests to the client (sampling, elicitation) and the server's notifications.
/// It belongs to one call: the server may reuse it for a later call once this one has ended, so do not keep it.
/// </summary>
public sealed class ToolContext
{
    // One field for three things, so that a call allocates no more than a context of one reference and one int:
    // null (a context made outside a session), the call's ICallChannel (set by the session), or the call's
    // CancellationSource once a handler asked for the token (it carries the channel on).
    private object? _state;

    // 0 running, 1 cancelled by the client, 2 cancelled at the end of the session.
    private int _cancelled;

    // The client capability a handler asked for that a request of revision 2026-07-28 does not declare (answered -32021).
    private string? _missingCapability;

    // The token of the current attempt under a timeout policy (the call's token, linked to the attempt's deadline), and
    // whether one is set: a token is a struct, so the flag is what is read and written atomically.
    private CancellationToken _attempt;
    private int _hasAttempt;

    /// <summary>A context for a call made outside a session, e.g. from a test or a benchmark: progress goes nowhere.</summary>
    public ToolContext()
    {
    }

    /// <summary>A context for a call made outside a session on behalf of <paramref name="user"/> (tests of handlers that read <see cref="User"/>).</summary>
    public ToolContext(ToolUser? user)
    {
        User = user;
    }

    /// <summary>A context for a call of a session: progress and log lines go through <paramref name="channel"/>.</summary>
    internal ToolContext(ICallChannel channel)
    {
        _state = channel;
    }

    /// <summary>
    /// Cancelled when the client sends <c>notifications/cancelled</c> for this request or the session ends, or when the
    /// tool's <c>timeout_ms</c> policy ends the attempt.
    /// </summary>
    public CancellationToken CancellationToken => Volatile.Read(ref _hasAttempt) != 0 ? _attempt : CallToken;

    /// <summary>The call's own token: cancelled by the client or the end of the session, never by a policy's timeout.</summary>
    internal CancellationToken CallToken
    {
        get
        {
            if (Volatile.Read(ref _cancelled) != 0)
            {
                return new CancellationToken(canceled: true);
            }

            // Created on first use: a handler that never looks costs no allocation.
            var state = Volatile.Read(ref _state);
            if (state is CancellationSource existing)
            {
                return existing.Token;
            }

            var created = new CancellationSource(state as ICallChannel);

            // The only change ever made to the field is this one, so a lost race means another source is published.
            var source = Interlocked.CompareExchange(ref _state, created, state) == state
                ? created
                : (CancellationSource)Volatile.Read(ref _state)!;

            // A Cancel that ran before the source was published could not see it: honour it here.
            if (Volatile.Read(ref _cancelled) != 0)
            {
                source.Cancel();
            }

            return source.Token;
        }
    }

    /// <summary>
    /// The authenticated caller (HTTP with <c>forge.http.auth</c>): subject, scopes and claims; null on stdio and on a
    /// server without auth.
    /// </summary>
    public ToolUser? User { get; internal set; }

    /// <summary>True once the call was cancelled; its response is then not sent.</summary>
    public bool IsCancelled => Volatile.Read(ref _cancelled) != 0;

    /// <summary>True when the client sent a progress token with this call: <see cref="ReportProgress"/> then reaches it.</summary>
    public bool CanReportProgress => Channel is { HasProgressToken: true };

    /// <summary>True when the cancellation came from the end of the session, not from the client.</summary>
    internal bool CancelledAtShutdown => Volatile.Read(ref _cancelled) == 2;

    /// <summary>The server's log (silent for a context made outside a session).</summary>
    internal ServerLog ServerLog => Channel?.Log ?? ServerLog.Silent;

    // The field holds nothing but null, a channel or a source: what is not a source is the channel, without the
    // interface cast a type check would cost every call.
    private ICallChannel? Channel
    {
        get
        {
            var state = Volatile.Read(ref _state);
            return state is CancellationSource source ? source.Channel : Unsafe.As<ICallChannel?>(state);
        }
    }

    /// <summary>
    /// Sends <c>notifications/progress</c> with the client's token. Does nothing without a token, after the call has
    /// ended or was cancelled, or when <paramref name="progress"/> is not greater than the last value sent (the
    /// specification requires increasing values). A non-finite <paramref name="total"/> is left out. Safe from any thread.
    /// </summary>
    public void ReportProgress(double progress, double? total = null, string? message = null)
    {
        if (Volatile.Read(ref _cancelled) == 0)
        {
            Channel?.ReportProgress(progress, total, message);
        }
    }

    /// <summary>How long <see cref="SampleAsync"/> and <see cref="ElicitAsync"/> wait for the client unless told otherwise.</summary>
    public static TimeSpan DefaultClientRequestTimeout { get; } = TimeSpan.FromSeconds(60);

    /// <summary>True when the client declared the <c>sampling</c> capability at initialize.</summary>
    public bool CanSample => Channel is { ClientCanSample: true };

    /// <summary>True when the client declared the <c>elicitation</c> capability at initialize.</summary>
    public bool CanElicit => Channel is { ClientCanElicit: true };

    /// <summary>True when the client declared the <c>roots</c> capability (at initialize, or in the request in 2026-07-28).</summary>
    public bool CanListRoots => Channel is { ClientCanListRoots: true };

    /// <summary>The capability the handler asked for that the request does not declare, when revision 2026-07-28 answers it -32021.</summary>
    internal string? MissingCapability => Volatile.Read(ref _missingCapability);

    /// <summary>Announces list changes and resource updates to the server's sessions (a detached no-op outside a session).</summary>
    public ServerNotifications Server => Channel?.Notifications ?? DetachedNotifications;

    private static readonly ServerNotifications DetachedNotifications = new();

    /// <summary>The server's state store (<c>state:</c> in pforge.yaml, else memory); a process-wide memory store outside a session.</summary>
    public IStateStore State => Channel?.State ?? MemoryStateStore.Detached;

    /// <summary>
    /// Sends <c>notifications/message</c> to the client with <paramref name="message"/> as its data, when the level set
    /// by <c>logging/setLevel</c> lets it through (everything passes until the client sets one). Safe from any thread;
    /// nothing is sent after the request has ended.
    /// </summary>
    public void Log(LogLevel level, string message, string? logger = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Volatile.Read(ref _cancelled) == 0)
        {
            Channel?.SendLog(level, message, logger);
        }
    }

    /// <summary>
    /// Asks the client's model with <c>sampling/createMessage</c> and waits for its answer (at most
    /// <paramref name="timeout"/>, default <see cref="DefaultClientRequestTimeout"/>; also ends when the request is
    /// cancelled). Throws <see cref="ToolException"/> when the client did not declare sampling, answered an error, or timed out.
    /// In revision 2026-07-28 the question goes out in the call's input required result, under <paramref name="inputKey"/>
    /// (default <c>input-</c> and its place in the call); a request that does not declare sampling is answered -32021.
    /// </summary>
    public async Task<SamplingResult> SampleAsync(SamplingRequest request, TimeSpan? timeout = null, string? inputKey = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var channel = Channel;
        if (channel is not { ClientCanSample: true })
        {
            throw Missing(channel, "sampling", "The client did not declare the sampling capability, so it cannot be asked to sample");
        }

        var json = await channel.RequestAsync("sampling/createMessage", writer => WriteSampling(writer, request), timeout ?? DefaultClientRequestTimeout, inputKey, CancellationToken).ConfigureAwait(false);
        return ReadSampling(json);
    }

    /// <summary>
    /// Asks the user through the client with <c>elicitation/create</c>: <paramref name="requestedSchemaJson"/> is the
    /// form's JSON Schema (an object of primitive properties), sent unchanged. Waits like <see cref="SampleAsync"/>.
    /// </summary>
    public async Task<ElicitationResult> ElicitAsync(string message, string requestedSchemaJson, TimeSpan? timeout = null, string? inputKey = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(requestedSchemaJson);
        var channel = Channel;
        if (channel is not { ClientCanElicit: true })
        {
            throw Missing(channel, "elicitation", "The client did not declare the elicitation capability, so it cannot be asked for input");
        }

        // Parsed and written again, compact: a schema written over several lines must not break stdio's one-line framing.
        using var schema = ParseObject(requestedSchemaJson);
        var json = await channel.RequestAsync(
            "elicitation/create",
            writer => ElicitResult.WriteParams(writer, message, schema.RootElement),
            timeout ?? DefaultClientRequestTimeout,
            inputKey,
            CancellationToken).ConfigureAwait(false);
        return ReadElicitation(json);
    }

    /// <summary>
    /// Asks the client for its roots with <c>roots/list</c> (the directories or files it lets the server work in).
    /// Waits like <see cref="SampleAsync"/>; throws <see cref="ToolException"/> when the client did not declare roots.
    /// </summary>
    public async Task<RootsResult> ListRootsAsync(TimeSpan? timeout = null, string? inputKey = null)
    {
        var channel = Channel;
        if (channel is not { ClientCanListRoots: true })
        {
            throw Missing(channel, "roots", "The client did not declare the roots capability, so it cannot be asked for its roots");
        }

        var json = await channel.RequestAsync("roots/list", static _ => { }, timeout ?? DefaultClientRequestTimeout, inputKey, CancellationToken).ConfigureAwait(false);
        return RootsResult.Read(json);
    }

    /// <summary>
    /// For a tool declared <c>task_start: handler</c>: called in the request of a client that declares the Tasks
    /// extension, it ends this run and answers the call with a task handle; the handler then runs again from the start
    /// as the task, its earlier questions answered as in the call (ask them again, in the same order, before this).
    /// Called in the task, or for any other client, it returns at once and the handler goes on.
    /// </summary>
    public void ContinueAsTask()
    {
        if (Channel is { } channel && channel.ContinueAsTask())
        {
            throw new Server.TaskHandoffException();
        }
    }

    /// <summary>The failure of asking for a capability the client lacks; in revision 2026-07-28 it also marks the call -32021.</summary>
    private ToolException Missing(ICallChannel? channel, string capability, string message)
    {
        if (channel is { IsPerRequest: true })
        {
            Interlocked.CompareExchange(ref _missingCapability, capability, null);
        }

        return new ToolException(message);
    }

    /// <summary>True when the call left the context as it was made on <paramref name="channel"/>: no token taken, not cancelled.</summary>
    internal bool IsUnused(ICallChannel channel) =>
        Volatile.Read(ref _state) == channel && Volatile.Read(ref _cancelled) == 0 && Volatile.Read(ref _missingCapability) is null;

    /// <summary>
    /// Starts an attempt of a call under a timeout policy: the handler's <see cref="CancellationToken"/> is then
    /// <paramref name="attempt"/>, which the policy links to <see cref="CallToken"/> and the attempt's deadline.
    /// </summary>
    internal void SetAttempt(CancellationToken attempt)
    {
        _attempt = attempt;
        Volatile.Write(ref _hasAttempt, 1);
    }

    /// <summary>Ends the attempt <see cref="SetAttempt"/> started: the handler's token is the call's again.</summary>
    internal void EndAttempt() => Volatile.Write(ref _hasAttempt, 0);

    /// <summary>The call has been answered: no progress may follow its response.</summary>
    internal void Complete() => Channel?.Close();

    /// <summary>
    /// Cancels the call once; runs the handler's token callbacks here and throws their failures (an
    /// <see cref="AggregateException"/>) after all of them ran, for the caller to log.
    /// </summary>
    internal void Cancel(bool atShutdown = false)
    {
        if (Interlocked.CompareExchange(ref _cancelled, atShutdown ? 2 : 1, 0) == 0)
        {
            Channel?.Close();
            (Volatile.Read(ref _state) as CancellationSource)?.Cancel();
        }
    }

    /// <summary>The call's cancellation source, which keeps the call's channel (the context's one field holds this).</summary>
    private sealed class CancellationSource(ICallChannel? channel) : CancellationTokenSource
    {
        public ICallChannel? Channel { get; } = channel;
    }

    private static void WriteSampling(Utf8JsonWriter writer, SamplingRequest request) =>
        CreateMessageResult.WriteParams(
            writer,
            messages =>
            {
                foreach (var message in request.Messages)
                {
                    message.WriteTo(messages);
                }
            },
            request.MaxTokens,
            request.SystemPrompt,
            request.Temperature);

    private static SamplingResult ReadSampling(byte[] json)
    {
        var result = CreateMessageResult.Read(json);
        return new SamplingResult { Role = result.Role ?? "assistant", Text = result.Text, Model = result.Model, StopReason = result.StopReason, Json = Encoding.UTF8.GetString(json) };
    }

    private static ElicitationResult ReadElicitation(byte[] json)
    {
        var result = ElicitResult.Read(json);
        if (result.Action is not { } action)
        {
            throw new ToolException("The client's answer to elicitation/create has no \"action\"");
        }

        return new ElicitationResult { Action = action, ContentJson = result.ContentJson, Json = Encoding.UTF8.GetString(json) };
    }

    private static JsonDocument ParseObject(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException("The requested schema is not valid JSON: " + ex.Message, nameof(json), ex);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new ArgumentException("The requested schema must be a JSON object", nameof(json));
        }

        return document;
    }
}
