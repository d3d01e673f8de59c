using PForge.Tasks.Config;
using PForge.Tasks.Diagnostics;

namespace PForge.Tasks.Emit;

/// <summary>What the feature builders share while building one server: the names taken so far and the records' members.</summary>
internal sealed class DescriptorContext
{
    /// <summary>Members every generated record has (its reader or writer, and those of every record type).</summary>
    public static readonly HashSet<string> ReservedMembers = new(StringComparer.Ordinal)
    {
        "TryRead", "Write", "WriteObject", "ToString", "Equals", "GetHashCode", "GetType", "EqualityContract",
        "PrintMembers", "Deconstruct", "MemberwiseClone", "Finalize",
    };

    public DescriptorContext(string rootNamespace, List<Diagnostic> diagnostics)
    {
        RootNamespace = rootNamespace;
        Diagnostics = diagnostics;
    }

    public string RootNamespace { get; }

    public List<Diagnostic> Diagnostics { get; }

    /// <summary>The classes of the root namespace: records and request classes of every feature.</summary>
    public Dictionary<string, string> ClassNames { get; } = new(StringComparer.Ordinal);

    /// <summary>The handler types of every feature (tools, resources, prompts, completion), by full name.</summary>
    public Dictionary<string, string> HandlerNames { get; } = new(StringComparer.Ordinal);

    /// <summary>Each parameter and property built so far, with the record that declares it: what text templates name.</summary>
    public Dictionary<ParamConfig, (FieldDescriptor Field, string Owner)> Fields { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>A binder of text templates to the records built so far.</summary>
    public TextTemplateBuilder TextTemplates() =>
        new(member => Fields.TryGetValue(member, out var found) ? found : null);

    /// <summary>True (and reported) when <paramref name="csharpName"/> is taken already; else it is taken now.</summary>
    public bool Collides(Dictionary<string, string> seen, string csharpName, string yamlName, SourcePosition at)
    {
        if (seen.TryGetValue(csharpName, out var first))
        {
            Diagnostics.Add(DiagnosticCodes.NameCollision(at, csharpName, first, yamlName));
            return true;
        }

        seen[csharpName] = yamlName;
        return false;
    }
}
