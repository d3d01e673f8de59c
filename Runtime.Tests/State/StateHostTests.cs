using PForge.Runtime.Hosting;
using PForge.Runtime.Settings;
using PForge.Runtime.State;
using PForge.Runtime.Telemetry;
using PForge.Runtime.Tests.Support;

namespace PForge.Runtime.Tests.State;

[TestClass]
public sealed class StateHostTests
{
    private const string Base = "/srv/app";

    private static readonly StateSettings Yaml = new() { Backend = StateBackend.Sqlite, Path = "data/counter.db", KeyPrefix = "counter:", DefaultTtl = TimeSpan.FromSeconds(60) };

    [TestMethod]
    public void TheYamlPathIsRelativeToTheExecutable()
    {
        var settings = Resolve(Yaml, new CommandLineOptions());
        Assert.AreEqual(Yaml with { Path = "/srv/app/data/counter.db" }, settings);
    }

    [TestMethod]
    public void WithoutAPathSqliteUsesAFileNamedAfterTheServerNextToTheExecutable()
    {
        Assert.AreEqual("/srv/app/my_server.state.db", Resolve(Yaml with { Path = null }, new CommandLineOptions(), name: "my/server")!.Path);
        Assert.AreEqual("/srv/app/counter.state.db", Resolve(new StateSettings(), new CommandLineOptions { StateBackend = "sqlite" })!.Path);
    }

    [TestMethod]
    public void TheCommandLineWinsOverTheEnvironmentWhichWinsOverTheYaml()
    {
        var environment = new Dictionary<string, string> { ["PFORGE_STATE_BACKEND"] = "redis", ["PFORGE_STATE_PATH"] = "10.0.0.5:6380,password=secret" };
        var fromEnvironment = Resolve(Yaml, new CommandLineOptions(), environment);
        Assert.AreEqual((StateBackend.Redis, "10.0.0.5:6380,password=secret"), (fromEnvironment!.Backend, fromEnvironment.Path));
        var fromCommandLine = Resolve(Yaml, new CommandLineOptions { StateBackend = "sqlite", StatePath = "/tmp/x.db" }, environment);
        Assert.AreEqual((StateBackend.Sqlite, "/tmp/x.db"), (fromCommandLine!.Backend, fromCommandLine.Path));
        Assert.AreEqual(("counter:", TimeSpan.FromSeconds(60)), (fromCommandLine.KeyPrefix, fromCommandLine.DefaultTtl), "the YAML's options stay");
    }

    [TestMethod]
    public void AnOverriddenPathIsRelativeToTheCurrentDirectory() =>
        Assert.AreEqual(Path.GetFullPath("here.db"), Resolve(Yaml, new CommandLineOptions { StatePath = "here.db" })!.Path);

    [TestMethod]
    public void TheYamlPathCountsOnlyForTheYamlBackend()
    {
        Assert.AreEqual("127.0.0.1:6379", Resolve(Yaml, new CommandLineOptions { StateBackend = "redis" })!.Path);
        Assert.IsNull(Resolve(Yaml, new CommandLineOptions { StateBackend = "memory" })!.Path);
    }

    [TestMethod]
    public void ABadBackendInTheEnvironmentIsAnError()
    {
        Assert.IsNull(Resolve(Yaml, new CommandLineOptions(), new Dictionary<string, string> { ["PFORGE_STATE_BACKEND"] = "postgres" }, problem: "PFORGE_STATE_BACKEND must be memory, sqlite or redis, not 'postgres'"));
        Assert.AreEqual(StateBackend.Sqlite, Resolve(new StateSettings(), new CommandLineOptions(), new Dictionary<string, string> { ["PFORGE_STATE_BACKEND"] = "sled" })!.Backend);
    }

    [TestMethod]
    public async Task AServerWithoutStateGetsAMemoryStoreAndABackendNotCompiledInIsRefused()
    {
        var definition = new TestServer();
        var error = new StringWriter();
        Assert.IsTrue(await StateHost.OpenAsync(definition, new CommandLineOptions(), ServerLog.Silent, error));
        Assert.IsInstanceOfType<MemoryStateStore>(definition.State);
        Assert.IsFalse(await StateHost.OpenAsync(definition, new CommandLineOptions { StateBackend = "redis" }, ServerLog.Silent, error));
        Assert.AreEqual(
            "test-server: the redis state store is not compiled into this server; set state.backend: redis in pforge.yaml or <PForgeStateRedis>true</PForgeStateRedis> in the project file\n",
            error.ToString().ReplaceLineEndings("\n"));
    }

    [TestMethod]
    public void AContextReachesTheStoreOfItsServerAndOneOutsideASessionTheDetachedStore()
    {
        Assert.AreSame(MemoryStateStore.Detached, new PForge.Runtime.Tools.ToolContext().State);
        var definition = new TestServer();
        var first = definition.State;
        Assert.IsInstanceOfType<MemoryStateStore>(first);
        Assert.AreSame(first, definition.State, "made once, on first use");
        var store = new MemoryStateStore();
        definition.State = store;
        Assert.AreSame(store, definition.State);
        Assert.AreEqual(new StateSettings { KeyPrefix = "test-server:" }, definition.StateSettings);
    }

    private static StateSettings? Resolve(StateSettings declared, CommandLineOptions options, Dictionary<string, string>? environment = null, string name = "counter", string? problem = null)
    {
        var settings = StateHost.Resolve(declared, name, options, key => environment?.GetValueOrDefault(key), Base, out var actual);
        Assert.AreEqual(problem, actual);
        return settings;
    }
}
