namespace PForge.Runtime.Protocol;

/// <summary>
/// The MCP revisions this server speaks: the handshake era, negotiated by <c>initialize</c> (oldest first), and the
/// per-request era, whose every request names its revision in <c>_meta</c>.
/// </summary>
public static class ProtocolVersions
{
    public const string Latest = "2025-11-25";

    /// <summary>The revision of the per-request era (no handshake, no session).</summary>
    public const string Modern = "2026-07-28";

    public static readonly string[] Supported = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

    /// <summary>The revisions of the per-request era, newest first (<see cref="All"/> lists them with the handshake ones).</summary>
    public static readonly string[] ModernSupported = [Modern];

    /// <summary>Every revision this server speaks, newest first: what <c>server/discover</c> and the -32022 error list.</summary>
    public static readonly string[] All = [Modern, "2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"];

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

    /// <summary>True when a request may name <paramref name="requested"/> in its <c>_meta</c>.</summary>
    public static bool IsModern(string requested) => Array.IndexOf(ModernSupported, requested) >= 0;
}
