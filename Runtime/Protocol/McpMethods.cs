namespace PForge.Runtime.Protocol;

/// <summary>Method names as UTF-8, compared against the request bytes without decoding.</summary>
public static class McpMethods
{
    public static ReadOnlySpan<byte> Initialize => "initialize"u8;
    public static ReadOnlySpan<byte> Initialized => "notifications/initialized"u8;
    public static ReadOnlySpan<byte> Ping => "ping"u8;
    public static ReadOnlySpan<byte> ServerDiscover => "server/discover"u8;
    public static ReadOnlySpan<byte> ToolsList => "tools/list"u8;
    public static ReadOnlySpan<byte> ToolsCall => "tools/call"u8;
    public static ReadOnlySpan<byte> Cancelled => "notifications/cancelled"u8;
    public static ReadOnlySpan<byte> ResourcesList => "resources/list"u8;
    public static ReadOnlySpan<byte> ResourceTemplatesList => "resources/templates/list"u8;
    public static ReadOnlySpan<byte> ResourcesRead => "resources/read"u8;
    public static ReadOnlySpan<byte> ResourcesSubscribe => "resources/subscribe"u8;
    public static ReadOnlySpan<byte> ResourcesUnsubscribe => "resources/unsubscribe"u8;
    public static ReadOnlySpan<byte> PromptsList => "prompts/list"u8;
    public static ReadOnlySpan<byte> PromptsGet => "prompts/get"u8;
    public static ReadOnlySpan<byte> CompletionComplete => "completion/complete"u8;
    public static ReadOnlySpan<byte> LoggingSetLevel => "logging/setLevel"u8;
    public static ReadOnlySpan<byte> SubscriptionsListen => "subscriptions/listen"u8;
    public static ReadOnlySpan<byte> TasksGet => "tasks/get"u8;
    public static ReadOnlySpan<byte> TasksUpdate => "tasks/update"u8;
    public static ReadOnlySpan<byte> TasksCancel => "tasks/cancel"u8;
}
