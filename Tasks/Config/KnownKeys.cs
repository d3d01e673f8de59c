using YamlDotNet.RepresentationModel;

namespace PForge.Tasks.Config;

/// <summary>
/// Records, while a test asks, the keys each mapping's reader knew: how the tests compare the model with the JSON
/// Schema of pforge.yaml (docs/pforge.schema.json). Off (a null check) otherwise.
/// </summary>
internal static class KnownKeys
{
    [ThreadStatic]
    private static List<(YamlMappingNode Node, IReadOnlySet<string> Keys)>? _recorded;

    /// <summary>Records on this thread until the result is disposed.</summary>
    public static Recording Record() => new(_recorded = []);

    public static void Add(YamlMappingNode node, IReadOnlySet<string> keys) => _recorded?.Add((node, keys));

    public sealed class Recording(List<(YamlMappingNode Node, IReadOnlySet<string> Keys)> entries) : IDisposable
    {
        public IReadOnlyList<(YamlMappingNode Node, IReadOnlySet<string> Keys)> Entries => entries;

        public void Dispose() => _recorded = null;
    }
}
