namespace PForge.Tasks.Tests;

/// <summary>The task the SDK asks which optional runtime assemblies a server needs, before restore.</summary>
[TestClass]
public sealed class ReadPForgeFeaturesTests
{
    private const string Forge = "forge:\n  name: app\n  version: 1.0.0\n";

    [TestMethod]
    [DataRow("", "false", "stdio")]
    [DataRow("  transport: stdio\n", "false", "stdio")]
    [DataRow("  transport: http\n", "true", "http")]
    [DataRow("  transport: \"http\" # quoted, with a comment\n", "true", "http")]
    [DataRow("  transport: sse\n", "true", "http")]
    public void TheTransportDecidesHttp(string transportLine, string http, string transport)
    {
        var (task, engine) = Run(Forge + transportLine + "tools: []\n");

        Assert.AreEqual((true, transport, http), (task.Read, task.Transport, task.Http));
        Assert.AreEqual(("false", "false", string.Empty), (task.StateSqlite, task.StateRedis, task.StateBackend));
        Assert.IsEmpty(engine.Errors);
        Assert.IsEmpty(engine.Warnings);
    }

    [TestMethod]
    public void AFlowStyleForgeMappingIsReadAsTheGeneratorReadsIt()
    {
        var (task, _) = Run("forge: { name: app, version: 1.0.0, transport: http }\ntools: []\n");

        Assert.AreEqual(("http", "true"), (task.Transport, task.Http));
    }

    [TestMethod]
    public void AMentionOfHttpInACommentOrAStringIsNotATransport()
    {
        var yaml = Forge + "  # transport: http\n  description: \"transport: http\"\ntools: []\n";

        var (task, _) = Run(yaml);

        Assert.AreEqual(("stdio", "false"), (task.Transport, task.Http));
    }

    [TestMethod]
    [DataRow("state: {}\n", "sqlite", "true", "false")]
    [DataRow("state:\n  path: app.db\n", "sqlite", "true", "false")]
    [DataRow("state: { backend: sqlite }\n", "sqlite", "true", "false")]
    [DataRow("state: { backend: sled }\n", "sqlite", "true", "false")]
    [DataRow("state:\n  backend: redis\n  path: localhost:6379\n", "redis", "false", "true")]
    [DataRow("state: { backend: memory }\n", "memory", "false", "false")]
    public void TheStateBackendDecidesTheStore(string stateBlock, string backend, string sqlite, string redis)
    {
        var (task, _) = Run(Forge + "tools: []\n" + stateBlock);

        Assert.AreEqual((backend, sqlite, redis, "false"), (task.StateBackend, task.StateSqlite, task.StateRedis, task.Http));
    }

    [TestMethod]
    [DataRow("true", "false", "FALSE")]
    [DataRow("false", "TRUE", "True")]
    public void TheProjectsValuesWin(string http, string sqlite, string redis)
    {
        var (task, _) = Run(Forge + "  transport: http\ntools: []\nstate: { backend: redis }\n", http, sqlite, redis);

        Assert.AreEqual((http.ToLowerInvariant(), sqlite.ToLowerInvariant(), redis.ToLowerInvariant()), (task.Http, task.StateSqlite, task.StateRedis));
        Assert.AreEqual(("http", "redis"), (task.Transport, task.StateBackend));
    }

    [TestMethod]
    public void AnInvalidYamlSwitchesOffWhatTheProjectLeftOpenAndReportsNothing()
    {
        var (task, engine) = Run(Forge + "  transport: http\ntools:\n  - type: nonsense\n", http: string.Empty, sqlite: "true");

        Assert.IsFalse(task.Read);
        Assert.AreEqual(("false", "true", "false", string.Empty), (task.Http, task.StateSqlite, task.StateRedis, task.Transport));
        Assert.IsEmpty(engine.Errors);
        Assert.IsEmpty(engine.Warnings);
        StringAssert.Contains(engine.Messages[0].Message, "error(s), reported when the server is generated; no optional runtime assembly is referenced");
    }

    [TestMethod]
    public void AMissingYamlSwitchesEverythingOff()
    {
        using var project = new TempFolder();
        var engine = new FakeBuildEngine();
        var task = new ReadPForgeFeatures { BuildEngine = engine, ConfigFile = Path.Combine(project.Path, "pforge.yaml") };

        Assert.IsTrue(task.Execute());

        Assert.AreEqual((false, "false", "false", "false"), (task.Read, task.Http, task.StateSqlite, task.StateRedis));
        Assert.IsEmpty(engine.Errors);
        Assert.AreEqual($"PForge: no pforge.yaml at '{task.ConfigFile}'; no optional runtime assembly is referenced", engine.Messages[0].Message);
    }

    private static (ReadPForgeFeatures Task, FakeBuildEngine Engine) Run(string yaml, string http = "", string sqlite = "", string redis = "")
    {
        using var project = new TempFolder();
        File.WriteAllText(Path.Combine(project.Path, "pforge.yaml"), yaml);
        var engine = new FakeBuildEngine();
        var task = new ReadPForgeFeatures
        {
            BuildEngine = engine,
            ConfigFile = Path.Combine(project.Path, "pforge.yaml"),
            ProjectDirectory = project.Path,
            Http = http,
            StateSqlite = sqlite,
            StateRedis = redis,
        };
        Assert.IsTrue(task.Execute());
        return (task, engine);
    }
}
