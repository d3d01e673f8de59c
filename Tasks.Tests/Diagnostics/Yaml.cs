namespace PForge.Tasks.Tests.Diagnostics;

/// <summary>The pforge.yaml texts of the diagnostic cases: the one 'forge:' header they share, and a body.</summary>
public static class Yaml
{
    /// <summary>Lines 1 to 3 of every case built with <see cref="Server"/>; the body starts at line 4.</summary>
    public const string Header = "forge:\n  name: x\n  version: 1.0.0\n";

    /// <summary>
    /// The header followed by <paramref name="body"/>. Body lines indented by two spaces continue the 'forge' mapping
    /// (e.g. "  transport: sse"); the others are top-level sections (tools, resources, prompts, state, policies).
    /// </summary>
    public static string Server(string body) => Header + body;
}
