namespace PForge.Runtime.Settings;

/// <summary>Where <see cref="IStateStore"/> keeps its values (<c>state.backend</c>, <c>--state-backend</c>).</summary>
public enum StateBackend
{
    /// <summary>A dictionary in the process: fast, private to it, gone when it exits. The default without <c>state:</c>.</summary>
    Memory,

    /// <summary>A SQLite file (WAL, synchronous FULL): embedded and persistent. The default of a <c>state:</c> block; Rust's <c>sled</c>.</summary>
    Sqlite,

    /// <summary>A Redis server shared by several instances of the server.</summary>
    Redis,
}
