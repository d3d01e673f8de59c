namespace PForge.Runtime.Tools;

/// <summary>
/// Announces changes to every session of one server: <c>notifications/resources/updated</c> to the sessions subscribed
/// to a URI, and the <c>list_changed</c> notifications to all. Safe from any thread; a session that is gone is skipped.
/// </summary>
public sealed class ServerNotifications
{
    private readonly Lock _gate = new();
    private readonly List<INotifiedSession> _sessions = [];

    /// <summary>How many sessions are open now.</summary>
    public int SessionCount
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>Sends <c>notifications/resources/updated {uri}</c> to each session subscribed to <paramref name="uri"/>.</summary>
    public void ResourceUpdated(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        foreach (var session in Snapshot())
        {
            session.NotifyResourceUpdated(uri);
        }
    }

    public void ResourcesListChanged() => Broadcast("notifications/resources/list_changed"u8);

    public void ToolsListChanged() => Broadcast("notifications/tools/list_changed"u8);

    public void PromptsListChanged() => Broadcast("notifications/prompts/list_changed"u8);

    internal void Add(INotifiedSession session)
    {
        lock (_gate)
        {
            _sessions.Add(session);
        }
    }

    internal void Remove(INotifiedSession session)
    {
        lock (_gate)
        {
            _sessions.Remove(session);
        }
    }

    private void Broadcast(ReadOnlySpan<byte> method)
    {
        foreach (var session in Snapshot())
        {
            session.Notify(method);
        }
    }

    private INotifiedSession[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _sessions];
        }
    }
}
