namespace PForge.Tasks.Tests.OpenApi;

/// <summary>
/// Fuzz/regressions/openapi: documents that once threw inside the generator (found by scripts/fuzz's openapi target,
/// and the reader's own throws: an unsupported version, a fractional maxLength, a $ref cycle of bare refs, a tag that is no URI) now give
/// diagnostics or tools, never PF1002.
/// </summary>
[TestClass]
public sealed class OpenApiRegressionTests
{
    private static readonly string Folder = Path.Combine(RepoPaths.FindRoot(), "Fuzz", "regressions", "openapi");

    public static IEnumerable<object[]> Files => Directory.GetFiles(Folder).Order(StringComparer.Ordinal).Select(f => new object[] { Path.GetFileName(f) });

    [TestMethod]
    [DynamicData(nameof(Files))]
    public void TheDocumentGivesDiagnosticsNotACrash(string file)
    {
        var result = Run(file);
        Assert.IsFalse(result.Diagnostics.Any(d => d.Code == "PF1002"), string.Join("\n", result.Diagnostics));
        Assert.IsTrue(result.Succeeded || result.Diagnostics.Any(d => d.IsError), string.Join("\n", result.Diagnostics));
    }

    [TestMethod]
    public void WhatTheReaderThrowsIsReportedExactly()
    {
        Assert.AreEqual(
            "PF1504: The document 'unsupported-version.yaml' is of version '9.9.9'; tools are generated from OpenAPI 3.0 and 3.1 (convert a Swagger 2.0 document first)",
            Single("unsupported-version.yaml"));
        StringAssert.StartsWith(Single("max-length-fraction.yaml"), "PF1503: The OpenAPI document 'max-length-fraction.yaml' is not valid: ");

        // A tag that is no URI (found by the fuzzer): YamlDotNet's ArgumentException, once an escape, is the reader's error.
        StringAssert.StartsWith(Single("tag-not-a-uri.yaml"), "PF1503: The OpenAPI document 'tag-not-a-uri.yaml' is not valid: ");

        // The cycle of bare refs: the tool is made, the schemas that lead nowhere taken as any JSON object.
        var cycle = Run("alias-cycle.yaml");
        Assert.IsTrue(cycle.Succeeded, string.Join("\n", cycle.Diagnostics));
        Assert.AreEqual(
            """{"type":"object","properties":{"q":{"type":"object"},"body":{"type":"object","description":"The request body (JSON)."}}}""",
            System.Text.Json.Nodes.JsonNode.Parse(cycle.Schemas.Single(s => s.RelativePath == "send.input.json").Content)!.ToJsonString());
    }

    [TestMethod]
    public void AHugeDocumentIsRefusedBeforeItIsRead()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "huge.yaml");
        using (var writer = new StreamWriter(path))
        {
            writer.Write("openapi: 3.0.3\ninfo: { title: Huge, version: \"1\" }\npaths: {}\nx-padding: \"");
            writer.Write(new string('x', 33 * 1024 * 1024));
            writer.Write("\"\n");
        }

        var result = Generator.Run("forge: { name: x, version: 1.0.0 }\nopenapi:\n  - spec: huge.yaml\n", new GeneratorOptions("App", GenerateEntryPoint: false, ProjectDirectory: folder.Path));
        var diagnostic = result.Diagnostics.Single();
        Assert.AreEqual(("PF1502", 3, 11), (diagnostic.Code, diagnostic.Line, diagnostic.Column));
        Assert.AreEqual("The OpenAPI document 'huge.yaml' is not read: it has 34,603,083 characters; the limit is 33,554,432", diagnostic.Message);
    }

    private static string Single(string file) => Run(file).Diagnostics.Single() is var d ? $"{d.Code}: {d.Message}" : string.Empty;

    private static GeneratorResult Run(string file) => Generator.Run(
        $"forge: {{ name: x, version: 1.0.0 }}\nopenapi:\n  - spec: {file}\n    base_url: https://api.example.com\n",
        new GeneratorOptions("App", GenerateEntryPoint: false, ProjectDirectory: Folder));
}
