using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Http;

/// <summary>
/// MCP over a WebSocket: an upgrade request to the MCP endpoint, subprotocol <c>mcp</c>, one session per connection.
/// The upgrade passes the same Host/Origin checks and auth as a POST; its caller is the caller of every message.
/// </summary>
internal sealed partial class StreamableHttpEndpoint
{
    /// <summary>The WebSocket subprotocol of MCP (the TypeScript SDK's WebSocketClientTransport asks for it).</summary>
    internal const string WebSocketSubprotocol = "mcp";

    private readonly ConcurrentDictionary<WebSocketConnection, bool> _sockets = new();

    public int WebSocketCount => _sockets.Count;

    private async Task WebSocketAsync(HttpContext context, ToolUser? user)
    {
        var asked = context.WebSockets.WebSocketRequestedProtocols;
        if (asked.Count > 0 && !asked.Contains(WebSocketSubprotocol, StringComparer.Ordinal))
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest,
                $"Bad Request: the WebSocket subprotocol of MCP is '{WebSocketSubprotocol}' (asked: {string.Join(", ", asked)})").ConfigureAwait(false);
            return;
        }

        if (_sockets.Count >= Math.Max(1, _settings.MaxSessions))
        {
            context.Response.Headers.RetryAfter = "5";
            await HttpErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                $"Service Unavailable: {_settings.MaxSessions} WebSocket sessions are open (MaxSessions)").ConfigureAwait(false);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = asked.Count > 0 ? WebSocketSubprotocol : null,

            // Pings the client sends no pong to end the connection: a dead peer does not hold a session.
            KeepAliveInterval = _timeouts.KeepAlive,
            KeepAliveTimeout = _timeouts.KeepAlive,
        }).ConfigureAwait(false);
        var connection = new WebSocketConnection(socket, _definition, _settings, user, _log);
        _sockets[connection] = true;
        _log.Debug("WebSocket session opened");
        try
        {
            if (_stopping)
            {
                connection.Close(WebSocketCloseStatus.EndpointUnavailable, "the server is shutting down");
            }

            await connection.RunAsync(_timeouts.Drain, _timeouts.DrainGrace, context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            _sockets.TryRemove(connection, out _);
            _log.Debug("WebSocket session closed");
        }
    }

    /// <summary>Asks every WebSocket session to close as the server stops (after their calls' grace).</summary>
    private void CloseWebSockets()
    {
        foreach (var connection in _sockets.Keys)
        {
            connection.Close(WebSocketCloseStatus.EndpointUnavailable, "the server is shutting down");
        }
    }
}
