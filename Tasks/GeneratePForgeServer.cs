using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Build.Framework;
using PForge.Tasks.Config;
using PForge.Tasks.Diagnostics;
using PForge.Tasks.Emit;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace PForge.Tasks;

/// <summary>
/// The MSBuild task: runs the <see cref="Generator"/> on <c>pforge.yaml</c>, reports its diagnostics at the YAML's
/// line and column, writes what changed, and scaffolds missing handler files.
/// </summary>
public sealed partial class GeneratePForgeServer : MSBuildTask
{
    [Required]
    public string ConfigFile { get; set; } = string.Empty;

    /// <summary>Folder of the generated C# (under obj/).</summary>
    [Required]
    public string OutputDirectory { get; set; } = string.Empty;

    /// <summary>Folder of the generated JSON Schemas (under obj/).</summary>
    [Required]
    public string SchemaDirectory { get; set; } = string.Empty;

    /// <summary>The project folder, where handler stubs go.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    [Required]
    public string RootNamespace { get; set; } = string.Empty;

    public bool GenerateEntryPoint { get; set; } = true;

    public bool ScaffoldHandlers { get; set; } = true;

    /// <summary>The project's C# files, searched for handler types before a stub is written.</summary>
    public ITaskItem[] Compile { get; set; } = [];

    public string GeneratorVersion { get; set; } = "dev";

    /// <summary>True when PForge.Runtime.Http is compiled in (<c>PForgeHttp</c>): the entry point serves Streamable HTTP.</summary>
    public bool Http { get; set; }

    /// <summary>True when PForge.Runtime.State.Sqlite is compiled in (<c>PForgeStateSqlite</c>): the server can open a sqlite store.</summary>
    public bool StateSqlite { get; set; }

    /// <summary>True when PForge.Runtime.State.Redis is compiled in (<c>PForgeStateRedis</c>): the server can open a redis store.</summary>
    public bool StateRedis { get; set; }

    /// <summary>
    /// Where to list the files besides pforge.yaml that the generated code compiles in (one full path a line), e.g. a
    /// resource's <c>file</c>: the build reruns generation when one of them changes. Empty: no list.
    /// </summary>
    public string InputListFile { get; set; } = string.Empty;

    /// <summary>
    /// Where to list the handler files the project is expected to keep (one full path a line): those scaffolded now
    /// or found at their expected path, not handlers whose class the project declares elsewhere. The build reruns
    /// generation when one of them is gone, so a deleted stub is written again. Empty: no list.
    /// </summary>
    public string HandlerListFile { get; set; } = string.Empty;

    /// <summary>
    /// Where to write the generated requests file (initialize, then one valid <c>tools/call</c> per tool; the perf
    /// gate's default workload). Empty: not written.
    /// </summary>
    public string RequestsFile { get; set; } = string.Empty;

    [Output]
    public ITaskItem[] GeneratedFiles { get; set; } = [];

    [Output]
    public ITaskItem[] ScaffoldedFiles { get; set; } = [];

    public override bool Execute()
    {
        if (!File.Exists(ConfigFile))
        {
            Log.Report(DiagnosticCodes.ConfigNotFound(ConfigFile), ConfigFile);
            return false;
        }

        var yaml = File.ReadAllText(ConfigFile);
        var result = Generator.Run(yaml, new GeneratorOptions(RootNamespace, GenerateEntryPoint, GeneratorVersion, Http, ProjectDirectory) { StateSqlite = StateSqlite, StateRedis = StateRedis });
        foreach (var diagnostic in result.Diagnostics)
        {
            Log.Report(diagnostic, diagnostic.File ?? ConfigFile);
        }

        if (InputListFile.Length > 0)
        {
            WriteIfChanged(InputListFile, string.Concat(result.InputFiles.Select(path => path + "\n")));
        }

        if (!result.Succeeded)
        {
            return false;
        }

        var written = new List<ITaskItem>();
        WriteAll(result.Sources, OutputDirectory, written);
        WriteAll(result.Schemas, SchemaDirectory, written);
        RemoveStale(OutputDirectory, "*.g.cs", result.Sources);
        if (RequestsFile.Length > 0 && result.Requests is { } requests)
        {
            WriteIfChanged(RequestsFile, requests.Content);
            written.Add(new Microsoft.Build.Utilities.TaskItem(RequestsFile));
        }

        RemoveStale(SchemaDirectory, "*.json", result.Schemas);
        GeneratedFiles = [.. written];
        var (scaffolded, expected) = Scaffold(result.HandlerStubs);
        ScaffoldedFiles = [.. scaffolded];
        if (HandlerListFile.Length > 0)
        {
            WriteIfChanged(HandlerListFile, string.Concat(expected.Select(path => path + "\n")));
        }

        return !Log.HasLoggedErrors;
    }

    private static void WriteAll(IReadOnlyList<GeneratedFile> files, string directory, List<ITaskItem> written)
    {
        Directory.CreateDirectory(directory);
        foreach (var file in files)
        {
            var path = Path.Combine(directory, file.RelativePath);
            WriteIfChanged(path, file.Content);
            written.Add(new Microsoft.Build.Utilities.TaskItem(path));
        }
    }

    /// <summary>Writes only when the text differs, so an unchanged file keeps its timestamp and the compiler can skip.</summary>
    internal static bool WriteIfChanged(string path, string content)
    {
        if (File.Exists(path) && File.ReadAllText(path) == content)
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return true;
    }

    /// <summary>Deletes generated files of tools that are gone from the YAML.</summary>
    private static void RemoveStale(string directory, string pattern, IReadOnlyList<GeneratedFile> current)
    {
        var keep = current.Select(f => Path.GetFullPath(Path.Combine(directory, f.RelativePath))).ToHashSet(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory, pattern))
        {
            if (!keep.Contains(Path.GetFullPath(path)))
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>Writes missing stubs (when <see cref="ScaffoldHandlers"/>); returns them, and every handler file the project should keep.</summary>
    private (List<ITaskItem> Created, List<string> Expected) Scaffold(IReadOnlyList<HandlerStub> stubs)
    {
        var created = new List<ITaskItem>();
        var expected = new List<string>();
        var generated = Path.GetFullPath(OutputDirectory);
        var sources = Compile.Select(item => item.GetMetadata("FullPath"))
            .Where(path => File.Exists(path) && !path.StartsWith(generated, StringComparison.Ordinal))
            .ToList();
        foreach (var stub in stubs)
        {
            var path = Path.GetFullPath(Path.Combine(ProjectDirectory, stub.File.RelativePath));
            if (File.Exists(path))
            {
                // The user's file wins, always: a stub is written once and never overwritten.
                expected.Add(path);
                continue;
            }

            if (!ScaffoldHandlers || DeclaredIn(sources, stub.TypeName))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, stub.File.Content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            Log.LogMessage(MessageImportance.High, $"PForge: created handler stub {stub.File.RelativePath} for {stub.FullTypeName}; implement it there.");
            created.Add(new Microsoft.Build.Utilities.TaskItem(path));
            expected.Add(path);
        }

        return (created, expected);
    }

    private static bool DeclaredIn(List<string> sources, string typeName)
    {
        var declaration = new Regex($@"\bclass\s+{Regex.Escape(typeName)}\b", RegexOptions.CultureInvariant);
        return sources.Any(path => declaration.IsMatch(File.ReadAllText(path)));
    }
}
