using System.Text.Json;
using PForge.Runtime.Protocol;

namespace PForge.Runtime.Tools.Pipeline;

/// <summary>
/// The variables of one pipeline run, each a JSON value: the pipeline's parameters, then each step's output variable,
/// in the order they were set (the order of the result's <c>variables</c> object).
/// </summary>
public sealed class PipelineVariables
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, JsonElement> _values = new(StringComparer.Ordinal);

    /// <summary>The variables in the order they were set.</summary>
    public IEnumerable<KeyValuePair<string, JsonElement>> All => _order.Select(name => new KeyValuePair<string, JsonElement>(name, _values[name]));

    /// <summary>Every member of a JSON object (the pipeline's checked input, written by its generated writer) as a variable.</summary>
    public static PipelineVariables FromObject(ReadOnlySpan<byte> json)
    {
        var variables = new PipelineVariables();
        using var document = JsonDocument.Parse(json.ToArray());
        if (document.RootElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in document.RootElement.EnumerateObject())
            {
                variables.Set(member.Name, member.Value.Clone());
            }
        }

        return variables;
    }

    /// <summary>The parameters of a pipeline: its checked input record written to JSON by the record's writer.</summary>
    public static PipelineVariables FromInput(object input, StructuredWriter writer)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(writer);
        using var scratch = JsonScratch.Rent();
        writer(scratch.Writer, input);
        return FromObject(scratch.WrittenSpan);
    }

    public void Set(string name, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_values.ContainsKey(name))
        {
            _order.Add(name);
        }

        _values[name] = value;
    }

    /// <summary>A variable, and the members followed into it; null when it is not set or a member is missing.</summary>
    public JsonElement? Get(string name, params string[] path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _values.TryGetValue(name, out var value) ? Templating.TemplateFormat.Path(value, path) : null;
    }
}
