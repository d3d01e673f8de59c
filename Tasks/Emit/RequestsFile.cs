using System.Globalization;
using System.Text;
using System.Text.Json;
using PForge.Tasks.Config;
using PForge.Tasks.Diagnostics;

namespace PForge.Tasks.Emit;

/// <summary>
/// <c>pforge.requests.jsonl</c>: a workload that calls every tool once with valid arguments, read by the perf gate,
/// PGO training and the benchmarks. One JSON-RPC message a line: <c>initialize</c> (id 0),
/// <c>notifications/initialized</c>, then one <c>tools/call</c> per tool in YAML order, ids 1..N.
/// </summary>
/// <remarks>
/// A parameter's value is its first <c>examples:</c> value, else its <c>default</c>, else its first <c>enum</c> value,
/// else one built to pass its rules. Sent are the required parameters and those with an example or a default (an
/// optional one without either is left out: the tool's own behaviour without it is the usual one). A tool whose
/// arguments cannot be built (a raw <c>input_schema</c> without <c>example_arguments</c>, a pattern too hard to
/// satisfy) is left out with PF1004, which says what to add.
/// </remarks>
internal static class RequestsFile
{
    public const string FileName = "pforge.requests.jsonl";

    public const string ProtocolVersion = "2025-11-25";


    public static string Build(PForgeConfig config, List<Diagnostic> diagnostics)
    {
        var text = new StringBuilder();
        text.Append("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"")
            .Append(ProtocolVersion)
            .Append("\",\"capabilities\":{},\"clientInfo\":{\"name\":\"pforge-requests\",\"version\":\"1.0.0\"}}}\n");
        text.Append("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n");
        var id = 0;
        foreach (var tool in config.Tools)
        {
            var arguments = Arguments(tool, diagnostics);
            if (arguments is null)
            {
                continue;
            }

            id++;
            text.Append(JsonText.Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("jsonrpc", "2.0");
                writer.WriteNumber("id", id);
                writer.WriteString("method", "tools/call");
                writer.WriteStartObject("params");
                writer.WriteString("name", tool.Name);
                writer.WritePropertyName("arguments");
                writer.WriteRawValue(arguments);
                writer.WriteEndObject();
                writer.WriteEndObject();
            })).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The tool's arguments as compact JSON, or null (and PF1004) when they cannot be built.</summary>
    private static string? Arguments(ToolConfig tool, List<Diagnostic> diagnostics)
    {
        if (tool.ExampleArguments is { } given)
        {
            return given;
        }

        if (tool.InputSchema is not null)
        {
            diagnostics.Add(DiagnosticCodes.RequestLeftOut(tool.Position, tool.Name, "its input is a raw 'input_schema', whose arguments PForge cannot build", "give the tool 'example_arguments:' (a mapping of the arguments to send)"));
            return null;
        }

        var members = Members(tool.Params, out var failed);
        if (failed is not null)
        {
            diagnostics.Add(DiagnosticCodes.RequestLeftOut(failed.Value.Param.Position, tool.Name, failed.Value.Reason, $"give '{failed.Value.Param.Name}' 'examples:' (a list of valid values; the first is sent)"));
            return null;
        }

        return JsonText.Write(writer => Write(writer, new YamlValue(YamlValueKind.Mapping, members, tool.Position)));
    }

    private static List<KeyValuePair<string, YamlValue>> Members(IReadOnlyList<ParamConfig> parameters, out (ParamConfig Param, string Reason)? failed)
    {
        failed = null;
        var members = new List<KeyValuePair<string, YamlValue>>();
        // A claim-bound parameter is the caller's identity: a client may not send it.
        foreach (var param in parameters.Where(p => p.Claim is null && (p.Required || p.Examples is { Count: > 0 } || p.Default is not null)))
        {
            var value = Value(param, out failed);
            if (value is null)
            {
                return members;
            }

            members.Add(new(param.Name, value));
        }

        return members;
    }

    /// <summary>The value the requests file sends for <paramref name="param"/>, or null with the reason.</summary>
    private static YamlValue? Value(ParamConfig param, out (ParamConfig Param, string Reason)? failed)
    {
        failed = null;
        if (param.Examples is [var example, ..])
        {
            return example;
        }

        if (param.Default is { } value)
        {
            return value;
        }

        if (param.Enum is [var first, ..])
        {
            return first;
        }

        var at = param.Position;
        var rules = param.Validation;
        YamlValue? built;
        switch (param.Type)
        {
            case ParamType.Boolean:
                return new YamlValue(YamlValueKind.Boolean, true, at);
            case ParamType.Integer:
                built = Number(rules, integer: true) is { } whole ? new YamlValue(YamlValueKind.Integer, (long)whole, at) : null;
                break;
            case ParamType.Number:
                built = Number(rules, integer: false) is { } number ? new YamlValue(YamlValueKind.Number, number, at) : null;
                break;
            case ParamType.String:
                var minLength = rules.MinLength ?? 1;
                if (rules.MaxLength is { } max && max < minLength)
                {
                    minLength = max;
                }

                var text = rules.Pattern is { } pattern ? PatternSample.Build(pattern, minLength, rules.MaxLength) : new string('a', minLength);
                if (text is null)
                {
                    failed = (param, $"no value of '{param.Name}' could be built to match its pattern '{rules.Pattern}'");
                    return null;
                }

                built = new YamlValue(YamlValueKind.String, text, at);
                break;
            case ParamType.Array:
                var items = new List<YamlValue>();
                for (var i = 0; i < (rules.MinLength ?? 0); i++)
                {
                    var item = param.Items is null ? new YamlValue(YamlValueKind.String, "a", at) : Value(param.Items with { Name = param.Name + $"[{i}]" }, out failed);
                    if (item is null)
                    {
                        return null;
                    }

                    items.Add(item);
                }

                built = new YamlValue(YamlValueKind.Sequence, items, at);
                break;
            default:
                var members = param.Properties is null ? [] : Members(param.Properties, out failed);
                if (failed is not null)
                {
                    return null;
                }

                built = new YamlValue(YamlValueKind.Mapping, members, at);
                break;
        }

        // The same checks as an example gets: a built value that fails them is not sent.
        var (checkedValue, violation) = built is null ? (null, "its range holds no value") : ParamReader.CheckArgument(built, param);
        if (violation is not null)
        {
            failed = (param, $"no value of '{param.Name}' could be built to pass its rules ({violation})");
            return null;
        }

        return checkedValue;
    }

    /// <summary>1 when the range allows it (a value that divides and scales safely), else the bound nearest to it.</summary>
    private static double? Number(ParamValidation rules, bool integer)
    {
        var min = integer && rules.Min is { } low ? Math.Ceiling(low) : rules.Min;
        var max = integer && rules.Max is { } high ? Math.Floor(high) : rules.Max;
        var value = min is { } lower && lower > 1 ? lower : max is { } upper && upper < 1 ? upper : 1;
        return (min is null || value >= min) && (max is null || value <= max) ? value : null;
    }

    private static void Write(Utf8JsonWriter writer, YamlValue value)
    {
        switch (value.Value)
        {
            case IReadOnlyList<YamlValue> items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case IReadOnlyList<KeyValuePair<string, YamlValue>> members:
                writer.WriteStartObject();
                foreach (var (name, member) in members)
                {
                    writer.WritePropertyName(name);
                    Write(writer, member);
                }

                writer.WriteEndObject();
                break;
            default:
                JsonText.WriteScalar(writer, value);
                break;
        }
    }
}
