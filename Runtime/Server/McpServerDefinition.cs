using PForge.Runtime.Completion;
using PForge.Runtime.Prompts;
using PForge.Runtime.Resources;
using PForge.Runtime.Settings;
using PForge.Runtime.State;
using PForge.Runtime.Telemetry;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Server;

/// <summary>
/// What a build of <c>pforge.yaml</c> knows about a server: its identity, constant payloads and tool registry.
/// The code generator writes the one subclass; nothing here is discovered at run time.
/// </summary>
public abstract class McpServerDefinition : IToolRegistry
{
    /// <summary>The <c>serverInfo</c> object of the initialize result, as UTF-8 JSON.</summary>
    public abstract ReadOnlySpan<byte> ServerInfoJson { get; }

    /// <summary>The <c>capabilities</c> object of the initialize result, as UTF-8 JSON.</summary>
    public abstract ReadOnlySpan<byte> CapabilitiesJson { get; }

    /// <summary>The <c>instructions</c> text of the initialize result, or null.</summary>
    public abstract string? Instructions { get; }

    /// <summary>The whole <c>tools/list</c> result object, as UTF-8 JSON.</summary>
    public abstract ReadOnlySpan<byte> ToolsListJson { get; }

    /// <summary>The <c>forge.name</c> and <c>forge.version</c> of the YAML, for <c>--version</c>.</summary>
    public abstract string Name { get; }

    public abstract string Version { get; }

    /// <summary>The transport the YAML asks for when the command line names none.</summary>
    public virtual string DefaultTransport => "stdio";

    /// <summary>The log level <c>forge.log_level</c> names (debug, info, warning, error, none), or null; <c>--log-level</c> and <c>PFORGE_LOG_LEVEL</c> win.</summary>
    public virtual string? DefaultLogLevel => null;

    /// <summary>
    /// The longest line the stdio transport accepts (<c>forge.max_message_bytes</c>, default 16 MiB); <c>--max-message-bytes</c>
    /// and <c>PFORGE_MAX_MESSAGE_BYTES</c> win. Over HTTP the limit is <see cref="HttpSettings.MaxRequestBodyBytes"/>,
    /// which the generated server sets from the same key.
    /// </summary>
    public virtual int MaxMessageBytes => MessageLimit.DefaultStdioBytes;

    /// <summary>How the Streamable HTTP transport serves (<c>forge.http</c>), when it is compiled in.</summary>
    public virtual HttpSettings Http => HttpSettings.Default;

    /// <summary>The YAML's <c>state:</c> block (without one: memory, keys prefixed <c>&lt;name&gt;:</c>); the host applies <c>--state-*</c> over it.</summary>
    public virtual StateSettings StateSettings => new() { KeyPrefix = Name + ":" };

    private IStateStore? _state;

    /// <summary>
    /// The store handlers reach as <see cref="ToolContext.State"/>: opened by the host from <see cref="StateSettings"/>
    /// before serving (the host's <c>StateHost</c>); a memory store when nothing set one (tests, embedding).
    /// </summary>
    public IStateStore State
    {
        get => Volatile.Read(ref _state) ?? Interlocked.CompareExchange(ref _state, new MemoryStateStore(), null) ?? _state!;
        set => Volatile.Write(ref _state, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>
    /// Opens a store of a backend compiled into this server (generated when the sqlite or redis store is, see
    /// <c>PForgeStateSqlite</c> and <c>PForgeStateRedis</c>); null when <paramref name="settings"/> names another one.
    /// </summary>
    public virtual ValueTask<IStateStore?> OpenStateStoreAsync(StateSettings settings, ServerLog log) => new((IStateStore?)null);

    /// <summary>The index of a tool for <see cref="CallToolAsync"/>, or -1 when no tool has that name.</summary>
    public abstract int FindTool(ReadOnlySpan<char> name);

    /// <summary>Reads and validates the arguments of tool <paramref name="tool"/>, then runs its handler.</summary>
    public abstract ValueTask<ToolResult> CallToolAsync(int tool, ReadOnlySpan<byte> arguments, ToolContext context);

    /// <summary>
    /// Calls tool <paramref name="tool"/> without its policies: what a <see cref="Policies.ToolPolicy"/> runs for each
    /// attempt. Generated when a tool of the server has a policy (<see cref="CallToolAsync"/> then runs those tools' policies).
    /// </summary>
    protected internal virtual ValueTask<ToolResult> CallToolUnguardedAsync(int tool, ReadOnlySpan<byte> arguments, ToolContext context) =>
        throw new InvalidOperationException("This server has no tool policies: call CallToolAsync");

    ValueTask<ToolResult> IToolRegistry.CallToolUnguardedAsync(int tool, ReadOnlySpan<byte> arguments, ToolContext context) =>
        CallToolUnguardedAsync(tool, arguments, context);

    /// <summary>The name of tool <paramref name="tool"/> (the tag of its measurements), or null when the definition does not say.</summary>
    public virtual string? ToolName(int tool) => null;

    /// <summary>How many items one page of a list method holds; a longer list is paged with <c>nextCursor</c>.</summary>
    public virtual int PageSize => 100;

    /// <summary>The whole <c>resources/list</c> result object, as UTF-8 JSON.</summary>
    public virtual ReadOnlySpan<byte> ResourcesListJson => """{"resources":[]}"""u8;

    /// <summary>The whole <c>resources/templates/list</c> result object, as UTF-8 JSON.</summary>
    public virtual ReadOnlySpan<byte> ResourceTemplatesListJson => """{"resourceTemplates":[]}"""u8;

    /// <summary>The whole <c>prompts/list</c> result object, as UTF-8 JSON.</summary>
    public virtual ReadOnlySpan<byte> PromptsListJson => """{"prompts":[]}"""u8;

    /// <summary>
    /// Sends list-changed and resource-updated notifications to the sessions of this server; handlers reach it
    /// through <see cref="ToolContext.Server"/> or keep it to announce changes from elsewhere.
    /// </summary>
    public ServerNotifications Notifications { get; } = new();

    /// <summary>
    /// Seals the request state of input required results (revision 2026-07-28); the host keys it from
    /// <see cref="RequestStateSealer.KeyVariable"/> so that any instance can take a retry.
    /// </summary>
    public RequestStateSealer RequestState { get; set; } = RequestStateSealer.WithRandomKey();

    /// <summary>The tools running as tasks and their records (the Tasks extension of revision 2026-07-28).</summary>
    public ToolTasks Tasks { get; } = new();

    /// <summary>True for a tool declared <c>task: true</c>: a client that declares the Tasks extension gets a task handle.</summary>
    public virtual bool IsTaskTool(int tool) => false;

    /// <summary>True for a tool declared <c>task: required</c>: a request of revision 2026-07-28 without the Tasks extension is refused (-32021).</summary>
    public virtual bool IsTaskRequired(int tool) => false;

    /// <summary>
    /// True for a tool declared <c>task_start: handler</c>: for a client that declares the Tasks extension its handler
    /// runs in the call (and may ask for input there) until it calls <see cref="ToolContext.ContinueAsTask"/>.
    /// </summary>
    public virtual bool TaskStartsInHandler(int tool) => false;

    /// <summary>What <paramref name="uri"/> names: nothing, a readable resource, or one clients may subscribe to.</summary>
    public virtual ResourceMatch FindResource(string uri) => ResourceMatch.None;

    /// <summary>
    /// Reads resource <paramref name="uri"/> (a static resource or a template's native handler); null when no resource
    /// has this URI (answered -32002). A handler may throw <see cref="Protocol.McpException"/> for another error.
    /// </summary>
    public virtual ValueTask<ResourceResult?> ReadResourceAsync(string uri, ToolContext context) => new((ResourceResult?)null);

    /// <summary>The index of a prompt for <see cref="GetPromptAsync"/>, or -1 when no prompt has that name.</summary>
    public virtual int FindPrompt(ReadOnlySpan<char> name) => -1;

    /// <summary>
    /// Renders prompt <paramref name="prompt"/> with the client's arguments (string values, as MCP sends them). A missing
    /// required argument throws <see cref="Protocol.McpException"/> with <see cref="Protocol.McpErrorCodes.InvalidParams"/>.
    /// </summary>
    public virtual ValueTask<PromptResult> GetPromptAsync(int prompt, IReadOnlyDictionary<string, string> arguments, ToolContext context) =>
        throw new ArgumentOutOfRangeException(nameof(prompt), prompt, "No prompt has this index.");

    /// <summary>Completes a prompt argument or a template variable (from declared <c>enum</c> values or a native handler).</summary>
    public virtual ValueTask<CompletionResult> CompleteAsync(CompletionRequest request, ToolContext context) => new(CompletionResult.Empty);

    /// <summary>True when some tool, resource, template or prompt declares <c>scopes</c> (so that lists are filtered per caller).</summary>
    public virtual bool HasScopedItems => false;

    /// <summary>The scopes a caller needs for tool <paramref name="tool"/> (its index, which is also its place in <c>tools/list</c>).</summary>
    public virtual IReadOnlyList<string> ToolScopes(int tool) => [];

    /// <summary>The scopes a caller needs for prompt <paramref name="prompt"/> (its index, also its place in <c>prompts/list</c>).</summary>
    public virtual IReadOnlyList<string> PromptScopes(int prompt) => [];

    /// <summary>The scopes of the resource at place <paramref name="item"/> of <c>resources/list</c>.</summary>
    public virtual IReadOnlyList<string> ResourceScopes(int item) => [];

    /// <summary>The scopes of the template at place <paramref name="item"/> of <c>resources/templates/list</c>.</summary>
    public virtual IReadOnlyList<string> ResourceTemplateScopes(int item) => [];

    /// <summary>The scopes needed to read (or subscribe to) <paramref name="uri"/>: those of the resource or template it matches.</summary>
    public virtual IReadOnlyList<string> ResourceScopesOf(string uri) => [];

    /// <summary>The members the revision 2026-07-28 splices into results, by kind of result, made on first use.</summary>
    internal byte[]?[] ModernMembers { get; } = new byte[]?[3];

    // Built on first use, once per list: where each item of a constant list payload lies, for paging.
    private readonly ListIndex?[] _listIndexes = new ListIndex?[4];

    internal ListIndex ListIndexOf(ListKind kind, ReadOnlySpan<byte> json)
    {
        var index = Volatile.Read(ref _listIndexes[(int)kind]);
        if (index is null)
        {
            index = ListIndex.Build(json);
            Volatile.Write(ref _listIndexes[(int)kind], index);
        }

        return index;
    }
}
