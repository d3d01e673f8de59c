using System.Text;
using PForge.Tasks.Emit;

namespace PForge.Tasks.Tests;

/// <summary>
/// Snapshot tests: every file generated from <c>Snapshots/&lt;name&gt;/pforge.yaml</c> must equal the committed file of the
/// same relative name under <c>Snapshots/&lt;name&gt;/expected/</c>. With <c>PFORGE_UPDATE_SNAPSHOTS=1</c> the tests rewrite
/// the expected files instead (and fail, so an update is never mistaken for a pass); review the change with <c>git diff</c>.
/// </summary>
[TestClass]
public sealed class SnapshotTests
{
    private const string UpdateVariable = "PFORGE_UPDATE_SNAPSHOTS";

    [TestMethod]
    public void ReferenceConfiguration() =>
        VerifySnapshot("reference", new GeneratorOptions("Reference", GenerateEntryPoint: true));

    [TestMethod]
    public void ResourcesPromptsCompletionAndRawSchemas() =>
        VerifySnapshot("features", new GeneratorOptions("Features", GenerateEntryPoint: true, Http: true, ProjectDirectory: SnapshotDirectory("features")));

    [TestMethod]
    public void ReferenceConfigurationIsStable()
    {
        // Generation is deterministic: two runs give the same files, which the snapshot relies on.
        var yaml = File.ReadAllText(Path.Combine(SnapshotDirectory("reference"), "pforge.yaml"));
        var first = Outputs(Generator.Run(yaml, new GeneratorOptions("Reference", GenerateEntryPoint: true)));
        var second = Outputs(Generator.Run(yaml, new GeneratorOptions("Reference", GenerateEntryPoint: true)));
        CollectionAssert.AreEqual(first.ToList(), second.ToList());
    }

    private static void VerifySnapshot(string name, GeneratorOptions options)
    {
        var directory = SnapshotDirectory(name);
        var yaml = File.ReadAllText(Path.Combine(directory, "pforge.yaml"));
        var result = Generator.Run(yaml, options);
        Assert.IsEmpty(result.Diagnostics, $"{name}/pforge.yaml should load without diagnostics:\n{string.Join("\n", result.Diagnostics)}");

        var actual = Outputs(result);
        var expectedDirectory = Path.Combine(directory, "expected");
        var expected = Directory.Exists(expectedDirectory)
            ? Directory.EnumerateFiles(expectedDirectory, "*", SearchOption.AllDirectories)
                .ToDictionary(path => Path.GetRelativePath(expectedDirectory, path).Replace('\\', '/'), path => Normalize(File.ReadAllText(path)), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            var changed = Update(expectedDirectory, expected, actual);
            Assert.Fail($"{UpdateVariable}=1: updated {changed} snapshot file(s) under {expectedDirectory}. Review them with 'git diff', then run the tests without {UpdateVariable}.");
        }

        var report = new StringBuilder();
        foreach (var (path, content) in actual)
        {
            if (!expected.TryGetValue(path, out var want))
            {
                report.Append("New output with no expected file: ").AppendLine(path);
            }
            else if (want != content)
            {
                report.AppendLine(LineDiff.Unified(want, content, path));
            }
        }

        foreach (var path in expected.Keys.Where(path => !actual.ContainsKey(path)))
        {
            report.Append("Expected file that is no longer generated: ").AppendLine(path);
        }

        if (report.Length > 0)
        {
            Assert.Fail($"Generated files differ from the snapshot in {expectedDirectory}.\nIf the change is intended, run the tests with {UpdateVariable}=1 and review 'git diff'.\n\n{report}");
        }
    }

    /// <summary>Every output by its relative name: generated C#, JSON Schemas, handler stubs and the requests file.</summary>
    private static SortedDictionary<string, string> Outputs(GeneratorResult result)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in result.Sources.Concat(result.Schemas).Concat(result.HandlerStubs.Select(stub => stub.File)).Concat(result.Requests is { } requests ? [requests] : []))
        {
            Assert.IsTrue(files.TryAdd(file.RelativePath, Normalize(file.Content)), $"Two outputs named {file.RelativePath}");
        }

        return files;
    }

    private static int Update(string expectedDirectory, Dictionary<string, string> expected, SortedDictionary<string, string> actual)
    {
        var changed = 0;
        foreach (var (path, content) in actual)
        {
            if (expected.TryGetValue(path, out var old) && old == content)
            {
                continue;
            }

            var target = Path.Combine(expectedDirectory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            changed++;
        }

        foreach (var path in expected.Keys.Where(path => !actual.ContainsKey(path)))
        {
            File.Delete(Path.Combine(expectedDirectory, path));
            changed++;
        }

        return changed;
    }

    /// <summary>
    /// The snapshot folder in the source tree (so updates land where git sees them), or the copy beside the test
    /// assembly when the tests run outside a clone.
    /// </summary>
    private static string SnapshotDirectory(string name)
    {
        if (RepoPaths.TryFindRoot() is { } root && Directory.Exists(Path.Combine(root, "Tasks.Tests", "Snapshots", name)))
        {
            return Path.Combine(root, "Tasks.Tests", "Snapshots", name);
        }

        var copy = Path.Combine(AppContext.BaseDirectory, "Snapshots", name);
        Assert.IsTrue(Directory.Exists(copy), $"No snapshot folder '{name}' in the repository nor at {copy}");
        return copy;
    }

    /// <summary>Git may check text out with CRLF, and JSON Schemas are indented with the platform's newline.</summary>
    private static string Normalize(string text) => text.ReplaceLineEndings("\n");
}
