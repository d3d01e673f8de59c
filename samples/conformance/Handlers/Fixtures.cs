namespace Conformance.Handlers;

/// <summary>The binary fixtures the conformance suite expects (a 1x1 PNG and a minimal WAV), in base64.</summary>
internal static class Fixtures
{
    public const string Png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

    public const string Wav = "UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=";

    /// <summary>How long a handler waits for the client to answer a sampling or elicitation request.</summary>
    public static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(30);
}
