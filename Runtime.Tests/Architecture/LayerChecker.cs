using System.Text.RegularExpressions;

namespace PForge.Runtime.Tests.Architecture;

/// <summary>
/// The runtime's layers (lowest first) and the check that a source file names no namespace of a layer above its own
/// folder's: by a using directive (static, alias or global too), a qualified name in code (<c>PForge.Runtime.X.Y</c>,
/// with or without <c>global::</c>), or a name relative to <c>PForge.Runtime</c> (<c>Hosting.PForgeHost</c>).
/// </summary>
internal static partial class LayerChecker
{
    /// <summary>Folder (relative to the repository, '/'-separated) → layer; the longest matching prefix counts.</summary>
    public static readonly IReadOnlyList<(string Folder, int Layer)> Folders =
    [
        ("Runtime/Protocol/", 1),
        ("Runtime/Settings/", 2),
        ("Runtime/Telemetry/", 3),
        ("Runtime/State/", 4),
        ("Runtime/Handlers/", 5),
        ("Runtime/Generated/", 6),
        ("Runtime/Tools/", 7),
        ("Runtime/Policies/", 8),
        ("Runtime/Server/", 9),
        ("Runtime/Transports/", 10),
        ("Runtime/Hosting/", 11),
        ("Runtime.State.Sqlite/", 12),
        ("Runtime.State.Redis/", 12),
        ("Runtime.Http/", 12),
    ];

    /// <summary>Namespace → layer; the longest matching prefix (whole segments) counts.</summary>
    public static readonly IReadOnlyList<(string Namespace, int Layer)> Namespaces =
    [
        ("PForge.Runtime.Protocol", 1),
        ("PForge.Runtime.Settings", 2),
        ("PForge.Runtime.Telemetry", 3),
        ("PForge.Runtime.State", 4),
        ("PForge.Runtime.Tools", 5),
        ("PForge.Runtime.Content", 5),
        ("PForge.Runtime.Resources", 5),
        ("PForge.Runtime.Prompts", 5),
        ("PForge.Runtime.Completion", 5),
        ("PForge.Runtime.Client", 5),
        ("PForge.Runtime.Generated", 6),
        ("PForge.Runtime.Tools.Cli", 7),
        ("PForge.Runtime.Tools.Http", 7),
        ("PForge.Runtime.Tools.Pipeline", 7),
        ("PForge.Runtime.Tools.Templating", 7),
        ("PForge.Runtime.Policies", 8),
        ("PForge.Runtime.Server", 9),
        ("PForge.Runtime.Transports", 10),
        ("PForge.Runtime.Hosting", 11),
        ("PForge.Runtime.State.Sqlite", 12),
        ("PForge.Runtime.State.Redis", 12),
        ("PForge.Runtime.Http", 12),
    ];

    /// <summary>The folders whose sources are checked.</summary>
    public static readonly IReadOnlyList<string> Roots = ["Runtime", "Runtime.Http", "Runtime.State.Sqlite", "Runtime.State.Redis"];

    /// <summary>The layer of a folder path, or null when the table has none (a file outside the layers).</summary>
    public static int? FolderLayer(string path) =>
        Folders.Where(f => path.StartsWith(f.Folder, StringComparison.Ordinal)).OrderByDescending(f => f.Folder.Length).Select(f => (int?)f.Layer).FirstOrDefault();

    /// <summary>The layer of a namespace or a qualified type name, or null when the table has none.</summary>
    public static int? NamespaceLayer(string name) =>
        Namespaces.Where(n => name == n.Namespace || name.StartsWith(n.Namespace + ".", StringComparison.Ordinal))
            .OrderByDescending(n => n.Namespace.Length).Select(n => (int?)n.Layer).FirstOrDefault();

    /// <summary>Every violation in the sources under <see cref="Roots"/> of the repository at <paramref name="root"/>.</summary>
    public static List<string> CheckRepository(string root)
    {
        var sources = Roots
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Select(file => Path.GetRelativePath(root, file).Replace('\\', '/'))
            .Where(path => !path.Contains("/obj/", StringComparison.Ordinal) && !path.Contains("/bin/", StringComparison.Ordinal))
            .Select(path => (Path: path, Text: File.ReadAllText(Path.Combine(root, path))))
            .ToList();
        var types = DeclaredTypes(sources.Select(s => s.Text));
        return [.. sources.SelectMany(s => Check(s.Path, s.Text, types))];
    }

    /// <summary>
    /// The violations of one file: "path:line: ..." naming the offending namespace and both layers. The file's own
    /// namespace must be of its folder's layer. <paramref name="types"/> are the qualified names a relative name may
    /// resolve to (<see cref="DeclaredTypes"/>); without them relative names are not checked.
    /// </summary>
    public static List<string> Check(string path, string source, ISet<string>? types = null)
    {
        var violations = new List<string>();
        if (FolderLayer(path) is not { } layer)
        {
            violations.Add($"{path}: the folder is not in the layer table");
            return violations;
        }

        var lines = SourceText.CodeOnly(source).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var declared = NamespaceDeclaration().Match(line);
            if (declared.Success)
            {
                var own = declared.Groups["name"].Value;
                if (NamespaceLayer(own) != layer)
                {
                    violations.Add($"{path}:{i + 1}: declares namespace {own} (layer {Name(NamespaceLayer(own))}) in a folder of layer {layer}");
                }

                continue;
            }

            foreach (var name in Referenced(line, types))
            {
                var target = NamespaceLayer(name);
                if (target is null)
                {
                    violations.Add($"{path}:{i + 1}: names {name}, which is in no layer of the table");
                }
                else if (target > layer)
                {
                    violations.Add($"{path}:{i + 1}: names {name} (layer {target}) from a folder of layer {layer}");
                }
            }
        }

        return violations;
    }

    /// <summary>The qualified names of the types the sources declare (namespace + type name), for relative names.</summary>
    public static HashSet<string> DeclaredTypes(IEnumerable<string> sources)
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            var code = SourceText.CodeOnly(source);
            if (NamespaceDeclaration().Match(code) is { Success: true } declared)
            {
                foreach (Match type in TypeDeclaration().Matches(code))
                {
                    types.Add(declared.Groups["name"].Value + "." + type.Groups["name"].Value);
                }
            }
        }

        return types;
    }

    /// <summary>The PForge.Runtime names one line of code refers to.</summary>
    private static IEnumerable<string> Referenced(string line, ISet<string>? types)
    {
        foreach (Match match in QualifiedName().Matches(line))
        {
            yield return match.Value.StartsWith("global::", StringComparison.Ordinal) ? match.Value["global::".Length..] : match.Value;
        }

        if (types is null || UsingDirective().IsMatch(line))
        {
            yield break;
        }

        foreach (Match match in RelativeName().Matches(line))
        {
            var name = "PForge.Runtime." + match.Groups["namespace"].Value + "." + match.Groups["type"].Value;
            if (types.Contains(name))
            {
                yield return name;
            }
        }
    }

    private static string Name(int? layer) => layer?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";

    [GeneratedRegex(@"^\s*namespace\s+(?<name>[\w.]+)")]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"^\s*(global\s+)?using\b")]
    private static partial Regex UsingDirective();

    /// <summary>A name from PForge.Runtime on (not a member access of something else: <c>x.PForge</c> is not one).</summary>
    [GeneratedRegex(@"(?<![\w.])(global::)?PForge\.Runtime(\.\w+)+")]
    private static partial Regex QualifiedName();

    /// <summary>A name relative to PForge.Runtime (<c>Hosting.PForgeHost</c>), which code in PForge.Runtime.* resolves.</summary>
    [GeneratedRegex(@"(?<![\w.:])(?<namespace>[A-Z]\w*)\.(?<type>[A-Z]\w*)")]
    private static partial Regex RelativeName();

    [GeneratedRegex(@"\b(class|struct|record|interface|enum|delegate\s+[\w<>\[\]?,. ]+?)\s+(?<name>[A-Z]\w*)")]
    private static partial Regex TypeDeclaration();
}
