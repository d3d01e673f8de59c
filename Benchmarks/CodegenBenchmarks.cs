using System.Text;
using BenchmarkDotNet.Attributes;
using PForge.Tasks;

namespace PForge.Benchmarks;

/// <summary>
/// The code generator (what <c>dotnet build</c> runs when pforge.yaml changed) on a generated YAML of N native tools
/// with three parameters each (a validated string, a number with bounds, an enum): parse, validate, schemas, descriptors
/// and every template, in process, as the MSBuild task calls it (files are not written).
/// </summary>
[MemoryDiagnoser]
public class CodegenBenchmarks
{
    private string yaml = "";
    private GeneratorOptions options = null!;

    [Params(10, 100, 1000)]
    public int Tools { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        yaml = Yaml(Tools);
        options = new GeneratorOptions("Bench", GenerateEntryPoint: true);
        var result = Generator.Run(yaml, options);
        if (!result.Succeeded || result.Sources.Count != 2 * Tools + 2)
        {
            throw new InvalidOperationException($"generation failed or produced {result.Sources.Count} files: {string.Join("\n", result.Diagnostics)}");
        }
    }

    [Benchmark]
    public int Generate() => Generator.Run(yaml, options).Sources.Count;

    /// <summary>A server of <paramref name="count"/> native tools (the 1,000-tool server of the memory figures has this shape).</summary>
    public static string Yaml(int count)
    {
        var yaml = new StringBuilder("forge: { name: bench, version: 1.0.0 }\ntools:\n");
        for (var i = 1; i <= count; i++)
        {
            yaml.Append($"""
                  - type: native
                    name: tool_{i:D4}
                    description: Tool number {i}
                    params:
                      text: {"{"} type: string, required: true, validation: {"{"} min_length: 1, max_length: 100 {"}"} {"}"}
                      amount: {"{"} type: number, default: 1, validation: {"{"} min: 0, max: 1000 {"}"} {"}"}
                      mode: {"{"} type: string, enum: [fast, slow], default: fast {"}"}

                """);
        }

        return yaml.ToString();
    }
}
