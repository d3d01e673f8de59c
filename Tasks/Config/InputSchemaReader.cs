using System.Text.Json;
using PForge.Tasks.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace PForge.Tasks.Config;

/// <summary>
/// Reads a native tool's raw <c>input_schema</c>: a YAML mapping (scalars resolved by the YAML 1.2 core schema) or a
/// string holding JSON. The result is compact JSON with the members in their written order; only "an object whose
/// <c>type</c> is <c>object</c>" is checked, the rest is the author's JSON Schema, passed on unchanged.
/// </summary>
internal static class InputSchemaReader
{
    /// <summary>Upper bound on the YAML nodes of one schema, so aliases cannot blow up a build.</summary>
    private const int MaxNodes = 100_000;

    public static string? Read(YamlNode node, string tool, List<Diagnostic> diagnostics)
    {
        var at = MappingReader.At(node);
        string json;
        if (node is YamlScalarNode scalar)
        {
            try
            {
                using var document = JsonDocument.Parse(scalar.Value ?? string.Empty, new JsonDocumentOptions { MaxDepth = 256 });
                json = Emit.JsonText.Write(writer => document.RootElement.WriteTo(writer));
            }
            catch (JsonException ex)
            {
                diagnostics.Add(DiagnosticCodes.InvalidInputSchema(at, tool, $"the text is not JSON ({ex.Message})"));
                return null;
            }
        }
        else
        {
            var budget = MaxNodes;
            string? problem = null;
            json = Emit.JsonText.Write(writer => problem = WriteYaml(writer, node, ref budget));
            if (problem is not null)
            {
                diagnostics.Add(DiagnosticCodes.InvalidInputSchema(at, tool, problem));
                return null;
            }
        }

        using (var parsed = JsonDocument.Parse(json))
        {
            var root = parsed.RootElement;
            var problem = root.ValueKind != JsonValueKind.Object
                ? "it is not an object"
                : !root.TryGetProperty("type", out var type)
                    ? "it has no 'type'"
                    : type.ValueKind != JsonValueKind.String || type.GetString() != "object"
                        ? $"its 'type' is {type.GetRawText()}"
                        : null;
            if (problem is not null)
            {
                diagnostics.Add(DiagnosticCodes.InvalidInputSchema(at, tool, problem));
                return null;
            }

            if (McpHeaderAnnotations.FindProblem(root) is { } header)
            {
                diagnostics.Add(DiagnosticCodes.InvalidMcpHeader(at, tool, header.Path, header.Problem));
                return null;
            }
        }

        return json;
    }

    /// <summary>
    /// <c>example_arguments</c>: a YAML mapping or a string holding a JSON object, as compact JSON; null (and PF0103)
    /// when it is no object. Its fit to the raw schema is the author's to judge, as the schema is.
    /// </summary>
    public static string? ReadArguments(YamlNode node, List<Diagnostic> diagnostics)
    {
        string? json = null;
        if (node is YamlScalarNode scalar)
        {
            try
            {
                using var document = JsonDocument.Parse(scalar.Value ?? string.Empty, new JsonDocumentOptions { MaxDepth = 256 });
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    json = Emit.JsonText.Write(writer => document.RootElement.WriteTo(writer));
                }
            }
            catch (JsonException)
            {
                // Reported below.
            }
        }
        else if (node is YamlMappingNode)
        {
            var budget = MaxNodes;
            string? problem = null;
            var written = Emit.JsonText.Write(writer => problem = WriteYaml(writer, node, ref budget));
            json = problem is null ? written : null;
        }

        if (json is null)
        {
            diagnostics.Add(DiagnosticCodes.WrongShape(MappingReader.At(node), "example_arguments", "a mapping (or a string holding a JSON object) of the arguments to send"));
        }

        return json;
    }

    /// <summary>Writes a YAML node as JSON; returns what makes it no JSON value, or null.</summary>
    private static string? WriteYaml(Utf8JsonWriter writer, YamlNode node, ref int budget)
    {
        if (--budget < 0)
        {
            return $"it is larger than {MaxNodes} YAML nodes";
        }

        switch (node)
        {
            case YamlScalarNode scalar:
                Emit.JsonText.WriteScalar(writer, MappingReader.ToValue(scalar));
                return null;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var child in sequence.Children)
                {
                    if (WriteYaml(writer, child, ref budget) is { } problem)
                    {
                        return problem;
                    }
                }

                writer.WriteEndArray();
                return null;
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var pair in mapping.Children)
                {
                    if (pair.Key is not YamlScalarNode { Value: { } name })
                    {
                        return $"a key at line {pair.Key.Start.Line} is not text";
                    }

                    if (!names.Add(name))
                    {
                        return $"key '{name}' is given twice";
                    }

                    writer.WritePropertyName(name);
                    if (WriteYaml(writer, pair.Value, ref budget) is { } problem)
                    {
                        return problem;
                    }
                }

                writer.WriteEndObject();
                return null;
            default:
                return "it holds a YAML node that is no JSON value";
        }
    }
}
