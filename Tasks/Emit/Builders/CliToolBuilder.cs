using PForge.Tasks.Config;

namespace PForge.Tasks.Emit;

/// <summary>The invocation of a cli tool, its text templates bound to the input record built just before.</summary>
internal static class CliToolBuilder
{
    public static CliDescriptor Build(TextTemplateBuilder texts, CliConfig cli)
    {
        var templates = cli.Args.Concat(cli.Env.Select(e => e.Value)).Concat(cli.Cwd is null ? [] : [cli.Cwd]);
        return new CliDescriptor
        {
            Command = cli.Command,
            ReadsInput = TextTemplateBuilder.UsesInput(templates),
            Arguments = [.. cli.Args.Select(texts.Argument)],
            WorkingDirectory = cli.Cwd is null ? null : texts.Text(cli.Cwd),
            Environment = [.. cli.Env.Select(e => new NamedTextDescriptor { Name = e.Key, Value = texts.Text(e.Value) })],
            TimeoutMs = cli.TimeoutMs,
            Stream = cli.Stream,
            MaxOutputBytes = cli.MaxOutputBytes,
        };
    }
}
