using PForge.Tasks.Config;

namespace PForge.Tasks.Emit;

/// <summary>The resources: static contents compiled in, templates matched by a regex, handlers with their request classes.</summary>
internal static class ResourceBuilder
{
    public static List<ResourceDescriptor> Build(DescriptorContext context, IReadOnlyList<ResourceConfig> configs, List<HandlerDescriptor> handlers)
    {
        var result = new List<ResourceDescriptor>();
        var (staticPlace, templatePlace) = (0, 0);
        for (var index = 0; index < configs.Count; index++)
        {
            var resource = configs[index];

            // The place in its list, which ListResults.ResourcesList writes in configuration order, split by kind.
            var place = resource.Template is null ? staticPlace++ : templatePlace++;
            var variables = resource.Template is null ? [] : Variables(context, resource, resource.Template.Variables);
            HandlerDescriptor? handler = null;
            if (resource.Handler is { } path)
            {
                var subject = $"resource '{resource.Name}' ({resource.Uri})";
                handler = HandlerBuilder.Build(context, "resource", path, $"_resource_{index}", subject, "Request", variables, resource.Name);
                if (handler is null)
                {
                    continue;
                }

                handlers.Add(handler);
            }

            result.Add(new ResourceDescriptor
            {
                Index = index,
                Place = place,
                IsUriTemplate = resource.Template is not null,
                Uri = resource.Uri,
                Subscribable = resource.Subscribe,
                Source = resource.Source.ToString().ToLowerInvariant(),
                Content = resource.Content,
                StaticField = resource.Source == ResourceSource.Handler ? string.Empty : $"s_resource{index}",
                MimeType = resource.MimeType,
                Handler = handler,
                RegexMethod = resource.Template is not null ? $"UriTemplate{index}" : string.Empty,
                Regex = resource.Template?.ToRegex() ?? string.Empty,
                Variables = variables,
            });
        }

        return result;
    }

    /// <summary>The request's properties of a template's variables, in template order.</summary>
    private static List<RequestPropertyDescriptor> Variables(DescriptorContext context, ResourceConfig resource, IReadOnlyList<string> templateVariables)
    {
        var variables = new List<RequestPropertyDescriptor>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { ["Uri"] = "uri" };
        foreach (var variable in templateVariables)
        {
            var property = CSharpNames.Pascal(variable);
            if (property == "Uri" || DescriptorContext.ReservedMembers.Contains(property))
            {
                property += "Value";
            }

            if (context.Collides(names, property, variable, resource.Position))
            {
                continue;
            }

            var description = resource.Variables.FirstOrDefault(v => v.Name == variable)?.Description;
            variables.Add(new RequestPropertyDescriptor
            {
                PropertyName = property,
                Summary = description is null ? $"The value of {{{variable}}}, percent-decoded." : $"{description} (the value of {{{variable}}}, percent-decoded).",
            });
        }

        return variables;
    }
}
