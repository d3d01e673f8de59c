using PForge.Tasks.Config;

namespace PForge.Tasks.Tests;

/// <summary>How <c>policies:</c> and a tool's own keys merge, per key and per nested key, and where a timeout goes.</summary>
[TestClass]
public sealed class PolicyReaderTests
{
    private const string Yaml = """
        forge: { name: p, version: 1.0.0 }
        policies:
          timeout_ms: 1000
          retry: { max_attempts: 4, initial_backoff_ms: 20 }
          circuit_breaker: { failure_threshold: 3 }
        tools:
          - type: native
            name: plain
          - type: native
            name: tuned
            retry: { max_attempts: 2 }
            policies:
              circuit_breaker: false
              rate_limit: { permits_per_second: 5 }
              max_concurrent: 2
          - type: cli
            name: run
            command: "true"
          - type: cli
            name: own_timeout
            command: "true"
            timeout_ms: 7
        """;

    [TestMethod]
    public void AToolWithoutKeysOfItsOwnTakesTheDefaults() =>
        Assert.AreEqual(
            new PolicyConfig(1000, new RetryConfig(4, 20, 10_000, true), new CircuitBreakerConfig(3, 30_000, 1), null, null),
            Tool("plain").Policies);

    [TestMethod]
    public void AToolsKeysOverridePerKeyAndFalseTurnsABlockOff() =>
        Assert.AreEqual(
            new PolicyConfig(1000, new RetryConfig(2, 20, 10_000, true), null, new RateLimitConfig(5), 2),
            Tool("tuned").Policies);

    [TestMethod]
    public void ACliToolsRunnerTakesTheTimeoutUnlessTheToolGivesItsOwn()
    {
        Assert.AreEqual((1000, (int?)null), (Tool("run").Cli!.TimeoutMs, Tool("run").Policies!.TimeoutMs));
        Assert.AreEqual(7, Tool("own_timeout").Cli!.TimeoutMs);
    }

    [TestMethod]
    public void WithoutPoliciesAToolHasNone()
    {
        var (config, diagnostics) = ConfigLoader.Load("forge: { name: p, version: 1.0.0 }\ntools:\n  - { type: native, name: t }\n");
        Assert.IsEmpty(diagnostics);
        Assert.IsNull(config!.Tools[0].Policies);
    }

    private static ToolConfig Tool(string name)
    {
        var (config, diagnostics) = ConfigLoader.Load(Yaml);
        Assert.IsEmpty(diagnostics, string.Join("\n", diagnostics));
        return config!.Tools.Single(t => t.Name == name);
    }
}
