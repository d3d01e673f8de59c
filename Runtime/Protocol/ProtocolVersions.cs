namespace PForge.Runtime.Protocol;

/// <summary>The MCP revisions this server negotiates, oldest first.</summary>
public static class ProtocolVersions
{
    public const string Latest = "2025-11-25";

    public static readonly string[] Supported = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

    /// <summary>Echoes a supported requested revision; otherwise offers the latest, as the specification asks.</summary>
    public static string Negotiate(string? requested)
    {
        foreach (var version in Supported)
        {
            if (string.Equals(version, requested, StringComparison.Ordinal))
            {
                return version;
            }
        }

        return Latest;
    }
}
