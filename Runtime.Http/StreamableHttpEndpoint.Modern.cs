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
    private async Task PostModernAsync(HttpContext context, string version)
    {
        // The revision has no client notification over HTTP (closing a response cancels it): one is accepted, and dropped.
        if (await ReadSessionlessRequestAsync(context).ConfigureAwait(false) is not { } body)
        {
            return;
        }

        using var owned = body;

        if (Refusal(context.Request.Headers, body, version, out var isListen) is { } refusal)
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, refusal).ConfigureAwait(false);
            return;
        }

        var post = new PostReplySink(body.Id, _log);
        var session = new McpSession(_definition, new ForwardingSink(post), _log);
        _statelessCalls[post] = session;
        try
        {
            session.HandleMessage(body.Span, post);
            await (isListen ? StreamListenAsync(context, post) : WriteRepliesAsync(context, post, modern: true)).ConfigureAwait(false);
        }
        finally
        {
            _statelessCalls.TryRemove(post, out _);
            post.Abandon("the HTTP exchange ended");

            // Closing the response is the revision's cancellation: whatever still runs for it is cancelled. The common
            // request ran to its end already: its session ends here, without the drain's task.
            if (session.HasPending)
            {
                Track(FinishSessionAsync(session, [], "the HTTP exchange ended", grace: false));
            }
            else
            {
                session.End();
            }
        }
    }

    /// <summary>The 400 body for a request whose headers or <c>_meta</c> are wrong, or null.</summary>
    private byte[]? Refusal(IHeaderDictionary headers, PostedMessage body, string version, out bool isListen)
    {
        JsonRpcReader.TryRead(body.Span, out var envelope, out _);
        isListen = envelope.Method.SequenceEqual(McpMethods.SubscriptionsListen);
        var meta = RequestMeta.Read(envelope.Params);
        if (ModernHeaders.Check(headers, envelope, meta, version) is { } mismatch)
        {
            return HttpErrors.Body(body.Id, McpErrorCodes.HeaderMismatch, mismatch);
        }

        if (meta.Error is { } error)
        {
            return HttpErrors.Body(body.Id, McpErrorCodes.InvalidParams, error);
        }

        // The headers checked the name already: the body's is the one in Mcp-Name.
        if (!_paramHeaders.IsEmpty && envelope.Method.SequenceEqual(McpMethods.ToolsCall)
            && StringMember.Read(envelope.Params, "name"u8) is { } tool
            && _paramHeaders.Check(headers, tool, envelope.Params) is { } paramMismatch)
        {
            return HttpErrors.Body(body.Id, McpErrorCodes.HeaderMismatch, paramMismatch);
        }

        return meta.IsPresent
            ? null
            : HttpErrors.Body(body.Id, McpErrorCodes.InvalidParams, $"Invalid params: \"_meta\" needs \"{RequestMeta.VersionKey}\" (a string)");
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
        if (context.Request.Method == "POST" && await ReadMessageAsync(context).ConfigureAwait(false) is { } message)
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
