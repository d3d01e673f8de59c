using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using PForge.Runtime.Http.Auth;
using PForge.Runtime.Protocol;
using PForge.Runtime.Server;
using PForge.Runtime.Settings;
using PForge.Runtime.Telemetry;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Http;

/// <summary>How long the transport waits for things; every wait has one of these bounds.</summary>
internal sealed record HttpTransportTimeouts
{
    public static HttpTransportTimeouts Default { get; } = new();

    /// <summary>A request not answered within this is answered with an error (its call goes on; its response is then dropped).</summary>
    public TimeSpan Response { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>At shutdown, how long running calls may go on and answer before they are cancelled.</summary>
    public TimeSpan DrainGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long cancelled calls may take to end (at shutdown, or when a session ends).</summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How often an idle SSE stream gets a comment line.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>How long Kestrel may take to close connections at shutdown.</summary>
    public TimeSpan Shutdown { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// The one MCP endpoint of Streamable HTTP (revision 2025-11-25): POST carries one JSON-RPC message, GET opens the
/// session's server stream, DELETE ends the session. Every refusal is an HTTP status with a JSON-RPC error body.
/// </summary>
internal sealed partial class StreamableHttpEndpoint
{
    private const string StatefulMethods = "GET, POST, DELETE";

    private readonly McpServerDefinition _definition;
    private readonly HttpSettings _settings;
    private readonly ServerLog _log;
    private readonly HttpTransportTimeouts _timeouts;
    private readonly OriginGuard _guard;
    private readonly SessionStore _sessions;
    private readonly ConcurrentDictionary<Task, bool> _endings = new();
    private readonly ConcurrentDictionary<PostReplySink, McpSession> _statelessCalls = new();
    private readonly ParamHeaders _paramHeaders;
    private readonly HttpAuthenticator? _auth;
    private volatile bool _stopping;

    public StreamableHttpEndpoint(McpServerDefinition definition, HttpSettings settings, ServerLog log, HttpTransportTimeouts timeouts, bool checkHost, HttpAuthenticator? auth = null)
    {
        _auth = auth;
        _definition = definition;
        _settings = settings;
        _log = log;
        _timeouts = timeouts;
        _guard = new OriginGuard(settings.AllowedOrigins, checkHost, settings.AllowedHosts);
        _sessions = new SessionStore(settings.MaxSessions);
        _metrics = settings.Metrics ? new Metrics.PrometheusExporter() : null;
        _paramHeaders = ParamHeaders.Read(definition.ToolsListJson);
    }

    // GET /metrics, when forge.http.metrics asks for it.
    private readonly Metrics.PrometheusExporter? _metrics;

    public int SessionCount => _sessions.Count;

    /// <summary>Stops listening to the meter (a process may host several servers, one after another).</summary>
    public void StopMetrics() => _metrics?.Dispose();

    /// <summary>Releases the authenticator's HTTP client (its connections to the authorization server).</summary>
    public void StopAuth() => _auth?.Dispose();

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await HandleCoreAsync(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nothing to answer.
        }
        catch (Exception ex) when (ex is IOException or Microsoft.AspNetCore.Connections.ConnectionResetException && context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _log.Error($"{context.Request.Method} {_settings.Path} failed: {ex}");
            await HttpErrors.WriteAsync(context, StatusCodes.Status500InternalServerError,
                HttpErrors.Body(default, McpErrorCodes.InternalError, "Internal error: " + ex.Message)).ConfigureAwait(false);
        }
    }

    private Task HandleCoreAsync(HttpContext context)
    {
        var request = context.Request;
        if (_metrics is not null && string.Equals(request.Path.Value, HttpSettings.MetricsPath, StringComparison.Ordinal))
        {
            return _auth is null ? MetricsAsync(context, _metrics, null) : AuthenticatedAsync(context, user => MetricsAsync(context, _metrics, user));
        }

        if (_auth is { HasOAuth: true } && ProtectedResourceMetadata.IsPath(request.Path.Value, _settings.Path, _auth.Settings.OAuth!.Resource))
        {
            return _guard.Check(request) is { } refused
                ? HttpErrors.WriteAsync(context, StatusCodes.Status403Forbidden, refused)
                : ProtectedResourceMetadata.WriteAsync(context, _auth.Settings, _auth.Resource(request), _definition.Name);
        }

        var target = Target(request.Path.Value);
        if (target == Endpoint.None)
        {
            return HttpErrors.WriteAsync(context, StatusCodes.Status404NotFound, _metrics is null
                ? $"Not Found: the MCP endpoint is {_settings.Path}"
                : $"Not Found: the MCP endpoint is {_settings.Path} and the metrics are at {HttpSettings.MetricsPath}");
        }

        if (_guard.Check(request) is { } forbidden)
        {
            _log.Warning($"refused a request: {forbidden}");
            return HttpErrors.WriteAsync(context, StatusCodes.Status403Forbidden, forbidden);
        }

        if (_stopping)
        {
            return HttpErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Service Unavailable: the server is shutting down");
        }

        Func<HttpContext, ToolUser?, Task> serve = target switch
        {
            Endpoint.Mcp => RouteAsync,
            Endpoint.LegacyStream => LegacyStreamAsync,
            _ => LegacyPostAsync,
        };
        return _auth is null ? serve(context, null) : AuthenticatedAsync(context, user => serve(context, user));
    }

    private enum Endpoint
    {
        None,
        Mcp,
        LegacyStream,
        LegacyPost,
    }

    private Endpoint Target(string? path) =>
        string.Equals(path, _settings.Path, StringComparison.Ordinal) ? Endpoint.Mcp
        : string.Equals(path, HttpSettings.LegacySsePath, StringComparison.Ordinal) ? Endpoint.LegacyStream
        : string.Equals(path, HttpSettings.LegacyMessagePath, StringComparison.Ordinal) ? Endpoint.LegacyPost
        : Endpoint.None;

    /// <summary>Serves the request as <paramref name="serve"/> says once its credentials name a caller; refuses it otherwise.</summary>
    private async Task AuthenticatedAsync(HttpContext context, Func<ToolUser, Task> serve)
    {
        var outcome = await _auth!.AuthenticateAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        if (outcome.User is not { } user)
        {
            await RefuseAsync(context, outcome).ConfigureAwait(false);
            return;
        }

        await serve(user).ConfigureAwait(false);
    }

    private Task RefuseAsync(HttpContext context, in AuthOutcome outcome, ReadOnlySpan<byte> id = default)
    {
        var auth = _auth!;
        if (outcome.Status == StatusCodes.Status503ServiceUnavailable)
        {
            _log.Warning($"answered 503 to a request: {outcome.Description}");
        }
        else
        {
            _log.Debug($"refused a request ({outcome.Status}): {outcome.Description}");
        }

        var metadata = auth.HasOAuth ? HttpAuthenticator.MetadataUrl(auth.Resource(context.Request)) : null;
        return AuthChallenge.WriteAsync(context, outcome, metadata, auth.Settings.Scopes, id);
    }

    private Task RouteAsync(HttpContext context, ToolUser? user)
    {
        var request = context.Request;
        if (context.WebSockets.IsWebSocketRequest)
        {
            return WebSocketAsync(context, user);
        }

        var versions = request.Headers[HttpMedia.ProtocolVersionHeader];
        var version = versions.Count == 0 ? HttpMedia.AssumedProtocolVersion : versions.ToString();
        if (ProtocolVersions.IsModern(version))
        {
            // Revision 2026-07-28 has no session: no GET stream to open, nothing to delete.
            return request.Method == "POST" ? PostModernAsync(context, version, user) : MethodNotAllowedAsync(context, "POST");
        }

        if (Array.IndexOf(ProtocolVersions.Supported, version) < 0)
        {
            return UnsupportedVersionAsync(context, version);
        }

        return request.Method switch
        {
            "POST" => _settings.Stateless ? PostStatelessAsync(context, version, user) : PostAsync(context, user),
            "GET" => _settings.Stateless ? StatelessRefusalAsync(context, "offers no GET stream") : GetAsync(context, user),
            "DELETE" => _settings.Stateless ? StatelessRefusalAsync(context, "has no session to delete") : DeleteAsync(context, user),
            _ => MethodNotAllowedAsync(context, _settings.Stateless ? "POST" : StatefulMethods),
        };
    }

    /// <summary>The Prometheus text of the <c>PForge</c> meter, under the same Host and Origin rules as the MCP endpoint.</summary>
    private Task MetricsAsync(HttpContext context, Metrics.PrometheusExporter metrics, ToolUser? user)
    {
        _ = user; // Any authenticated caller may read the metrics (an API key suits a scraper).
        if (_guard.Check(context.Request) is { } forbidden)
        {
            _log.Warning($"refused a request: {forbidden}");
            return HttpErrors.WriteAsync(context, StatusCodes.Status403Forbidden, forbidden);
        }

        if (context.Request.Method != "GET")
        {
            return MethodNotAllowedAsync(context, "GET");
        }

        context.Response.ContentType = Metrics.PrometheusExporter.ContentType;
        return context.Response.WriteAsync(metrics.Write(), context.RequestAborted);
    }

    private static Task MethodNotAllowedAsync(HttpContext context, string allowed)
    {
        context.Response.Headers.Allow = allowed;
        return HttpErrors.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, $"Method Not Allowed: use {allowed.Replace(", ", " or ", StringComparison.Ordinal)}");
    }

    private static Task StatelessRefusalAsync(HttpContext context, string what)
    {
        context.Response.Headers.Allow = "POST";
        return HttpErrors.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, $"Method Not Allowed: this server is stateless and {what}");
    }

    private async Task PostAsync(HttpContext context, ToolUser? user)
    {
        var message = await ReadMessageAsync(context, user).ConfigureAwait(false);
        if (message is null)
        {
            return;
        }

        using var body = message;
        var isInitialize = body.IsRequest && body.IsInitialize;
        HttpSession? session;
        var created = false;
        var ids = context.Request.Headers[HttpMedia.SessionIdHeader];
        if (ids.Count == 0)
        {
            if (!isInitialize)
            {
                await HttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest,
                    "Bad Request: Mcp-Session-Id header is required (send initialize first to get one)").ConfigureAwait(false);
                return;
            }

            session = new HttpSession(_definition, _log) { Owner = HttpSession.OwnerOf(user) };
            created = true;
            AddSession(session);
            _log.Debug($"session {session.Id} created");
        }
        else if (FindSession(ids.ToString(), user) is { } found)
        {
            session = found;
        }
        else
        {
            await SessionNotFoundAsync(context).ConfigureAwait(false);
            return;
        }

        session.BeginRequest();
        try
        {
            if (!body.IsRequest)
            {
                // A notification or a response to a request of ours: handed over, never answered.
                lock (session.InputGate)
                {
                    session.Mcp.HandleMessage(body.Span, session.Sink);
                }

                context.Response.StatusCode = StatusCodes.Status202Accepted;
                return;
            }

            var post = new PostReplySink(body.Id, _log) { User = user };
            if (!session.TryAddPost(body.Id, post))
            {
                await HttpErrors.WriteAsync(context, StatusCodes.Status200OK, HttpErrors.Body(body.Id, McpErrorCodes.InvalidRequest,
                    $"Invalid request: id {HttpErrors.Text(body.Id)} is already in use by a running request")).ConfigureAwait(false);
                return;
            }

            try
            {
                lock (session.InputGate)
                {
                    session.Mcp.HandleMessage(body.Span, post);
                }

                if (created)
                {
                    if (session.Mcp.ProtocolVersion is null)
                    {
                        // The initialize failed (its error is on the way): no session comes of it.
                        EndSession(session, "initialize failed", grace: false);
                    }
                    else
                    {
                        context.Response.Headers[HttpMedia.SessionIdHeader] = session.Id;
                    }
                }

                await WriteRepliesAsync(context, post).ConfigureAwait(false);
            }
            finally
            {
                session.RemovePost(body.Id, post);
                post.Abandon("the HTTP exchange ended");
            }
        }
        finally
        {
            session.EndRequest();
        }
    }

    /// <summary>Keeps <paramref name="session"/>; the longest-idle one ends when <see cref="HttpSettings.MaxSessions"/> are open.</summary>
    private void AddSession(HttpSession session)
    {
        if (_sessions.Add(session) is { } evicted)
        {
            _log.Info($"session {evicted.Id} evicted: {_settings.MaxSessions} sessions open (MaxSessions)");
            EndSession(evicted, $"the session was evicted ({_settings.MaxSessions} sessions open at most)", grace: false);
        }
    }

    /// <summary>
    /// The request of a POST served without a session; null when there is none to serve (refused and answered, or a
    /// notification or response: no session keeps a call it could cancel or answer, so 202 and nothing follows).
    /// </summary>
    private async Task<PostedMessage?> ReadSessionlessRequestAsync(HttpContext context, ToolUser? user)
    {
        var message = await ReadMessageAsync(context, user).ConfigureAwait(false);
        if (message is { IsRequest: false })
        {
            message.Dispose();
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return null;
        }

        return message;
    }

    private async Task PostStatelessAsync(HttpContext context, string version, ToolUser? user)
    {
        if (await ReadSessionlessRequestAsync(context, user).ConfigureAwait(false) is not { } body)
        {
            return;
        }

        using var owned = body;

        var post = new PostReplySink(body.Id, _log) { User = user };
        var session = new McpSession(_definition, new ForwardingSink(post), _log);
        if (!body.IsInitialize)
        {
            session.AssumeInitialized(version);
        }

        _statelessCalls[post] = session;
        try
        {
            session.HandleMessage(body.Span, post);
            await WriteRepliesAsync(context, post).ConfigureAwait(false);
        }
        finally
        {
            _statelessCalls.TryRemove(post, out _);
            post.Abandon("the HTTP exchange ended");

            // Nobody can receive what the call would still send: cancel whatever runs on.
            Track(FinishSessionAsync(session, [], "the HTTP exchange ended", grace: false));
        }
    }

    /// <summary>
    /// Answers one request: the response alone as <c>application/json</c> when it is the first thing sent for it (and
    /// the client does not rank SSE first in <c>Accept</c>); otherwise an SSE stream of every message sent for it,
    /// ending with the response.
    /// </summary>
    private async Task WriteRepliesAsync(HttpContext context, PostReplySink post, bool modern = false)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(_timeouts.Response);
        var streaming = false;
        var preferStream = HttpMedia.PrefersEventStream(context.Request.Headers.Accept);
        try
        {
            while (true)
            {
                var frame = await post.ReadAsync(timeout.Token).ConfigureAwait(false);
                if (frame is not { } next)
                {
                    await FailRequestAsync(context, post, streaming, post.AbandonedBecause ?? "the session ended").ConfigureAwait(false);
                    return;
                }

                if (!streaming && next.IsFinal && !preferStream)
                {
                    var response = context.Response;
                    response.StatusCode = modern ? ModernStatus(next.Message) : StatusCodes.Status200OK;
                    response.ContentType = HttpMedia.Json;
                    response.ContentLength = next.Message.Length;
                    await response.Body.WriteAsync(next.Message, context.RequestAborted).ConfigureAwait(false);
                    return;
                }

                if (!streaming)
                {
                    await SseWriter.StartAsync(context).ConfigureAwait(false);
                    streaming = true;
                }

                if (!await SseWriter.WriteMessageAsync(context, next.Message).ConfigureAwait(false) || next.IsFinal)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            _log.Warning($"request {HttpErrors.Text(post.RequestId)} not answered within {_timeouts.Response.TotalSeconds:0.#} s");
            await FailRequestAsync(context, post, streaming, $"no response within {_timeouts.Response.TotalSeconds:0.#} s").ConfigureAwait(false);
        }
    }

    private static async Task FailRequestAsync(HttpContext context, PostReplySink post, bool streaming, string reason)
    {
        var error = HttpErrors.Body(post.RequestId, McpErrorCodes.InternalError, "Internal error: " + reason + " before the request was answered");
        if (streaming)
        {
            await SseWriter.WriteMessageAsync(context, error).ConfigureAwait(false);
        }
        else
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status200OK, error).ConfigureAwait(false);
        }
    }

    private async Task GetAsync(HttpContext context, ToolUser? user)
    {
        if (!HttpMedia.Accepts(context.Request.Headers.Accept, HttpMedia.EventStream))
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status406NotAcceptable, "Not Acceptable: a GET must accept text/event-stream").ConfigureAwait(false);
            return;
        }

        if (await RequireSessionAsync(context, user).ConfigureAwait(false) is not { } session)
        {
            return;
        }

        var stream = new ServerStream(_log);
        if (!session.TryAttachStream(stream))
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status409Conflict, "Conflict: this session already has an open GET stream").ConfigureAwait(false);
            return;
        }

        session.BeginRequest();
        try
        {
            await SseWriter.StartAsync(context).ConfigureAwait(false);
            await PumpAsync(context, stream).ConfigureAwait(false);
        }
        finally
        {
            session.DetachStream(stream);
            session.EndRequest();
        }
    }

    /// <summary>Writes the stream's messages as SSE events until it closes or the client goes; a comment when idle.</summary>
    private async Task PumpAsync(HttpContext context, ServerStream stream)
    {
        var reader = stream.Reader;
        while (true)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            wait.CancelAfter(_timeouts.KeepAlive);
            bool more;
            try
            {
                more = await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
            {
                if (!await SseWriter.WriteKeepAliveAsync(context).ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            if (!more)
            {
                // The session ended, or the server is stopping.
                return;
            }

            while (reader.TryRead(out var message))
            {
                if (!await SseWriter.WriteMessageAsync(context, message).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
    }

    private async Task DeleteAsync(HttpContext context, ToolUser? user)
    {
        if (await RequireSessionAsync(context, user).ConfigureAwait(false) is not { } session)
        {
            return;
        }

        if (_sessions.Remove(session))
        {
            _log.Debug($"session {session.Id} deleted by the client");
            EndSession(session, "the client deleted the session", grace: false);
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task<HttpSession?> RequireSessionAsync(HttpContext context, ToolUser? user)
    {
        var ids = context.Request.Headers[HttpMedia.SessionIdHeader];
        if (ids.Count == 0)
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, "Bad Request: Mcp-Session-Id header is required").ConfigureAwait(false);
            return null;
        }

        if (FindSession(ids.ToString(), user) is { } session)
        {
            return session;
        }

        await SessionNotFoundAsync(context).ConfigureAwait(false);
        return null;
    }

    /// <summary>The live session of that id, if it was opened by the same caller: another caller's session is not found.</summary>
    private HttpSession? FindSession(string id, ToolUser? user, bool legacy = false) =>
        _sessions.Find(id) is { IsEnded: false } session && session.IsLegacy == legacy && string.Equals(session.Owner, HttpSession.OwnerOf(user), StringComparison.Ordinal) ? session : null;

    private static Task SessionNotFoundAsync(HttpContext context) =>
        HttpErrors.WriteAsync(context, StatusCodes.Status404NotFound, "Not Found: no such session (it expired or was deleted); send initialize to start a new one");

    /// <summary>
    /// Reads and checks the one JSON-RPC message of a POST; null when it was refused (the answer is written). A
    /// <paramref name="legacy"/> (HTTP+SSE) POST is answered on its stream, so its <c>Accept</c> is not asked.
    /// </summary>
    private async Task<PostedMessage?> ReadMessageAsync(HttpContext context, ToolUser? user, bool legacy = false)
    {
        var request = context.Request;
        var accept = request.Headers.Accept;
        if (!legacy && (!HttpMedia.Accepts(accept, HttpMedia.Json) || !HttpMedia.Accepts(accept, HttpMedia.EventStream)))
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status406NotAcceptable,
                "Not Acceptable: a POST must accept both application/json and text/event-stream").ConfigureAwait(false);
            return null;
        }

        if (!HttpMedia.IsJson(request.ContentType))
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType,
                "Unsupported Media Type: Content-Type must be application/json").ConfigureAwait(false);
            return null;
        }

        var limit = _settings.MaxRequestBodyBytes;
        var tooLarge = $"Payload Too Large: the request body is over the limit of {limit} bytes";
        if (request.ContentLength > limit)
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, tooLarge).ConfigureAwait(false);
            return null;
        }

        // Read at most one byte past the limit: that byte alone tells a body over it, and Kestrel's own bound is there.
        var cap = (int)Math.Min(limit + 1, Array.MaxLength);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(request.ContentLength + 1 ?? 4096, 16), cap));
        var length = 0;
        try
        {
            while (true)
            {
                var room = Math.Min(buffer.Length, cap) - length;
                if (room == 0)
                {
                    if (length >= cap)
                    {
                        await HttpErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, tooLarge).ConfigureAwait(false);
                        ArrayPool<byte>.Shared.Return(buffer);
                        return null;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, cap));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    continue;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length, room), context.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel saw more than the limit buffered before this read took it.
            ArrayPool<byte>.Shared.Return(buffer);
            await HttpErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, tooLarge).ConfigureAwait(false);
            return null;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            // The body arrived slower than the minimum rate: Kestrel closes the connection after this answer.
            ArrayPool<byte>.Shared.Return(buffer);
            _log.Warning($"refused a request: its body arrived slower than {_settings.MinRequestBodyBytesPerSecond} bytes/s");
            await HttpErrors.WriteAsync(context, StatusCodes.Status408RequestTimeout,
                $"Request Timeout: the request body arrived slower than {_settings.MinRequestBodyBytesPerSecond} bytes/s").ConfigureAwait(false);
            return null;
        }
        catch (BadHttpRequestException ex)
        {
            // A body Kestrel cannot read (a malformed chunked encoding, a client that ended it early): its status and reason.
            ArrayPool<byte>.Shared.Return(buffer);
            await HttpErrors.WriteAsync(context, ex.StatusCode, $"{Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(ex.StatusCode)}: {ex.Message}").ConfigureAwait(false);
            return null;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        var message = new PostedMessage(buffer, length);
        if (length == 0)
        {
            message.Dispose();
            await HttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest,
                HttpErrors.Body(default, McpErrorCodes.ParseError, "Parse error: empty message")).ConfigureAwait(false);
            return null;
        }

        if (!JsonRpcReader.TryRead(message.Span, out var envelope, out var error))
        {
            // Malformed, a batch, or not a message: refused at the HTTP level, with the reader's precise reason.
            var body = HttpErrors.Body(envelope.IsResponse || envelope.IsNotification ? default : envelope.Id, error.Code, error.Message);
            message.Dispose();
            await HttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, body).ConfigureAwait(false);
            return null;
        }

        message.Classify(envelope);
        if (user is not null && message.IsRequest
            && ScopeGate.Check(_definition, user, envelope.Method, envelope.Params, _auth!.Settings.Scopes) is { } refusal)
        {
            var id = message.Id;
            message.Dispose();
            await RefuseAsync(context, refusal, id).ConfigureAwait(false);
            return null;
        }

        return message;
    }

    /// <summary>Ends a session in the background: its calls are cancelled and awaited, then waiting POSTs are released.</summary>
    private void EndSession(HttpSession session, string reason, bool grace)
    {
        _sessions.Remove(session);
        if (session.TryEnd(out _))
        {
            Track(FinishSessionAsync(session.Mcp, session, reason, grace));
        }
    }

    private Task FinishSessionAsync(McpSession mcp, HttpSession session, string reason, bool grace) =>
        FinishSessionAsync(mcp, [session], reason, grace);

    private async Task FinishSessionAsync(McpSession mcp, HttpSession[] http, string reason, bool grace)
    {
        // First: the session leaves the server's notifications, and its requests to the client (which can no longer
        // answer) fail, so the calls waiting on them end now rather than at their timeout.
        mcp.End();
        try
        {
            await mcp.DrainAsync(_timeouts.Drain, grace ? _timeouts.DrainGrace : TimeSpan.Zero).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _log.Error($"ending a session failed: {ex}");
        }

        foreach (var session in http)
        {
            foreach (var post in session.TakePosts())
            {
                post.Abandon(reason);
            }
        }
    }

    private void Track(Task task)
    {
        _endings[task] = true;
        _ = task.ContinueWith(static (done, state) => ((ConcurrentDictionary<Task, bool>)state!).TryRemove(done, out _),
            _endings, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Ends the sessions idle for longer than <see cref="HttpSettings.SessionIdleTimeout"/>.</summary>
    public void SweepIdleSessions()
    {
        foreach (var session in _sessions.RemoveIdle(_settings.SessionIdleTimeout))
        {
            _log.Debug($"session {session.Id} expired after {_settings.SessionIdleTimeout.TotalSeconds:0.###} s idle");
            EndSession(session, "the session expired", grace: false);
        }
    }

    /// <summary>
    /// Stops serving: new requests get 503, GET streams close, running calls get a grace to answer on their POSTs, then
    /// are cancelled; every session ends.
    /// </summary>
    public async Task StopAsync()
    {
        _stopping = true;
        CloseWebSockets();

        // Before the stateless calls are read: a POST registering its call meanwhile sees _stopping, or is seen here.
        Interlocked.MemoryBarrier();
        var sessions = _sessions.RemoveAll();
        var drains = new List<Task>();
        foreach (var session in sessions)
        {
            if (session.TryEnd(out _))
            {
                drains.Add(FinishSessionAsync(session.Mcp, session, "the server is shutting down", grace: true));
            }
        }

        foreach (var (post, mcp) in _statelessCalls)
        {
            drains.Add(FinishStatelessAsync(post, mcp));
        }

        drains.Add(_definition.Tasks.DrainAsync(_timeouts.Drain));
        drains.AddRange(_endings.Keys);
        var all = Task.WhenAll(drains);
        try
        {
            await all.WaitAsync(_timeouts.DrainGrace + _timeouts.Drain + TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _log.Warning("sessions still ending at shutdown; leaving them");
        }
    }

    private async Task FinishStatelessAsync(PostReplySink post, McpSession session)
    {
        await session.DrainAsync(_timeouts.Drain, _timeouts.DrainGrace).ConfigureAwait(false);
        post.Abandon("the server is shutting down");
    }

    /// <summary>The body of one POST (a pooled buffer) and what kind of message it holds.</summary>
    private sealed class PostedMessage(byte[] buffer, int length) : IDisposable
    {
        private byte[]? _buffer = buffer;

        public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, length);

        /// <summary>A request (a method and an id): it gets a response.</summary>
        public bool IsRequest { get; private set; }

        public bool IsInitialize { get; private set; }

        public byte[] Id { get; private set; } = [];

        // Where the request's id, method and params lie in the body: the sessionless path reads the envelope once.
        private Range _id, _method, _params;
        private bool _located;

        public void Classify(in JsonRpcEnvelope envelope)
        {
            IsRequest = envelope.HasId && !envelope.IsResponse;
            IsInitialize = IsRequest && envelope.Method.SequenceEqual(McpMethods.Initialize);
            Id = envelope.Id.ToArray();

            // An escaped method was unescaped elsewhere: such a request is read again.
            var span = Span;
            var method = 0;
            var id = 0;
            _located = IsRequest && span.Overlaps(envelope.Method, out method) && span.Overlaps(envelope.Id, out id);
            if (_located)
            {
                _id = new Range(id, id + envelope.Id.Length);
                _method = new Range(method, method + envelope.Method.Length);
                _params = envelope.Params.IsEmpty || !span.Overlaps(envelope.Params, out var at) ? default : new Range(at, at + envelope.Params.Length);
            }
        }

        /// <summary>The envelope of a request, as <see cref="ReadMessageAsync"/> read it.</summary>
        public JsonRpcEnvelope Envelope()
        {
            var span = Span;
            if (_located)
            {
                return new JsonRpcEnvelope { Id = span[_id], Method = span[_method], Params = span[_params] };
            }

            JsonRpcReader.TryRead(span, out var envelope, out _);
            return envelope;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _buffer, null) is { } rented)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
