using PForge.Runtime.Protocol;
using PForge.Runtime.Protocol.Messages;
using PForge.Runtime.Resources;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Server;

/// <summary><c>subscriptions/listen</c> (revision 2026-07-28): a request that stays open and carries change notifications.</summary>
public sealed partial class McpSession
{
    private void Listen(MessageSink reply, ReadOnlySpan<byte> id, ReadOnlySpan<byte> parameters)
    {
        var filter = ListenParams.Read(parameters);
        if (filter.Error is { } error)
        {
            SendError(reply, id, McpErrorCodes.InvalidParams, error);
            return;
        }

        // What this server can announce: its tools always, prompts and resources when it has them, updates of the
        // resources that support subscriptions.
        var capabilities = _definition.CapabilitiesJson;
        var subscription = new Subscription(
            reply,
            id.ToArray(),
            filter.ToolsListChanged,
            filter.PromptsListChanged && capabilities.IndexOf("\"prompts\""u8) >= 0,
            filter.ResourcesListChanged && capabilities.IndexOf("\"resources\""u8) >= 0,
            [.. filter.ResourceSubscriptions.Where(uri => _definition.FindResource(uri) == ResourceMatch.Subscribable)]);
        subscription.Acknowledge();
        _definition.Notifications.Add(subscription);

        // The stream is a request that never answers: it ends when the client cancels it or the session ends.
        var context = new ToolContext(new CallChannel(this, reply, _log, progressToken: null, shared: false)) { User = reply.User };
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        context.CallToken.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), ended);
        Track(reply, id, context, new ValueTask<bool>(ListenAsync(ended.Task, subscription)), static (_, _) => { });
    }

    private async Task<bool> ListenAsync(Task ended, Subscription subscription)
    {
        try
        {
            await ended.ConfigureAwait(false);
        }
        finally
        {
            _definition.Notifications.Remove(subscription);
            subscription.Close();
        }

        return true;
    }
}
