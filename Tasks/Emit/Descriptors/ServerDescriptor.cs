using PForge.Tasks.Config;

namespace PForge.Tasks.Emit;

// What the codegen templates see: names, values, kinds and lists, never C# text (the templates alone shape C#).
// Scriban exposes these members in snake_case (ClassName → class_name).

/// <summary>The whole generated server.</summary>
public sealed class ServerDescriptor
{
    public required string Namespace { get; init; }

    public required string ServerClass { get; init; }

    public required string Name { get; init; }

    public required string Version { get; init; }

    public required string Transport { get; init; }

    /// <summary>The constant JSON payloads (served as UTF-8 bytes): serverInfo, capabilities and the <c>tools/list</c> result.</summary>
    public required string ServerInfoJson { get; init; }

    public required string CapabilitiesJson { get; init; }

    public required string ToolsListJson { get; init; }

    /// <summary><c>forge.instructions</c>, or null.</summary>
    public required string? Instructions { get; init; }

    public required IReadOnlyList<ToolDescriptor> Tools { get; init; }

    /// <summary>The tools run by a handler, each a field of the server.</summary>
    public IReadOnlyList<ToolDescriptor> NativeTools => [.. Tools.Where(t => t.IsNative)];

    public required string GeneratorVersion { get; init; }

    /// <summary>The <c>resources/list</c>, <c>resources/templates/list</c> and <c>prompts/list</c> results; empty when nothing is declared.</summary>
    public string ResourcesListJson { get; init; } = string.Empty;

    public string ResourceTemplatesListJson { get; init; } = string.Empty;

    public string PromptsListJson { get; init; } = string.Empty;

    public IReadOnlyList<ResourceDescriptor> Resources { get; init; } = [];

    public IReadOnlyList<ResourceDescriptor> StaticResources => [.. Resources.Where(r => !r.IsUriTemplate)];

    public IReadOnlyList<ResourceDescriptor> UriTemplateResources => [.. Resources.Where(r => r.IsUriTemplate)];

    public IReadOnlyList<PromptDescriptor> Prompts { get; init; } = [];

    /// <summary>The handler of <c>completion/complete</c>, or null.</summary>
    public HandlerDescriptor? Completion { get; init; }

    /// <summary>The values that complete prompt arguments and template variables, each a static array of the server.</summary>
    public IReadOnlyList<CompletionDescriptor> Completions { get; init; } = [];

    /// <summary>Every resource, prompt and completion handler: each a field of the server.</summary>
    public IReadOnlyList<HandlerDescriptor> Handlers { get; init; } = [];

    /// <summary><c>forge.page_size</c>, or null (the runtime's default).</summary>
    public int? PageSize { get; init; }

    /// <summary>True when a tool has a policy: <c>CallToolAsync</c> then runs those tools' policies around <c>CallToolUnguardedAsync</c>.</summary>
    public bool HasPolicies => Tools.Any(t => t.Policy is not null);

    /// <summary>The indexes of the tools declared <c>task: true</c>, in order.</summary>
    public IReadOnlyList<int> TaskTools => [.. Tools.Where(t => t.IsTask).Select(t => t.Index)];

    /// <summary>The indexes of the tools declared <c>task: required</c>.</summary>
    public IReadOnlyList<int> RequiredTaskTools => [.. Tools.Where(t => t.IsTaskRequired).Select(t => t.Index)];

    /// <summary>The indexes of the tools declared <c>task_start: handler</c>.</summary>
    public IReadOnlyList<int> HandlerStartedTaskTools => [.. Tools.Where(t => t.TaskStartsInHandler).Select(t => t.Index)];

    /// <summary><c>forge.log_level</c>, or null when not given.</summary>
    public string? LogLevel { get; init; }

    /// <summary><c>forge.max_message_bytes</c>, or null (the runtime's default).</summary>
    public int? MaxMessageBytes { get; init; }

    /// <summary>
    /// The <c>HttpSettings</c> of <c>forge.http</c> (each member null when not given), with the body limit of
    /// <c>forge.max_message_bytes</c> unless <c>forge.http</c> sets its own; null when neither is given.
    /// </summary>
    public HttpSettingsConfig? Http { get; init; }

    /// <summary><c>forge.http.auth</c> as <c>HttpSettings.Auth</c>, or null when not given.</summary>
    public AuthDescriptor? Auth { get; init; }

    /// <summary>Every distinct set of scopes some tool, prompt, resource or template needs, each a static array.</summary>
    public IReadOnlyList<ScopeSetDescriptor> ScopeSets { get; init; } = [];

    /// <summary>True when some item needs scopes: the server then overrides the scope lookups of the definition.</summary>
    public bool HasScopedItems => ScopeSets.Count > 0;

    public bool HasScopedTools => Tools.Any(t => t.Scopes.Count > 0);

    public bool HasScopedPrompts => Prompts.Any(p => p.Scopes.Count > 0);

    public bool HasScopedResources => StaticResources.Any(r => r.Scopes.Count > 0);

    public bool HasScopedTemplates => UriTemplateResources.Any(r => r.Scopes.Count > 0);

    /// <summary>True when the entry point serves Streamable HTTP (PForge.Runtime.Http is compiled in).</summary>
    public bool HttpHost { get; init; }
}
