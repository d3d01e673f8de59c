namespace PForge.Runtime.Tools;

/// <summary>A session that <see cref="ServerNotifications"/> announces changes to (the server's session implements it).</summary>
internal interface INotifiedSession
{
    /// <summary>Sends a notification without params (a list_changed).</summary>
    void Notify(ReadOnlySpan<byte> method);

    /// <summary>Sends <c>notifications/resources/updated</c> when the session subscribed to <paramref name="uri"/>.</summary>
    void NotifyResourceUpdated(string uri);
}
