using PForge.Tasks.Config;

namespace PForge.Tasks.Emit;

/// <summary>The invocation of a cli tool, its text templates compiled over the input record built just before.</summary>
internal static class CliToolBuilder
{
    public static CliDescriptor Build(TextTemplateCompiler compiler, CliConfig cli)
    {
        var templates = cli.Args.Concat(cli.Env.Select(e => e.Value)).Concat(cli.Cwd is null ? [] : [cli.Cwd]);
        return new CliDescriptor
        {
            Command = cli.Command,
            ReadsInput = TextTemplateCompiler.UsesInput(templates),
            Arguments = [.. cli.Args.Select(compiler.Argument)],
            WorkingDirectory = cli.Cwd is null ? null : compiler.Text(cli.Cwd),
            Environment = [.. cli.Env.Select(e => new NamedExpressionDescriptor { Name = e.Key, Value = compiler.Text(e.Value) })],
            TimeoutMs = cli.TimeoutMs,
            Stream = cli.Stream,
            MaxOutputBytes = cli.MaxOutputBytes,
        };
    }
}
