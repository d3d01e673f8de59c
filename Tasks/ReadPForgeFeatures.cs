using Microsoft.Build.Framework;
using PForge.Tasks.Config;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace PForge.Tasks;

/// <summary>
/// The MSBuild task the SDK runs before restore and reference resolution: reads pforge.yaml with the one YAML loader
/// and says which optional runtime assemblies the server needs (the HTTP transport, the sqlite and redis stores).
/// A value the project sets wins; an empty one follows the YAML. It reports nothing: a missing or invalid YAML is
/// the generator's to report, with its line and column, so here it only turns every feature the project left open off.
/// </summary>
public sealed class ReadPForgeFeatures : MSBuildTask
{
    private const string True = "true";

    private const string False = "false";

    [Required]
    public string ConfigFile { get; set; } = string.Empty;

    /// <summary>Where files named by resources are read from (the project folder).</summary>
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary><c>PForgeHttp</c>: the project's value (true/false) or empty; out: true or false.</summary>
    [Output]
    public string Http { get; set; } = string.Empty;

    /// <summary><c>PForgeStateSqlite</c>: the project's value or empty; out: true or false.</summary>
    [Output]
    public string StateSqlite { get; set; } = string.Empty;

    /// <summary><c>PForgeStateRedis</c>: the project's value or empty; out: true or false.</summary>
    [Output]
    public string StateRedis { get; set; } = string.Empty;

    /// <summary>True when the YAML was read without errors.</summary>
    [Output]
    public bool Read { get; private set; }

    /// <summary><c>forge.transport</c> as the loader reads it (Rust's <c>sse</c> is <c>http</c>); empty when not read.</summary>
    [Output]
    public string Transport { get; private set; } = string.Empty;

    /// <summary>The state backend (<c>memory</c>, <c>sqlite</c>, <c>redis</c>); empty without a <c>state:</c> block.</summary>
    [Output]
    public string StateBackend { get; private set; } = string.Empty;

    public override bool Execute()
    {
        var config = Load();
        Read = config is not null;
        Transport = config?.Forge.Transport ?? string.Empty;
        StateBackend = config?.State?.Backend.ToString().ToLowerInvariant() ?? string.Empty;
        Http = Settle(Http, Transport == "http");
        StateSqlite = Settle(StateSqlite, config?.State?.Backend == StateBackendKind.Sqlite);
        StateRedis = Settle(StateRedis, config?.State?.Backend == StateBackendKind.Redis);
        Log.LogMessage(MessageImportance.Low, $"PForge features of {ConfigFile}: PForgeHttp={Http}, PForgeStateSqlite={StateSqlite}, PForgeStateRedis={StateRedis}");
        return true;
    }

    private PForgeConfig? Load()
    {
        if (!File.Exists(ConfigFile))
        {
            Log.LogMessage(MessageImportance.Low, $"PForge: no pforge.yaml at '{ConfigFile}'; no optional runtime assembly is referenced");
            return null;
        }

        try
        {
            var (config, diagnostics) = ConfigLoader.Load(File.ReadAllText(ConfigFile), ProjectDirectory.Length > 0 ? ProjectDirectory : null, importOpenApi: false);
            if (config is null)
            {
                Log.LogMessage(MessageImportance.Low, $"PForge: {ConfigFile} has {diagnostics.Count(d => d.IsError)} error(s), reported when the server is generated; no optional runtime assembly is referenced");
            }

            return config;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // An unreadable file or a loader bug: the generator reports it; restore must not fail here.
            Log.LogMessage(MessageImportance.Low, $"PForge: cannot read '{ConfigFile}': {ex.Message}");
            return null;
        }
    }

    // The project's true/false wins (any case, as MSBuild conditions compare); empty follows the YAML.
    private static string Settle(string projectValue, bool fromYaml) =>
        projectValue.Trim().Length == 0 ? (fromYaml ? True : False)
        : string.Equals(projectValue.Trim(), True, StringComparison.OrdinalIgnoreCase) ? True : False;
}
