using PForge.Tasks.Config;

namespace PForge.Tasks.Emit;

/// <summary>State: the <c>state:</c> settings and the stores compiled in.</summary>
internal static class StateBuilder
{
    /// <summary>The file's model, or null when there is nothing to write (no <c>state:</c>, no store compiled in).</summary>
    public static StateDescriptor? Build(StateConfig? state, bool sqlite, bool redis, string @namespace, string serverClass, string generatorVersion) =>
        state is null && !sqlite && !redis ? null : new StateDescriptor(@namespace, serverClass, state, sqlite, redis, generatorVersion);
}
