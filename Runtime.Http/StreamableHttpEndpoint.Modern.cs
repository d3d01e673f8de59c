using Microsoft.AspNetCore.Http;
using PForge.Runtime.Protocol;
using PForge.Runtime.Protocol.Messages;
using PForge.Runtime.Server;

namespace PForge.Runtime.Http;

/// <summary>
/// Requests of revision 2026-07-28: no session, so any instance answers any request; each POST is checked against its
/// headers, served by a session of its own and cancelled when the client closes its response.
/// </summary>
internal sealed partial class StreamableHttpEndpoint
{
    // Exchanges whose request left nothing running, for the next requests (a handful is all that runs at once).
    private readonly SessionlessExchange?[] _spareExchanges = new SessionlessExchange?[16];

    private async Task PostModernAsync(HttpContext context, string version, Tools.ToolUser? user)
    {
        // The revision has no client notification over HTTP (closing a response cancels it): one is accepted, and dropped.
        if (await ReadSessionlessRequestAsync(context, user).ConfigureAwait(false) is not { } body)
        {
            return;
        }

        using var owned = body;

        // Only a JSON answer is kept whole: a client that ranks SSE first gets every message as an event.
        var keep = !HttpMedia.PrefersEventStream(context.Request.Headers.Accept);
        if (Serve(context.Request.Headers, body, version, keep, user, out var exchange, out var isListen) is { } refusal)
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, refusal).ConfigureAwait(false);
            return;
        }

        var session = exchange.Session;
        var response = exchange.TakeResponse(out var post);
        try
        {
            if (post is null)
            {
                // Answered already (the common request): written as it is, with nothing to register for the drain.
                await WriteJsonAsync(context, response).ConfigureAwait(false);
                return;
            }

            // Registered only now: a call that ended with its handler has nothing left to drain at shutdown.
            _statelessCalls[post] = session;
            if (_stopping)
            {
                // Stopping began meanwhile: the drain may have missed this call, which then drains as it would.
                Track(FinishStatelessAsync(post, session));
            }

            try
            {
                await (isListen ? StreamListenAsync(context, post) : WriteRepliesAsync(context, post, modern: true)).ConfigureAwait(false);
            }
            finally
            {
                _statelessCalls.TryRemove(post, out _);
                post.Abandon("the HTTP exchange ended");
            }
        }
        finally
        {
            // Closing the response is the revision's cancellation: whatever still runs for it is cancelled. An exchange
            // whose request left nothing running serves the next request.
            if (session.HasPending)
            {
                Track(FinishSessionAsync(session, [], "the HTTP exchange ended", grace: false));
            }
            else
            {
                Release(exchange);
            }
        }
    }

    /// <summary>
    /// Checks a request against its headers and <c>_meta</c>, then hands it, with the <c>_meta</c> read, to the session
    /// of an exchange; the 400 body of a refused request, or null.
    /// </summary>
    private byte[]? Serve(IHeaderDictionary headers, PostedMessage body, string version, bool keep, Tools.ToolUser? user, out SessionlessExchange exchange, out bool isListen)
    {
        var envelope = body.Envelope();
        isListen = envelope.Method.SequenceEqual(McpMethods.SubscriptionsListen);
        var meta = RequestMeta.Read(envelope.Params);
        if (Refusal(headers, envelope, meta, body.Id, version) is { } refusal)
        {
            exchange = null!;
            return refusal;
        }

        exchange = RentExchange();
        exchange.Begin(body.Id, keep, user);
        exchange.Session.HandleRequest(envelope, meta);
        return null;
    }

    /// <summary>The 400 body for a request whose headers or <c>_meta</c> are wrong, or null.</summary>
    private byte[]? Refusal(IHeaderDictionary headers, in JsonRpcEnvelope envelope, in RequestMeta meta, byte[] id, string version)
    {
        if (ModernHeaders.Check(headers, envelope, meta, version) is { } mismatch)
        {
            return HttpErrors.Body(id, McpErrorCodes.HeaderMismatch, mismatch);
        }

        if (meta.Error is { } error)
        {
            return HttpErrors.Body(id, McpErrorCodes.InvalidParams, error);
        }

        // The headers checked the name already: the body's is the one in Mcp-Name.
        if (!_paramHeaders.IsEmpty && envelope.Method.SequenceEqual(McpMethods.ToolsCall)
            && StringMember.Read(envelope.Params, "name"u8) is { } tool
            && _paramHeaders.Check(headers, tool, envelope.Params) is { } paramMismatch)
        {
            return HttpErrors.Body(id, McpErrorCodes.HeaderMismatch, paramMismatch);
        }

        return meta.IsPresent
            ? null
            : HttpErrors.Body(id, McpErrorCodes.InvalidParams, $"Invalid params: \"_meta\" needs \"{RequestMeta.VersionKey}\" (a string)");
    }

    /// <summary>Writes a final response as the JSON body (with its headers, in one write).</summary>
    private static ValueTask WriteJsonAsync(HttpContext context, ReadOnlyMemory<byte> message)
    {
        var response = context.Response;
        response.StatusCode = ModernStatus(message.Span);
        response.ContentType = HttpMedia.Json;
        response.ContentLength = message.Length;
        return response.Body.WriteAsync(message, context.RequestAborted);
    }

    private SessionlessExchange RentExchange()
    {
        var spare = _spareExchanges;
        for (var i = 0; i < spare.Length; i++)
        {
            if (Volatile.Read(ref spare[i]) is not null && Interlocked.Exchange(ref spare[i], null) is { } exchange)
            {
                return exchange;
            }
        }

        return new SessionlessExchange(_definition, _log);
    }

    /// <summary>Keeps an exchange whose request left nothing running for the next request (dropped when all places are taken).</summary>
    private void Release(SessionlessExchange exchange)
    {
        exchange.Reset();
        var spare = _spareExchanges;
        for (var i = 0; i < spare.Length; i++)
        {
            if (Interlocked.CompareExchange(ref spare[i], exchange, null) is null)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The response of <c>subscriptions/listen</c>: an SSE stream of the subscription's notifications, open until the
    /// client closes it or the server stops, with a keep-alive comment when idle; a refused listen is a JSON error.
    /// </summary>
    private async Task StreamListenAsync(HttpContext context, PostReplySink post)
    {
        // The acknowledgment, or the error, is queued before this runs.
        var first = await post.ReadAsync(context.RequestAborted).ConfigureAwait(false);
        if (first is not { } opened || opened.IsFinal)
        {
            if (first is { } error)
            {
                await HttpErrors.WriteAsync(context, ModernStatus(error.Message), error.Message).ConfigureAwait(false);
            }

            return;
        }

        await SseWriter.StartAsync(context).ConfigureAwait(false);
        if (!await SseWriter.WriteMessageAsync(context, opened.Message).ConfigureAwait(false))
        {
            return;
        }

        while (true)
        {
            ReplyFrame? frame;
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted))
            {
                wait.CancelAfter(_timeouts.KeepAlive);
                try
                {
                    frame = await post.ReadAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
                {
                    if (!await SseWriter.WriteKeepAliveAsync(context).ConfigureAwait(false))
                    {
                        return;
                    }

                    continue;
                }
            }

            // Null when the server is stopping: the stream ends.
            if (frame is not { } next || !await SseWriter.WriteMessageAsync(context, next.Message).ConfigureAwait(false) || next.IsFinal)
            {
                return;
            }
        }
    }

    /// <summary>Answers a POST whose <c>MCP-Protocol-Version</c> names no revision this server speaks, with the revisions it does.</summary>
    private async Task UnsupportedVersionAsync(HttpContext context, string version)
    {
        byte[] id = [];
        if (context.Request.Method == "POST" && await ReadMessageAsync(context, user: null).ConfigureAwait(false) is { } message)
        {
            using (message)
            {
                id = message.IsRequest ? message.Id : [];
            }
        }

        using var scratch = JsonScratch.Rent();
        JsonRpcWriter.WriteUnsupportedVersion(scratch.Writer, id, version.Length <= 64 ? version : string.Concat(version.AsSpan(0, 64), "…"));
        await HttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, scratch.WrittenSpan.ToArray()).ConfigureAwait(false);
    }

    /// <summary>The HTTP status of a final response of the revision: 404 for an unknown method, 400 for its own errors.</summary>
    private static int ModernStatus(ReadOnlySpan<byte> response) =>
        response.IndexOf(",\"error\":{\"code\":-32601,"u8) >= 0 ? StatusCodes.Status404NotFound
        : response.IndexOf(",\"error\":{\"code\":-3202"u8) >= 0 ? StatusCodes.Status400BadRequest
        : StatusCodes.Status200OK;
}
