using PForge.Tasks.Config;

namespace PForge.Tasks.Tests;

/// <summary>The <c>state:</c> block as loaded (defaults, Rust's sled) and what it generates (<c>PForgeState.g.cs</c>).</summary>
[TestClass]
public sealed class StateReaderTests
{
    private const string Forge = "forge: { name: counter, version: 1.0.0 }\n";

    [TestMethod]
    public void WithoutAStateBlockThereIsNoStateAndNoStateFile()
    {
        Assert.IsNull(Load(Forge));
        Assert.IsNull(StateFile(Generate(Forge, new GeneratorOptions("App", GenerateEntryPoint: false))));
    }

    [TestMethod]
    public void AStateBlockDefaultsToSqliteWithTheServerNameAsPrefix() =>
        Assert.AreEqual(new StateConfig(StateBackendKind.Sqlite, new SourcePosition(2, 8), null, null, "counter:"), Load(Forge + "state: { options: {} }\n"));

    [TestMethod]
    public void EveryKeyIsRead()
    {
        var state = Load(Forge + """
            state:
              backend: redis
              path: "127.0.0.1:6379,ssl=false"
              options:
                ttl_seconds: 3600
                key_prefix: ""
            """);
        Assert.AreEqual(new StateConfig(StateBackendKind.Redis, new SourcePosition(3, 12), "127.0.0.1:6379,ssl=false", 3600, string.Empty), state);
    }

    [TestMethod]
    public void RustsSledPathNamesAFolderThatNowHoldsTheSqliteFile()
    {
        var state = Load(Forge + "state: { backend: sled, path: /var/lib/pforge/ }\n");
        Assert.AreEqual((StateBackendKind.Sqlite, "/var/lib/pforge/state.db"), (state!.Backend, state.Path));
    }

    [TestMethod]
    public void TheStateFileCarriesTheSettingsAndOpensTheCompiledInStores()
    {
        var yaml = Forge + "state: { backend: sqlite, path: \"data/\\\"x\\\".db\", options: { ttl_seconds: 60, key_prefix: \"c:\" } }\n";
        var file = StateFile(Generate(yaml, new GeneratorOptions("App", GenerateEntryPoint: false) { StateRedis = true }));
        Assert.IsNotNull(file);
        StringAssert.Contains(file, """
                public override global::PForge.Runtime.Settings.StateSettings StateSettings { get; } = new()
                {
                    Backend = global::PForge.Runtime.Settings.StateBackend.Sqlite,
                    Path = "data/\"x\".db",
                    DefaultTtl = global::System.TimeSpan.FromSeconds(60),
                    KeyPrefix = "c:",
                };
            """.ReplaceLineEndings("\n"));
        StringAssert.Contains(file, """
                    global::PForge.Runtime.Settings.StateBackend.Sqlite => global::PForge.Runtime.State.Sqlite.SqliteStateStore.OpenAsync(settings, log),
                    global::PForge.Runtime.Settings.StateBackend.Redis => global::PForge.Runtime.State.Redis.RedisStateStore.OpenAsync(settings, log),
                    _ => base.OpenStateStoreAsync(settings, log),
            """.ReplaceLineEndings("\n"));
    }

    [TestMethod]
    public void AMemoryStateOpensNoStore()
    {
        var file = StateFile(Generate(Forge + "state: { backend: memory }\n", new GeneratorOptions("App", GenerateEntryPoint: false)));
        Assert.IsNotNull(file);
        StringAssert.Contains(file, "Backend = global::PForge.Runtime.Settings.StateBackend.Memory,");
        Assert.IsFalse(file.Contains("OpenStateStoreAsync", StringComparison.Ordinal), file);
    }

    [TestMethod]
    public void AStoreCompiledInWithoutAStateBlockCanStillBeChosenAtRunTime()
    {
        var file = StateFile(Generate(Forge, new GeneratorOptions("App", GenerateEntryPoint: false) { StateSqlite = false, StateRedis = true }));
        Assert.IsNotNull(file);
        Assert.IsFalse(file.Contains("StateSettings StateSettings", StringComparison.Ordinal), "no state: block, so the runtime's default settings");
        StringAssert.Contains(file, "StateBackend.Redis => global::PForge.Runtime.State.Redis.RedisStateStore.OpenAsync(settings, log),");
        Assert.IsFalse(file.Contains("Sqlite", StringComparison.Ordinal), file);
    }

    [TestMethod]
    [DataRow("sqlite", "PForgeStateSqlite")]
    [DataRow("redis", "PForgeStateRedis")]
    [DataRow("sled", "PForgeStateSqlite")]
    public void ABackendWhoseStoreIsSwitchedOffIsPF1106(string backend, string property)
    {
        var result = Generator.Run(Forge + $"state: {{ backend: {backend} }}\n", new GeneratorOptions("App", GenerateEntryPoint: false) { StateSqlite = false, StateRedis = false });
        var name = backend == "sled" ? "sqlite" : backend;
        var diagnostic = result.Diagnostics.Single();
        Assert.AreEqual(("PF1106", DiagnosticSeverity.Error, 2, 19), (diagnostic.Code, diagnostic.Severity, diagnostic.Line, diagnostic.Column));
        Assert.AreEqual($"state.backend is {name} but the {name} state store is not compiled in: set <{property}>true</{property}>", diagnostic.Message);
    }

    private static StateConfig? Load(string yaml)
    {
        var (config, diagnostics) = ConfigLoader.Load(yaml);
        Assert.IsEmpty(diagnostics, string.Join("\n", diagnostics));
        return config!.State;
    }

    private static GeneratorResult Generate(string yaml, GeneratorOptions options)
    {
        var result = Generator.Run(yaml, options);
        Assert.IsTrue(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result;
    }

    private static string? StateFile(GeneratorResult result) =>
        result.Sources.SingleOrDefault(f => f.RelativePath == "PForgeState.g.cs")?.Content;
}
