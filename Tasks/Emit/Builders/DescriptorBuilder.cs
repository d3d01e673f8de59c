using PForge.Tasks.Config;
using PForge.Tasks.Diagnostics;

namespace PForge.Tasks.Emit;

/// <summary>
/// Builds the server's descriptors from the checked configuration, feature by feature (tools, resources, prompts,
/// completion, the constant list results); http and policy settings pass through as the YAML gives them.
/// </summary>
public sealed class DescriptorBuilder
{
    private readonly DescriptorContext _context;

    public DescriptorBuilder(string rootNamespace, List<Diagnostic> diagnostics)
    {
        // The project's RootNamespace comes from its file name ('my-server'): make it a namespace C# accepts.
        _context = new DescriptorContext(CSharpNames.Namespace(rootNamespace), diagnostics);
    }

    public ServerDescriptor Build(PForgeConfig config, string generatorVersion, bool httpHost = false)
    {
        ArgumentNullException.ThrowIfNull(config);
        var tools = new ToolBuilder(_context).Build(config.Tools);
        var handlers = new List<HandlerDescriptor>();
        var resources = ResourceBuilder.Build(_context, config.Resources, handlers);
        var completions = new List<CompletionDescriptor>();
        var prompts = PromptBuilder.Build(_context, config.Prompts, handlers, completions);
        CompletionBuilder.AddTemplateVariables(config.Resources, completions);
        var completion = CompletionBuilder.Handler(_context, config.CompletionHandler, handlers);
        var forge = config.Forge;
        var scopeSets = ScopeBuilder.Assign(config, tools, resources, prompts);
        return new ServerDescriptor
        {
            Namespace = _context.RootNamespace,
            ServerClass = "PForgeServer",
            Name = forge.Name,
            Version = forge.Version,
            Transport = forge.Transport,
            ServerInfoJson = ListResults.ServerInfo(forge),
            CapabilitiesJson = ListResults.Capabilities(config),
            Instructions = forge.Instructions,
            ToolsListJson = ListResults.ToolsList(config.Tools, tools),
            Tools = tools,
            GeneratorVersion = generatorVersion,
            ResourcesListJson = config.Resources.Count == 0 ? string.Empty : ListResults.ResourcesList(config.Resources, templates: false),
            ResourceTemplatesListJson = config.Resources.Count == 0 ? string.Empty : ListResults.ResourcesList(config.Resources, templates: true),
            PromptsListJson = config.Prompts.Count == 0 ? string.Empty : ListResults.PromptsList(config.Prompts),
            Resources = resources,
            Prompts = prompts,
            Completion = completion,
            Completions = completions,
            Handlers = handlers,
            PageSize = forge.PageSize,
            Http = HttpSettings(forge),
            MaxMessageBytes = forge.MaxMessageBytes,
            LogLevel = forge.LogLevel,
            HttpHost = httpHost,
            Auth = ScopeBuilder.Auth(config, tools, resources, prompts),
            ScopeSets = scopeSets,
        };
    }

    /// <summary><c>forge.http</c>, with the body limit of <c>forge.max_message_bytes</c> unless it sets its own; null when neither is given.</summary>
    private static HttpSettingsConfig? HttpSettings(ForgeInfo forge)
    {
        if (forge.Http is null && forge.MaxMessageBytes is null)
        {
            return null;
        }

        var http = forge.Http ?? new HttpSettingsConfig(null, null, null, null, null, null, null, null);
        return http with { MaxRequestBodyBytes = http.MaxRequestBodyBytes ?? forge.MaxMessageBytes };
    }
}
