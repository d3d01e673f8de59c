namespace PForge.Runtime.Telemetry;

/// <summary>Facts about this build of the runtime, kept low so the telemetry can name its version without the host.</summary>
internal static class RuntimeInfo
{
    /// <summary>The runtime's informational version, stamped at build time.</summary>
    public static string Version => ThisAssembly.AssemblyInformationalVersion;
}
