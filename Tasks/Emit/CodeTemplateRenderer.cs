using System.Collections.Concurrent;
using Scriban;
using Scriban.Runtime;

namespace PForge.Tasks.Emit;

/// <summary>Renders the codegen templates (Scriban) embedded from <c>Tasks/Emit/Templates/</c>.</summary>
public static class CodeTemplateRenderer
{
    private static readonly ConcurrentDictionary<string, Template> Cache = new(StringComparer.Ordinal);

    /// <summary>Renders template <paramref name="name"/> (without extension) with the members of <paramref name="model"/> as globals.</summary>
    public static string Render(string name, object model)
    {
        var template = Cache.GetOrAdd(name, Load);
        var globals = new ScriptObject();
        globals.Import(model, renamer: StandardMemberRenamer.Default);
        globals.SetValue("cs", CSharpLiterals.Functions, readOnly: true);
        // No limits: a server of many tools renders past Scriban's default 1 MB output cut (which ends the text with "...").
        var context = new TemplateContext { StrictVariables = true, MemberRenamer = StandardMemberRenamer.Default, LoopLimit = 0, LimitToString = 0 };
        context.PushGlobal(globals);
        return template.Render(context).ReplaceLineEndings("\n");
    }

    private static Template Load(string name)
    {
        var resource = $"PForge.Tasks.Emit.Templates.{name}.scriban";
        using var stream = typeof(CodeTemplateRenderer).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"template '{resource}' is not embedded in the task");
        using var reader = new StreamReader(stream);
        var template = Template.Parse(reader.ReadToEnd(), resource);
        if (template.HasErrors)
        {
            throw new InvalidOperationException($"template '{name}' does not parse: {string.Join("; ", template.Messages)}");
        }

        return template;
    }
}
