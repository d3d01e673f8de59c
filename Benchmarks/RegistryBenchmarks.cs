using BenchmarkDotNet.Attributes;
using Calculator;
using PForge.Runtime.Server;

namespace PForge.Benchmarks;

/// <summary>Tool lookup by name in the generated registry (the Rust pforge's "dispatch" figure), hit and miss.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class RegistryBenchmarks
{
    private readonly McpServerDefinition _definition = new PForgeServer();

    // Fields, not constants: the JIT must not fold the lookup.
    private string _hit = "calculate";
    private string _miss = "calculator";

    [GlobalSetup]
    public void Setup()
    {
        _hit = new string("calculate".AsSpan());
        _miss = new string("calculator".AsSpan());
        if (_definition.FindTool(_hit) != 0 || _definition.FindTool(_miss) != -1)
        {
            throw new InvalidOperationException("FindTool does not return the expected indexes for the calculator sample");
        }
    }

    [Benchmark(Baseline = true)]
    public int FindTool_Hit() => _definition.FindTool(_hit);

    [Benchmark]
    public int FindTool_Miss() => _definition.FindTool(_miss);
}
