using NJsonSchema;

namespace PForge.Tasks.Tests;

/// <summary>docs/pforge.schema.json (the JSON Schema of pforge.yaml, shipped in PForge.Sdk) accepts every YAML of the repo, and refuses what the build refuses.</summary>
[TestClass]
public sealed class YamlSchemaTests
{
    public static IEnumerable<object[]> Files =>
    [
        .. Directory.GetDirectories(Path.Combine(RepoPaths.FindRoot(), "samples"))
            .SelectMany(sample => Directory.GetFiles(sample, "*.yaml"))

            // A sample's own OpenAPI document is not a pforge.yaml (the Rust calculator's is forge.yaml).
            .Where(file => Path.GetFileName(file) is "pforge.yaml" or "forge.yaml")
            .Select(file => new object[] { Path.GetRelativePath(RepoPaths.FindRoot(), file) })
            .Order(Comparer<object[]>.Create((a, b) => string.CompareOrdinal((string)a[0], (string)b[0]))),
        ["Tasks.Tests/Snapshots/reference/pforge.yaml"],
        ["Tasks.Tests/Snapshots/features/pforge.yaml"],
        ["Templates/pforge/pforge.yaml"],
    ];

    internal static JsonSchema Schema { get; } = JsonSchema.FromFileAsync(Path.Combine(RepoPaths.FindRoot(), "docs", "pforge.schema.json")).GetAwaiter().GetResult();

    [TestMethod]
    [DynamicData(nameof(Files))]
    public void EveryYamlOfTheRepoIsValid(string file)
    {
        var yaml = File.ReadAllText(Path.Combine(RepoPaths.FindRoot(), file));
        var errors = Schema.Validate(YamlJson.Convert(WithoutTemplateConditions(yaml)));
        Assert.IsEmpty(errors, $"{file}:\n{string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}"))}");
    }

    [TestMethod]
    public void TheSamplesAreAllThere() => Assert.IsGreaterThanOrEqualTo(9, Files.Count());

    [TestMethod]
    [DataRow("forge: { name: a }", "#/forge.version", "PropertyRequired")]
    [DataRow("forge: { name: a, version: '1', transport: grpc }", "#/forge.transport", "NotInEnumeration")]
    [DataRow("forge: { name: a, version: '1', colour: red }", "#/forge.colour", "NoAdditionalPropertiesAllowed")]
    [DataRow("forge: { name: a, version: '1', http: { port: 70000 } }", "#/forge.http.port", "NumberTooBig")]
    [DataRow("forge: { name: a, version: '1', max_message_bytes: 100 }", "#/forge.max_message_bytes", "NumberTooSmall")]
    [DataRow("forge: { name: a, version: '1', http: { request_body_grace_s: 1 } }", "#/forge.http.request_body_grace_s", "NumberTooSmall")]
    [DataRow("forge: { name: a, version: '1' }\ntools: [ { type: cli, name: t } ]", "#/tools[0]", "ArrayItemNotValid")]
    [DataRow("forge: { name: a, version: '1' }\nstate: { backend: rocks }", "#/state.backend", "NotInEnumeration")]
    public void RefusesWhatTheBuildRefuses(string yaml, string path, string kind)
    {
        var errors = Schema.Validate(YamlJson.Convert(yaml));
        Assert.IsTrue(errors.Any(e => e.Path == path && e.Kind.ToString() == kind), string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }

    /// <summary>The template's pforge.yaml with its `#if` lines resolved to the default (stdio).</summary>
    private static string WithoutTemplateConditions(string yaml)
    {
        var kept = new List<string>();
        var skipping = false;
        foreach (var line in yaml.Split('\n'))
        {
            if (line.StartsWith("#if", StringComparison.Ordinal))
            {
                skipping = true;
            }
            else if (line.StartsWith("#else", StringComparison.Ordinal) || line.StartsWith("#endif", StringComparison.Ordinal))
            {
                skipping = false;
            }
            else if (!skipping)
            {
                kept.Add(line);
            }
        }

        return string.Join('\n', kept);
    }
}
