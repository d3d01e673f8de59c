using PForge.Tasks.Config;

namespace PForge.Tasks.Emit;

/// <summary>Completion: the declared values of prompt arguments and template variables, and the <c>completion/complete</c> handler.</summary>
internal static class CompletionBuilder
{
    /// <summary>The values of one prompt argument or template variable: the <paramref name="index"/>-th static array of the server.</summary>
    public static CompletionDescriptor Values(bool isPrompt, string reference, string argument, IReadOnlyList<string> values, int index) => new()
    {
        IsPrompt = isPrompt,
        Reference = reference,
        Argument = argument,
        Field = $"s_completion{index}",
        Values = values,
    };

    /// <summary>Adds the values of every template variable that declares an <c>enum</c>, after the prompts' ones.</summary>
    public static void AddTemplateVariables(IReadOnlyList<ResourceConfig> resources, List<CompletionDescriptor> completions)
    {
        foreach (var resource in resources.Where(r => r.Template is not null))
        {
            foreach (var variable in resource.Variables.Where(v => v.Enum is not null))
            {
                completions.Add(Values(false, resource.Uri, variable.Name, variable.Enum!, completions.Count));
            }
        }
    }

    /// <summary>The handler of <c>completion/complete</c>, or null when none is declared (or its type collides).</summary>
    public static HandlerDescriptor? Handler(DescriptorContext context, HandlerPath? path, List<HandlerDescriptor> handlers)
    {
        if (path is null || HandlerBuilder.Build(context, "completion", path, "_completion_", "completion/complete", string.Empty, [], "completion") is not { } handler)
        {
            return null;
        }

        handlers.Add(handler);
        return handler;
    }
}
