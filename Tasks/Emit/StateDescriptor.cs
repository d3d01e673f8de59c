using System.Globalization;
using PForge.Tasks.Config;

namespace PForge.Tasks.Emit;

/// <summary>
/// What <c>State.scriban</c> writes into the server's partial class: the YAML's <c>StateSettings</c> (when <c>state:</c>
/// is declared) as C# initializers, and which compiled-in stores <c>OpenStateStoreAsync</c> can open.
/// </summary>
public sealed record StateDescriptor(string Namespace, string ServerClass, IReadOnlyList<string>? Settings, bool Sqlite, bool Redis, string GeneratorVersion)
{
    /// <summary>The file's model, or null when there is nothing to write (no <c>state:</c>, no store compiled in).</summary>
    public static StateDescriptor? Build(StateConfig? state, bool sqlite, bool redis, string @namespace, string serverClass, string generatorVersion)
    {
        if (state is null && !sqlite && !redis)
        {
            return null;
        }

        List<string>? settings = null;
        if (state is not null)
        {
            settings = [$"Backend = global::PForge.Runtime.Settings.StateBackend.{state.Backend},"];
            if (state.Path is not null)
            {
                settings.Add($"Path = {CSharpNames.StringLiteral(state.Path)},");
            }

            if (state.TtlSeconds is { } ttl)
            {
                settings.Add($"DefaultTtl = global::System.TimeSpan.FromSeconds({ttl.ToString(CultureInfo.InvariantCulture)}),");
            }

            settings.Add($"KeyPrefix = {CSharpNames.StringLiteral(state.KeyPrefix)},");
        }

        return new StateDescriptor(@namespace, serverClass, settings, sqlite, redis, generatorVersion);
    }
}
