using Microsoft.AspNetCore.Http;
using PForge.Runtime.Server;
using PForge.Runtime.Settings;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Http;

/// <summary>
/// The HTTP+SSE transport of revision 2024-11-05, beside Streamable HTTP on the same port: <c>GET /sse</c> opens a
/// session's event stream and names, in its first <c>endpoint</c> event, where to POST; every message of the session,
/// responses included, comes on that stream. Same limits, Host/Origin checks, auth and caller binding as <c>/mcp</c>.
/// </summary>
internal sealed partial class StreamableHttpEndpoint
{
    /// <summary>The query parameter of the POST endpoint that names the session (the official SDKs' name).</summary>
    internal const string LegacySessionParameter = "sessionId";

    private async Task LegacyStreamAsync(HttpContext context, ToolUser? user)
    {
        if (context.Request.Method != "GET")
        {
            await MethodNotAllowedAsync(context, "GET").ConfigureAwait(false);
            return;
        }

        if (!HttpMedia.Accepts(context.Request.Headers.Accept, HttpMedia.EventStream))
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status406NotAcceptable, $"Not Acceptable: GET {HttpSettings.LegacySsePath} must accept text/event-stream").ConfigureAwait(false);
            return;
        }

        if (_settings.Stateless)
        {
            // The session lives in this process: in a scale-out setup its POSTs could reach another instance.
            await StatelessRefusalAsync(context, $"has no HTTP+SSE sessions; use Streamable HTTP at {_settings.Path}").ConfigureAwait(false);
            return;
        }

        var session = new HttpSession(_definition, _log) { Owner = HttpSession.OwnerOf(user), IsLegacy = true };
        var stream = new ServerStream(_log);
        session.TryAttachStream(stream);
        AddSession(session);
        _log.Debug($"session {session.Id} created (HTTP+SSE)");
        session.BeginRequest();
        try
        {
            await SseWriter.StartAsync(context).ConfigureAwait(false);
            if (await SseWriter.WriteEndpointAsync(context, $"{HttpSettings.LegacyMessagePath}?{LegacySessionParameter}={session.Id}").ConfigureAwait(false))
            {
                await PumpAsync(context, stream).ConfigureAwait(false);
            }
        }
        finally
        {
            session.DetachStream(stream);
            session.EndRequest();

            // Without its stream the session can answer nothing: it ends with it.
            EndSession(session, "the client closed the SSE stream", grace: false);
        }
    }

    private async Task LegacyPostAsync(HttpContext context, ToolUser? user)
    {
        if (context.Request.Method != "POST")
        {
            await MethodNotAllowedAsync(context, "POST").ConfigureAwait(false);
            return;
        }

        var ids = context.Request.Query[LegacySessionParameter];
        if (ids.Count != 1 || string.IsNullOrEmpty(ids[0]))
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest,
                $"Bad Request: the {LegacySessionParameter} query parameter is required (the endpoint event of GET {HttpSettings.LegacySsePath} names it)").ConfigureAwait(false);
            return;
        }

        if (FindSession(ids[0]!, user, legacy: true) is not { Stream: not null } session)
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status404NotFound,
                $"Not Found: no such session (its SSE stream closed, or it expired); open a new one with GET {HttpSettings.LegacySsePath}").ConfigureAwait(false);
            return;
        }

        var message = await ReadMessageAsync(context, user, legacy: true).ConfigureAwait(false);
        if (message is null)
        {
            return;
        }

        using var body = message;
        session.BeginRequest();
        try
        {
            // The answer comes on the stream; the POST only says it was taken.
            var sink = new LegacyReplySink(session.Sink) { User = user };
            lock (session.InputGate)
            {
                session.Mcp.HandleMessage(body.Span, sink);
            }

            context.Response.StatusCode = StatusCodes.Status202Accepted;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("Accepted", context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            session.EndRequest();
        }
    }
}
