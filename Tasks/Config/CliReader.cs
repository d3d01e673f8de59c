using PForge.Tasks.Diagnostics;
using PForge.Tasks.Templating;
using YamlDotNet.RepresentationModel;

namespace PForge.Tasks.Config;

/// <summary>Reads the keys of a <c>cli</c> tool and checks its templates against the tool's parameters.</summary>
internal static class CliReader
{
    private const string EnvRule = "in a cli tool, environment references are allowed only in 'env' values";

    /// <summary>The tool's process, or null when something in it is wrong (all reported).</summary>
    public static CliConfig? Read(MappingReader tool, string name, IReadOnlyList<ParamConfig> parameters, IReadOnlySet<string> unreadable, TemplateLocator locator, List<Diagnostic> diagnostics)
    {
        // A template naming a parameter that failed to read fails without a diagnostic of its own: track both.
        var errors = diagnostics.Count(d => d.IsError);
        var complete = true;
        var command = ReadCommand(tool, name, locator, diagnostics);

        var args = new List<Template>();
        if (tool.Sequence("args") is { } sequence)
        {
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                var place = new TemplatePlace($"'args[{i}]' of tool '{name}'", EnvAllowed: false, EnvRule);
                if (ReadTemplate(sequence.Children[i], $"args[{i}]", place, parameters, unreadable, locator, diagnostics) is { } arg)
                {
                    args.Add(arg);
                }
                else
                {
                    complete = false;
                }
            }
        }

        Template? cwd = null;
        if (tool.Node("cwd") is { } cwdNode && !(cwdNode is YamlScalarNode c && MappingReader.IsNull(c)))
        {
            cwd = ReadTemplate(cwdNode, "cwd", new TemplatePlace($"'cwd' of tool '{name}'", EnvAllowed: false, EnvRule), parameters, unreadable, locator, diagnostics);
            complete &= cwd is not null;
        }

        var env = new List<KeyValuePair<string, Template>>();
        if (tool.Mapping("env") is { } mapping)
        {
            foreach (var pair in mapping.Children)
            {
                var variable = (pair.Key as YamlScalarNode)?.Value ?? string.Empty;
                if (variable.Length == 0 || variable.Contains('=', StringComparison.Ordinal) || variable.Contains('\0', StringComparison.Ordinal))
                {
                    diagnostics.Add(DiagnosticCodes.InvalidValue(MappingReader.At(pair.Key), "env", variable, "an environment variable name: not empty, without '='"));
                    complete = false;
                    continue;
                }

                var place = new TemplatePlace($"'env.{variable}' of tool '{name}'", EnvAllowed: true, EnvRule);
                if (ReadTemplate(pair.Value, $"env.{variable}", place, parameters, unreadable, locator, diagnostics) is { } value)
                {
                    env.Add(new(variable, value));
                }
                else
                {
                    complete = false;
                }
            }
        }

        var timeout = tool.PositiveInteger("timeout_ms");
        var stream = tool.Boolean("stream");
        var maxOutput = tool.PositiveInteger("max_output_bytes");
        complete &= diagnostics.Count(d => d.IsError) == errors;
        return command is null || !complete
            ? null
            : new CliConfig(command, args, cwd, env, timeout ?? CliConfig.DefaultTimeoutMs, stream ?? false, maxOutput ?? CliConfig.DefaultMaxOutputBytes);
    }

    private static string? ReadCommand(MappingReader tool, string name, TemplateLocator locator, List<Diagnostic> diagnostics)
    {
        var command = tool.String("command", required: true);
        if (command is null)
        {
            return null;
        }

        var node = (YamlScalarNode)tool.Node("command")!;
        if (TemplateParser.Openers(command).FirstOrDefault(-1) is var opener and >= 0)
        {
            // The program is fixed at build time: a client must never choose what runs.
            diagnostics.Add(DiagnosticCodes.TemplatedCommand(locator.Locate(node, command, opener), name));
            return null;
        }

        if (command.Trim().Length == 0 || command.Contains('\0', StringComparison.Ordinal))
        {
            diagnostics.Add(DiagnosticCodes.InvalidValue(MappingReader.At(node), "command", command, "the name or path of a program"));
            return null;
        }

        return command;
    }

    private static Template? ReadTemplate(YamlNode node, string key, TemplatePlace place, IReadOnlyList<ParamConfig> parameters, IReadOnlySet<string> unreadable, TemplateLocator locator, List<Diagnostic> diagnostics)
    {
        if (node is not YamlScalarNode scalar || (key.StartsWith("env.", StringComparison.Ordinal) && MappingReader.IsNull(scalar)))
        {
            diagnostics.Add(DiagnosticCodes.WrongShape(MappingReader.At(node), key, "a text value"));
            return null;
        }

        var text = scalar.Value ?? string.Empty;
        return TemplateBinder.Bind(TemplateParser.Parse(text), parameters, place, locator.For(scalar, text), diagnostics, unreadable);
    }
}
