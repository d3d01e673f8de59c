using Microsoft.Build.Framework;
using PForge.Tasks.Config;
using PForge.Tasks.Diagnostics;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace PForge.Tasks.Packaging;

/// <summary>
/// Writes the <c>.mcp/server.json</c> that <c>dotnet pack</c> puts into a server's package (<see cref="McpServerJson"/>),
/// and gives the package a description from <c>forge.description</c>.
/// </summary>
public sealed class WritePForgeServerJson : MSBuildTask
{
    [Required]
    public string ConfigFile { get; set; } = string.Empty;

    [Required]
    public string OutputFile { get; set; } = string.Empty;

    [Required]
    public string PackageId { get; set; } = string.Empty;

    [Required]
    public string PackageVersion { get; set; } = string.Empty;

    /// <summary>The registry name (<c>PForgeMcpServerName</c>); empty: <c>&lt;PackageId&gt;/&lt;forge.name&gt;</c>.</summary>
    public string ServerName { get; set; } = string.Empty;

    /// <summary>The project's own description, used when pforge.yaml has none.</summary>
    public string Description { get; set; } = string.Empty;

    public string RepositoryUrl { get; set; } = string.Empty;

    /// <summary><c>forge.description</c>, else <c>forge.title</c>, else empty.</summary>
    [Output]
    public string ForgeDescription { get; set; } = string.Empty;

    public override bool Execute()
    {
        if (!File.Exists(ConfigFile))
        {
            Log.Report(DiagnosticCodes.ConfigNotFound(ConfigFile), ConfigFile);
            return false;
        }

        var (config, diagnostics) = ConfigLoader.Load(File.ReadAllText(ConfigFile), Path.GetDirectoryName(Path.GetFullPath(ConfigFile)));
        if (config is null)
        {
            // The build before the pack reported the warnings; the errors that stop the pack are said again.
            foreach (var diagnostic in diagnostics.Where(d => d.IsError))
            {
                Log.Report(diagnostic, ConfigFile);
            }

            return false;
        }

        var (name, json) = McpServerJson.Build(config.Forge, new McpPackageInfo(PackageId, PackageVersion, NullIfEmpty(ServerName), NullIfEmpty(Description), NullIfEmpty(RepositoryUrl)));
        if (!McpServerJson.IsRegistryName(name))
        {
            Log.Report(DiagnosticCodes.InvalidRegistryName(name, string.IsNullOrEmpty(ServerName)), ConfigFile);
        }

        GeneratePForgeServer.WriteIfChanged(OutputFile, json);
        ForgeDescription = config.Forge.Description ?? config.Forge.Title ?? string.Empty;
        return !Log.HasLoggedErrors;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
