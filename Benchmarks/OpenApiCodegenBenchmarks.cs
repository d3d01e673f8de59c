using BenchmarkDotNet.Attributes;
using PForge.Tasks;

namespace PForge.Benchmarks;

/// <summary>
/// The code generator on an <c>openapi:</c> entry of Box's Platform API (Tasks.Tests/OpenApi/Documents/public: 296
/// operations, 1.7 MB of JSON, 287 tools): read and bound the document, Microsoft.OpenApi's model, the tools, then
/// schemas, descriptors and every template, in process, as the MSBuild task calls it (files are not written).
/// </summary>
[MemoryDiagnoser]
public class OpenApiCodegenBenchmarks
{
    private string yaml = "";
    private GeneratorOptions options = null!;

    [GlobalSetup]
    public void Setup()
    {
        var folder = Path.Combine(RepoRoot(), "Tasks.Tests", "OpenApi", "Documents", "public");
        yaml = File.ReadAllText(Path.Combine(folder, "box-platform-api-3.0.pforge.yaml"));
        options = new GeneratorOptions("Bench", GenerateEntryPoint: true, ProjectDirectory: folder);
        var result = Generator.Run(yaml, options);
        var tools = result.Schemas.Count(s => s.RelativePath.EndsWith(".input.json", StringComparison.Ordinal));
        if (!result.Succeeded || tools != 287)
        {
            throw new InvalidOperationException($"generation failed or made {tools} tools: {string.Join("\n", result.Diagnostics)}");
        }
    }

    [Benchmark]
    public int GenerateFromBoxDocument() => Generator.Run(yaml, options).Sources.Count;

    private static string RepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PForge.Sdk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("run the benchmarks from a clone of the repository (no PForge.Sdk.sln above " + AppContext.BaseDirectory + ")");
    }
}
