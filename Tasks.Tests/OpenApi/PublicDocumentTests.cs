namespace PForge.Tasks.Tests.OpenApi;

/// <summary>
/// Three public documents (Tasks.Tests/OpenApi/Documents/public, SOURCES.md): the Petstore 3.0, Scalar's Galaxy 3.1
/// and Box's Platform API (296 operations, 1.7 MB of JSON) generate their tools without a diagnostic once the
/// operations no http tool can send are excluded, the same every time; IntegrationTests builds and serves them.
/// </summary>
[TestClass]
public sealed class PublicDocumentTests
{
    public static string Folder => Path.Combine(RepoPaths.FindRoot(), "Tasks.Tests", "OpenApi", "Documents", "public");

    /// <summary>The pforge.yaml of each document (beside it): its credentials, and the operations that send no JSON left out.</summary>
    public static string Yaml(string document) => File.ReadAllText(Path.Combine(Folder, Path.GetFileNameWithoutExtension(document) + ".pforge.yaml"));

    [TestMethod]
    [DataRow("petstore-3.0.yaml", 18, "get_pet_by_id")]
    [DataRow("scalar-galaxy-3.1.yaml", 9, "get_planet")]
    [DataRow("box-platform-api-3.0.json", 287, "box_get_files_id")]
    public void TheDocumentGeneratesItsToolsWithoutADiagnostic(string document, int tools, string oneOfThem)
    {
        var result = Generate(document);
        Assert.IsTrue(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.IsEmpty(result.Diagnostics, string.Join("\n", result.Diagnostics.Select(d => d.Format(d.File ?? "pforge.yaml"))));
        var names = result.Schemas.Where(s => s.RelativePath.EndsWith(".input.json", StringComparison.Ordinal)).Select(s => s.RelativePath[..^".input.json".Length]).ToList();
        Assert.HasCount(tools, names);
        CollectionAssert.Contains(names, oneOfThem);
        Assert.IsTrue(names.All(n => n.Length <= 64 && n.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')), string.Join(", ", names));

        // Deterministic: the same document gives the same files.
        var again = Generate(document);
        CollectionAssert.AreEqual(result.Sources.Select(s => s.Content).ToArray(), again.Sources.Select(s => s.Content).ToArray());
        CollectionAssert.AreEqual(result.Schemas.Select(s => s.Content).ToArray(), again.Schemas.Select(s => s.Content).ToArray());
    }

    [TestMethod]
    public void AThreeOneDocumentsTypeListsAndNullsBecomeOneType()
    {
        var result = Generate("scalar-galaxy-3.1.yaml");
        var create = Compact(result.Schemas.Single(s => s.RelativePath == "create_planet.input.json").Content);
        StringAssert.StartsWith(create, """{"type":"object","properties":{"body":{"type":"object",""");
        var planet = Compact(result.Schemas.Single(s => s.RelativePath == "get_planet.output.json").Content);
        StringAssert.Contains(planet, "\"description\":{\"type\":[\"string\",\"null\"]");
    }

    public static GeneratorResult Generate(string document) =>
        Generator.Run(Yaml(document), new GeneratorOptions("App", GenerateEntryPoint: false, ProjectDirectory: Folder));

    private static string Compact(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)!.ToJsonString();
}
