using System.Diagnostics;
using System.Security.Cryptography;
using PForge.Runtime.Server;
using PForge.Runtime.Telemetry;

namespace PForge.Runtime.Http;

/// <summary>
/// One stateful MCP session over HTTP: the protocol session, the POSTs waiting for their responses, the open GET
/// stream if any, and how long it has been idle.
/// </summary>
internal sealed class HttpSession
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, PostReplySink> _posts = new(StringComparer.Ordinal);
    private ServerStream? _stream;
    private long _lastActivity;
    private int _activeRequests;
    private bool _ended;

    public HttpSession(McpServerDefinition definition, ServerLog log)
    {
        Id = NewId();
        Sink = new SessionSink(this, log);
        Mcp = new McpSession(definition, Sink, log);
        _lastActivity = Stopwatch.GetTimestamp();
    }

    /// <summary>
    /// Who opened the session (scheme and subject of its initialize), or null without auth: requests of another caller
    /// do not find it, so a session id that leaked serves nobody else (the specification's session binding).
    /// </summary>
    public string? Owner { get; init; }

    /// <summary>An HTTP+SSE session (revision 2024-11-05): its messages all go to the stream it was opened with.</summary>
    public bool IsLegacy { get; init; }

    public static string? OwnerOf(Tools.ToolUser? user) => user is null ? null : user.Scheme + ":" + user.Subject;

    /// <summary>The <c>Mcp-Session-Id</c>: 32 hex digits from a cryptographic generator (visible ASCII).</summary>
    public string Id { get; }

    public McpSession Mcp { get; }

    /// <summary>The session's own sink: messages tied to no request, to the GET stream.</summary>
    public MessageSink Sink { get; }

    /// <summary>Held while a message is handed to <see cref="Mcp"/>: the session reads one message at a time.</summary>
    public Lock InputGate { get; } = new();

    public ServerStream? Stream => Volatile.Read(ref _stream);

    /// <summary>When (<see cref="Stopwatch.GetTimestamp"/>) the last request started or ended.</summary>
    public long LastActivity => Interlocked.Read(ref _lastActivity);

    /// <summary>Requests in progress (POSTs waiting for their responses, an open GET stream): a busy session is not idle.</summary>
    public int ActiveRequests => Volatile.Read(ref _activeRequests);

    public bool IsEnded
    {
        get
        {
            lock (_gate)
            {
                return _ended;
            }
        }
    }

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public void BeginRequest()
    {
        Interlocked.Increment(ref _activeRequests);
        Interlocked.Exchange(ref _lastActivity, Stopwatch.GetTimestamp());
    }

    public void EndRequest()
    {
        Interlocked.Exchange(ref _lastActivity, Stopwatch.GetTimestamp());
        Interlocked.Decrement(ref _activeRequests);
    }

    /// <summary>Registers the POST of request <paramref name="id"/>; false when a POST with this id is still waiting.</summary>
    public bool TryAddPost(ReadOnlySpan<byte> id, PostReplySink post)
    {
        lock (_gate)
        {
            return !_ended && _posts.TryAdd(HttpErrors.Text(id), post);
        }
    }

    public void RemovePost(ReadOnlySpan<byte> id, PostReplySink post)
    {
        lock (_gate)
        {
            var key = HttpErrors.Text(id);
            if (_posts.TryGetValue(key, out var current) && current == post)
            {
                _posts.Remove(key);
            }
        }
    }

    /// <summary>Opens the session's one GET stream; false when one is open already (or the session ended).</summary>
    public bool TryAttachStream(ServerStream stream)
    {
        lock (_gate)
        {
            if (_ended || _stream is not null)
            {
                return false;
            }

            _stream = stream;
            return true;
        }
    }

    public void DetachStream(ServerStream stream)
    {
        lock (_gate)
        {
            if (_stream == stream)
            {
                _stream = null;
            }
        }

        stream.Close();
    }

    /// <summary>
    /// Marks the session ended and closes its GET stream; returns the POSTs still waiting, for the caller to abandon
    /// once the session's calls were drained. False when it had ended already.
    /// </summary>
    public bool TryEnd(out PostReplySink[] waiting)
    {
        ServerStream? stream;
        lock (_gate)
        {
            if (_ended)
            {
                waiting = [];
                return false;
            }

            _ended = true;
            stream = _stream;
            _stream = null;
            waiting = [.. _posts.Values];
        }

        stream?.Close();
        return true;
    }

    /// <summary>The POSTs still waiting now (after the drain), to abandon.</summary>
    public PostReplySink[] TakePosts()
    {
        lock (_gate)
        {
            PostReplySink[] waiting = [.. _posts.Values];
            _posts.Clear();
            return waiting;
        }
    }
}

/// <summary>The sessions of one server, with the bound on their number and the idle expiry.</summary>
internal sealed class SessionStore(int maxSessions)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HttpSession> _sessions = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>Adds <paramref name="session"/>; when the store is full, removes and returns the longest-idle session first.</summary>
    public HttpSession? Add(HttpSession session)
    {
        lock (_gate)
        {
            HttpSession? evicted = null;
            if (_sessions.Count >= Math.Max(1, maxSessions))
            {
                // Prefer a session with nothing in progress; among equals, the one idle the longest.
                foreach (var candidate in _sessions.Values)
                {
                    if (evicted is null
                        || (candidate.ActiveRequests == 0 && evicted.ActiveRequests > 0)
                        || ((candidate.ActiveRequests == 0) == (evicted.ActiveRequests == 0) && candidate.LastActivity < evicted.LastActivity))
                    {
                        evicted = candidate;
                    }
                }

                _sessions.Remove(evicted!.Id);
            }

            _sessions.Add(session.Id, session);
            return evicted;
        }
    }

    public HttpSession? Find(string id)
    {
        lock (_gate)
        {
            return _sessions.GetValueOrDefault(id);
        }
    }

    public bool Remove(HttpSession session)
    {
        lock (_gate)
        {
            return _sessions.Remove(session.Id);
        }
    }

    /// <summary>Removes and returns the sessions with nothing in progress for <paramref name="idleTimeout"/> or longer.</summary>
    public List<HttpSession> RemoveIdle(TimeSpan idleTimeout)
    {
        var expired = new List<HttpSession>();
        lock (_gate)
        {
            foreach (var session in _sessions.Values)
            {
                if (session.ActiveRequests == 0 && Stopwatch.GetElapsedTime(session.LastActivity) >= idleTimeout)
                {
                    expired.Add(session);
                }
            }

            foreach (var session in expired)
            {
                _sessions.Remove(session.Id);
            }
        }

        return expired;
    }

    public List<HttpSession> RemoveAll()
    {
        lock (_gate)
        {
            var all = _sessions.Values.ToList();
            _sessions.Clear();
            return all;
        }
    }
}
