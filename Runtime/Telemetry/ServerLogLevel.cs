namespace PForge.Runtime.Telemetry;

/// <summary>How much <see cref="ServerLog"/> writes: this level and those above it (None writes nothing).</summary>
public enum ServerLogLevel
{
    Debug,
    Info,
    Warning,
    Error,
    None,
}
