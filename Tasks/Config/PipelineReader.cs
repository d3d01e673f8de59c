using PForge.Tasks.Diagnostics;
using PForge.Tasks.Templating;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PForge.Tasks.Config;

/// <summary>
/// Reads the steps of a <c>pipeline</c> tool, checking each template and condition against the variables in scope
/// at its step (the pipeline's parameters and the output variables of earlier steps). Step tools and cycles are
/// checked by <see cref="CheckSteps"/> once every tool is read.
/// </summary>
internal static class PipelineReader
{
    private const string EnvRule = "a pipeline's step input is sent to its step tool, whose result the client sees; read environment variables in the step tool itself (e.g. a cli tool's 'env')";

    /// <summary>The pipeline's steps, or null when something in them is wrong (all reported).</summary>
    public static PipelineConfig? Read(MappingReader tool, string name, IReadOnlyList<ParamConfig> parameters, IReadOnlySet<string> unreadable, TemplateLocator locator, List<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Count(d => d.IsError);
        var sequence = tool.Sequence("steps", required: true);
        if (sequence is null)
        {
            return null;
        }

        if (sequence.Children.Count == 0)
        {
            diagnostics.Add(DiagnosticCodes.NoSteps(MappingReader.At(sequence), name));
            return null;
        }

        var scope = new List<string>(parameters.Select(p => p.Name));
        var steps = new List<PipelineStepConfig>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (sequence.Children[i] is not YamlMappingNode mapping)
            {
                diagnostics.Add(DiagnosticCodes.WrongShape(MappingReader.At(sequence.Children[i]), $"steps[{i}]", "a mapping with 'tool' and 'input'"));
                continue;
            }

            if (ReadStep(mapping, i, name, parameters, scope, unreadable, locator, diagnostics) is { } step)
            {
                steps.Add(step);
            }
        }

        return diagnostics.Count(d => d.IsError) == errors ? new PipelineConfig(steps) : null;
    }

    private static PipelineStepConfig? ReadStep(YamlMappingNode node, int index, string pipeline, IReadOnlyList<ParamConfig> parameters, List<string> scope, IReadOnlySet<string> unreadable, TemplateLocator locator, List<Diagnostic> diagnostics)
    {
        var where = $"steps[{index}] of pipeline '{pipeline}'";
        var reader = new MappingReader(node, where, diagnostics);
        var tool = reader.String("tool", required: true);
        var toolAt = reader.Node("tool") is { } t ? MappingReader.At(t) : reader.Position;

        // Rust's pforge names the step input 'params': accepted as 'input'.
        var inputKey = reader.Node("input") is not null || reader.Node("params") is null ? "input" : "params";
        if (inputKey == "input" && reader.Node("params") is not null)
        {
            diagnostics.Add(DiagnosticCodes.WrongShape(reader.KeyPosition("params"), "params", $"left out of {where}, which has 'input' ('params' is Rust's name for the same key)"));
        }

        var input = new List<KeyValuePair<string, StepValue>>();
        var inputNode = reader.Node(inputKey);
        if (inputNode is YamlMappingNode inputMapping)
        {
            foreach (var pair in inputMapping.Children)
            {
                var key = (pair.Key as YamlScalarNode)?.Value ?? string.Empty;
                var place = $"'steps[{index}].{inputKey}.{key}' of pipeline '{pipeline}'";
                if (ReadValue(pair.Value, place, scope, unreadable, locator, diagnostics) is { } value)
                {
                    input.Add(new(key, value));
                }
            }
        }
        else if (inputNode is not null && !(inputNode is YamlScalarNode s && MappingReader.IsNull(s)))
        {
            diagnostics.Add(DiagnosticCodes.WrongShape(MappingReader.At(inputNode), inputKey, "a mapping of the step tool's arguments"));
        }

        ConditionNode? condition = null;
        if (reader.String("condition") is { } conditionText)
        {
            var scalar = (YamlScalarNode)reader.Node("condition")!;
            condition = ReadCondition(scalar, conditionText, pipeline, $"the condition of steps[{index}] of pipeline '{pipeline}'", scope, unreadable, diagnostics);
        }

        var continueOnError = false;
        if (reader.String("error_policy") is { } policy)
        {
            switch (policy)
            {
                case "fail_fast":
                    break;
                case "continue":
                    continueOnError = true;
                    break;
                default:
                    diagnostics.Add(DiagnosticCodes.InvalidErrorPolicy(MappingReader.At(reader.Node("error_policy")!), policy, pipeline));
                    break;
            }
        }

        var outputVar = reader.String("output_var");
        if (outputVar is not null)
        {
            var at = MappingReader.At(reader.Node("output_var")!);
            string? problem = null;
            if (outputVar.Length == 0 || !outputVar.All(c => char.IsLetterOrDigit(c) || c is '_' or '-') || outputVar is "true" or "false" or "null" || char.IsAsciiDigit(outputVar[0]))
            {
                problem = "a variable name is letters, digits, '_' and '-', starting with a letter or '_' (and not true, false or null)";
            }
            else if (parameters.Any(p => p.Name == outputVar) || unreadable.Contains(outputVar))
            {
                problem = "it is a parameter of the pipeline; a step's output cannot replace it";
            }
            else if (scope.Contains(outputVar))
            {
                problem = "an earlier step already keeps its output in it";
            }

            if (problem is not null)
            {
                diagnostics.Add(DiagnosticCodes.InvalidOutputVar(at, outputVar, pipeline, problem));
                outputVar = null;
            }
            else
            {
                scope.Add(outputVar);
            }
        }

        reader.ReportUnknownKeys();
        return tool is null ? null : new PipelineStepConfig(tool, toolAt, input, outputVar, condition, continueOnError);
    }

    private static StepValue? ReadValue(YamlNode node, string place, List<string> scope, IReadOnlySet<string> unreadable, TemplateLocator locator, List<Diagnostic> diagnostics)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
            {
                var members = new List<KeyValuePair<string, StepValue>>();
                var ok = true;
                foreach (var pair in mapping.Children)
                {
                    var key = (pair.Key as YamlScalarNode)?.Value ?? string.Empty;
                    if (ReadValue(pair.Value, Nested(place, "." + key), scope, unreadable, locator, diagnostics) is { } value)
                    {
                        members.Add(new(key, value));
                    }
                    else
                    {
                        ok = false;
                    }
                }

                return ok ? new StepObject(members) : null;
            }

            case YamlSequenceNode sequence:
            {
                var items = new List<StepValue>();
                var ok = true;
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    if (ReadValue(sequence.Children[i], Nested(place, $"[{i}]"), scope, unreadable, locator, diagnostics) is { } value)
                    {
                        items.Add(value);
                    }
                    else
                    {
                        ok = false;
                    }
                }

                return ok ? new StepArray(items) : null;
            }

            case YamlScalarNode scalar:
            {
                var value = MappingReader.ToValue(scalar);
                if (value.Kind != YamlValueKind.String)
                {
                    return new StepLiteral(value);
                }

                var text = scalar.Value ?? string.Empty;
                return BindTemplate(TemplateParser.Parse(text), place, scope, unreadable, locator.For(scalar, text), diagnostics);
            }

            default:
                diagnostics.Add(DiagnosticCodes.WrongShape(MappingReader.At(node), place, "a value"));
                return null;
        }
    }

    /// <summary><c>'steps[0].input.a' of pipeline 'p'</c> with <paramref name="suffix"/> after <c>a</c>.</summary>
    private static string Nested(string place, string suffix)
    {
        var end = place.IndexOf("' of pipeline", StringComparison.Ordinal);
        return end < 0 ? place : place[..end] + suffix + place[end..];
    }

    private static StepTemplate? BindTemplate(ParsedTemplate parsed, string place, List<string> scope, IReadOnlySet<string> unreadable, Func<int, SourcePosition> locate, List<Diagnostic> diagnostics)
    {
        var before = diagnostics.Count;
        var failed = false;
        var segments = new List<StepSegment>();
        foreach (var part in parsed.Parts.Select(p => (p.Offset, Part: (object)p)).Concat(parsed.Errors.Select(e => (e.Offset, Part: (object)e))).OrderBy(p => p.Offset))
        {
            switch (part.Part)
            {
                case TemplateError error:
                    diagnostics.Add(error.Kind switch
                    {
                        TemplateErrorKind.UnclosedValue => DiagnosticCodes.UnclosedTemplate(locate(error.Offset), "{{", place, "}}"),
                        TemplateErrorKind.UnclosedEnv => DiagnosticCodes.UnclosedTemplate(locate(error.Offset), "${", place, "}"),
                        _ => DiagnosticCodes.MalformedTemplate(locate(error.Offset), error.Source, place, "{{var}}, {{var.field}}, {{json var}} or {{\"text\"}}"),
                    });
                    break;
                case TextPart text:
                    if (segments.Count > 0 && segments[^1] is StepText previous)
                    {
                        segments[^1] = new StepText(previous.Text + text.Text);
                    }
                    else
                    {
                        segments.Add(new StepText(text.Text));
                    }

                    break;
                case EnvPart env:
                    diagnostics.Add(DiagnosticCodes.EnvReferenceNotAllowed(locate(env.Offset), env.Source, place, EnvRule));
                    break;
                case ValuePart value when scope.Contains(value.Path[0]):
                    segments.Add(new StepVariable(value.Path[0], value.Path.Skip(1).ToList(), value.Json));
                    break;
                case ValuePart value when unreadable.Contains(value.Path[0]):
                    failed = true;
                    break;
                case ValuePart value:
                    diagnostics.Add(DiagnosticCodes.UnknownPipelineVariable(locate(value.Offset), value.Path[0], place, Known(scope)));
                    break;
            }
        }

        return failed || diagnostics.Count > before ? null : new StepTemplate(parsed.Text, segments);
    }

    private static string Known(List<string> scope) => scope.Count == 0
        ? "no variable is in scope here (the pipeline has no parameters and no earlier step sets 'output_var')"
        : $"the variables in scope here are {string.Join(", ", scope)} (parameters, and the 'output_var' of earlier steps)";

    private static ConditionNode? ReadCondition(YamlScalarNode scalar, string text, string pipeline, string place, List<string> scope, IReadOnlySet<string> unreadable, List<Diagnostic> diagnostics)
    {
        var (node, error) = ConditionParser.Parse(text);
        if (error is not null)
        {
            diagnostics.Add(DiagnosticCodes.MalformedCondition(Locate(scalar, error.Offset), text, pipeline, error.Problem));
            return null;
        }

        var ok = true;
        foreach (var path in ConditionParser.Paths(node!))
        {
            if (scope.Contains(path.Path[0]))
            {
                continue;
            }

            ok = false;
            if (!unreadable.Contains(path.Path[0]))
            {
                diagnostics.Add(DiagnosticCodes.UnknownPipelineVariable(Locate(scalar, path.Offset), path.Path[0], place, Known(scope)));
            }
        }

        return ok ? node : null;
    }

    /// <summary>An offset in a one-line plain or quoted condition (the usual case); else the scalar's start.</summary>
    private static SourcePosition Locate(YamlScalarNode scalar, int offset)
    {
        var start = MappingReader.At(scalar);
        var oneLine = scalar.Start.Line == scalar.End.Line;
        return scalar.Style switch
        {
            ScalarStyle.Plain when oneLine => new SourcePosition(start.Line, start.Column + offset),
            // Quoted without any quote or backslash inside: no escape shifts the columns.
            ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted when oneLine && (scalar.Value ?? string.Empty).IndexOfAny(['\'', '"', '\\']) < 0 =>
                new SourcePosition(start.Line, start.Column + 1 + offset),
            _ => start,
        };
    }

    /// <summary>
    /// Checks every step tool against the server's tools (<paramref name="declared"/>: every name written in the YAML,
    /// read or not) and reports each step that leads its pipeline back to itself. False when anything was reported.
    /// </summary>
    public static bool CheckSteps(IReadOnlyList<ToolConfig> tools, IReadOnlySet<string> declared, List<Diagnostic> diagnostics)
    {
        var ok = true;
        var pipelines = tools.Where(t => t.Pipeline is not null).ToDictionary(t => t.Name, t => t.Pipeline!, StringComparer.Ordinal);
        foreach (var tool in tools.Where(t => t.Pipeline is not null))
        {
            foreach (var step in tool.Pipeline!.Steps)
            {
                if (!declared.Contains(step.Tool))
                {
                    ok = false;
                    diagnostics.Add(DiagnosticCodes.UnknownStepTool(step.ToolPosition, step.Tool, tool.Name, $"the server's tools are {string.Join(", ", declared.Order(StringComparer.Ordinal))}"));
                    continue;
                }

                if (PathBack(step.Tool, tool.Name, pipelines) is { } chain)
                {
                    ok = false;
                    diagnostics.Add(DiagnosticCodes.PipelineCycle(step.ToolPosition, tool.Name, string.Join(" → ", new[] { tool.Name }.Concat(chain))));
                }
            }
        }

        return ok;
    }

    /// <summary>The tools from <paramref name="from"/> to <paramref name="target"/> through pipeline steps, or null.</summary>
    private static List<string>? PathBack(string from, string target, Dictionary<string, PipelineConfig> pipelines)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return Walk(from);

        List<string>? Walk(string current)
        {
            if (current == target)
            {
                return [current];
            }

            if (!seen.Add(current) || !pipelines.TryGetValue(current, out var pipeline))
            {
                return null;
            }

            foreach (var step in pipeline.Steps)
            {
                if (Walk(step.Tool) is { } rest)
                {
                    rest.Insert(0, current);
                    return rest;
                }
            }

            return null;
        }
    }
}
