using System.Collections.Concurrent;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace PForge.Tasks.Emit;

/// <summary>
/// Renders the codegen templates (Scriban) embedded from <c>Tasks/Emit/Templates/</c>: a template sees its model's
/// members (snake_case), the <c>cs</c> literal formatters (<see cref="CSharpLiterals"/>), and includes the function
/// files beside it (<c>{{ include "TextTemplateFunctions" }}</c>).
/// </summary>
public static class CodeTemplateRenderer
{
    private static readonly ConcurrentDictionary<string, Template> Cache = new(StringComparer.Ordinal);

    /// <summary>Renders template <paramref name="name"/> (without extension) with the members of <paramref name="model"/> as globals.</summary>
    public static string Render(string name, object model)
    {
        var template = Cache.GetOrAdd(name, Parse);
        var globals = new ScriptObject();
        globals.Import(model, renamer: StandardMemberRenamer.Default);
        globals.SetValue("cs", CSharpLiterals.Functions, readOnly: true);
        // No limits: a server of many tools renders past Scriban's default 1 MB output cut (which ends the text with "...").
        var context = new TemplateContext
        {
            StrictVariables = true,
            MemberRenamer = StandardMemberRenamer.Default,
            LoopLimit = 0,
            LimitToString = 0,
            TemplateLoader = EmbeddedTemplates.Instance,
        };
        context.PushGlobal(globals);
        return template.Render(context).ReplaceLineEndings("\n");
    }

    private static Template Parse(string name)
    {
        var template = Template.Parse(EmbeddedTemplates.Read(name), EmbeddedTemplates.ResourceName(name));
        if (template.HasErrors)
        {
            throw new InvalidOperationException($"template '{name}' does not parse: {string.Join("; ", template.Messages)}");
        }

        return template;
    }

    /// <summary>The templates embedded in the task, for <c>include</c>.</summary>
    private sealed class EmbeddedTemplates : ITemplateLoader
    {
        public static readonly EmbeddedTemplates Instance = new();

        public static string ResourceName(string name) => $"PForge.Tasks.Emit.Templates.{name}.scriban";

        public static string Read(string name)
        {
            var resource = ResourceName(name);
            using var stream = typeof(CodeTemplateRenderer).Assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"template '{resource}' is not embedded in the task");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }

        public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName) => templateName;

        public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) => Read(templatePath);

        public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) => new(Read(templatePath));
    }
}
