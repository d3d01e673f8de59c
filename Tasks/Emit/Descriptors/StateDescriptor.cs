using PForge.Tasks.Config;

namespace PForge.Tasks.Emit;

/// <summary>
/// What <c>State.scriban</c> writes into the server's partial class: the YAML's <c>state:</c> settings (when declared),
/// and which compiled-in stores <c>OpenStateStoreAsync</c> can open.
/// </summary>
public sealed record StateDescriptor(string Namespace, string ServerClass, StateConfig? Settings, bool Sqlite, bool Redis, string GeneratorVersion)
{
    /// <summary>The backend's member of the runtime's <c>StateBackend</c>.</summary>
    public string Backend => Settings?.Backend.ToString() ?? string.Empty;
}
