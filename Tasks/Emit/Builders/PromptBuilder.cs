using PForge.Tasks.Config;

namespace PForge.Tasks.Emit;

/// <summary>The prompts: how each argument is read and checked, and the declared messages (or the handler).</summary>
internal static class PromptBuilder
{
    public static List<PromptDescriptor> Build(DescriptorContext context, IReadOnlyList<PromptConfig> configs, List<HandlerDescriptor> handlers, List<CompletionDescriptor> completions)
    {
        var result = new List<PromptDescriptor>();
        for (var index = 0; index < configs.Count; index++)
        {
            var prompt = configs[index];
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            var arguments = new List<PromptArgumentDescriptor>();
            var properties = new List<RequestPropertyDescriptor>();
            var locals = new Dictionary<string, PromptArgumentDescriptor>(StringComparer.Ordinal);
            foreach (var argument in prompt.Arguments)
            {
                var property = CSharpNames.Pascal(argument.Name);
                if (DescriptorContext.ReservedMembers.Contains(property))
                {
                    property += "Value";
                }

                if (context.Collides(names, property, argument.Name, argument.Position))
                {
                    continue;
                }

                var nullable = !argument.Required && argument.Default is null;
                var descriptor = new PromptArgumentDescriptor
                {
                    Name = argument.Name,
                    Local = "a" + property,
                    PropertyName = property,
                    Required = argument.Required,
                    MissingMessage = $"Missing required argument: '{argument.Name}' for prompt '{prompt.Name}'",
                    Default = argument.Default,
                    Nullable = nullable,
                    Enum = argument.Enum ?? [],
                    EnumMessage = argument.Enum is { } allowed
                        ? $"Argument '{argument.Name}' of prompt '{prompt.Name}' must be one of: {string.Join(", ", allowed)}"
                        : string.Empty,
                };
                arguments.Add(descriptor);
                locals[argument.Name] = descriptor;
                properties.Add(new RequestPropertyDescriptor { PropertyName = property, Summary = argument.Description ?? argument.Name, Nullable = nullable });
                if (argument.Enum is { } candidates)
                {
                    completions.Add(CompletionBuilder.Values(true, prompt.Name, argument.Name, candidates, completions.Count));
                }
            }

            HandlerDescriptor? handler = null;
            if (prompt.Handler is { } path)
            {
                handler = HandlerBuilder.Build(context, "prompt", path, $"_prompt_{index}", $"prompt '{prompt.Name}'", "Arguments", properties, prompt.Name);
                if (handler is null)
                {
                    continue;
                }

                handlers.Add(handler);
            }

            result.Add(new PromptDescriptor
            {
                Index = index,
                Name = prompt.Name,
                Arguments = arguments,
                Messages = [.. (prompt.Messages ?? []).Select(m => Message(m, locals))],
                Description = prompt.Description,
                Handler = handler,
            });
        }

        return result;
    }

    private static PromptMessageDescriptor Message(PromptMessageConfig message, Dictionary<string, PromptArgumentDescriptor> locals) => new()
    {
        Assistant = message.Assistant,
        Kind = message.Kind switch
        {
            PromptContentKind.Text => "text",
            PromptContentKind.Image => "image",
            PromptContentKind.Audio => "audio",
            _ when message.Text is not null => "resource_text",
            _ => "resource_blob",
        },
        Text = message.Text is null ? null : Text(message.Text, locals),
        Uri = message.Uri is null ? null : Text(message.Uri, locals),
        Data = message.Data,
        MimeType = message.MimeType,
    };

    /// <summary>A prompt text template as its parts: literal text and the argument locals it names.</summary>
    private static PromptTextDescriptor Text(Templating.Template template, Dictionary<string, PromptArgumentDescriptor> locals) => new()
    {
        Parts = [.. template.Segments.Select(segment => segment switch
        {
            Templating.TextSegment text => new PromptTextPart(text.Text, null, false),
            Templating.ArgumentSegment argument => new PromptTextPart(null, locals[argument.Name].Local, locals[argument.Name].Nullable),
            _ => throw new InvalidOperationException($"no prompt text for {segment}"),
        })],
    };
}
