using ModelContextProtocol.Client;

namespace PForge.IntegrationTests;

/// <summary>cli tools built from YAML alone (samples/cli-tools, samples/hello-world), driven by the official C# client.</summary>
[TestClass]
public sealed class CliToolsTests
{
    private const string CliOutputSchema = """{"type":"object","properties":{"stdout":{"type":"string"},"stderr":{"type":"string"},"exit_code":{"type":"integer"}},"required":["stdout","stderr","exit_code"]}""";

    private static readonly string[] HostileNames = ["; rm -rf ~", "$(id)", "`whoami`", "--flag", "a b", "*"];

    private static string? s_files;

    private static string CliTools => Path.Combine(DotNet.Sample("cli-tools"), "bin", "Debug", "net10.0", "CliTools");

    private static string HelloWorld => Path.Combine(DotNet.Sample("hello-world"), "bin", "Debug", "net10.0", "HelloWorld");

    private static string Files => s_files ?? throw new InvalidOperationException("not set up");

    [ClassInitialize]
    public static async Task BuildAsync(TestContext context)
    {
        _ = context;
        await DotNet.BuildAsync(Path.Combine(DotNet.Sample("cli-tools"), "CliTools.csproj"));
        await DotNet.BuildAsync(Path.Combine(DotNet.Sample("hello-world"), "HelloWorld.csproj"));

        // Files whose names are shell syntax: they must reach programs as plain text.
        s_files = Path.Combine(Path.GetTempPath(), "pforge-it", "files-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(s_files);
        foreach (var name in HostileNames)
        {
            await File.WriteAllTextAsync(Path.Combine(s_files, name), "line one\nline two $(id)\n");
        }
    }

    [ClassCleanup]
    public static void CleanUp()
    {
        if (s_files is not null && Directory.Exists(s_files))
        {
            Directory.Delete(s_files, recursive: true);
        }
    }

    [TestMethod]
    public async Task ListDirShowsShellSyntaxAsPlainNames()
    {
        await using var client = await McpClients.ConnectAsync(CliTools);
        var result = await client.CallToolAsync("list_dir", new Dictionary<string, object?> { ["path"] = Files }, cancellationToken: Timeout());
        Assert.AreNotEqual(true, result.IsError, McpClients.Text(result));
        var expected = string.Concat(HostileNames.Order(StringComparer.Ordinal).Select(n => n + "\n"));
        var listed = string.Concat(McpClients.Text(result).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).Select(n => n + "\n"));
        Assert.AreEqual(expected, listed);
        Assert.AreEqual(0, result.StructuredContent!.Value.GetProperty("exit_code").GetInt32());
    }

    [TestMethod]
    public async Task AnArrayParameterIsOneArgumentPerItem()
    {
        await using var client = await McpClients.ConnectAsync(CliTools);
        var files = HostileNames.Take(4).Select(n => Path.Combine(Files, n)).ToArray();
        var result = await client.CallToolAsync("count_lines", new Dictionary<string, object?> { ["files"] = files }, cancellationToken: Timeout());
        Assert.AreNotEqual(true, result.IsError, McpClients.Text(result));
        var lines = McpClients.Text(result).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < files.Length; i++)
        {
            Assert.AreEqual($"2 {files[i]}", lines[i].Trim());
        }

        Assert.AreEqual("8 total", lines[^1].Trim());
    }

    [TestMethod]
    public async Task AValueThatLooksLikeAnOptionIsSearchedAsText()
    {
        await using var client = await McpClients.ConnectAsync(CliTools);
        var result = await client.CallToolAsync("search", new Dictionary<string, object?> { ["text"] = "$(id)", ["path"] = Files, ["max"] = 1 }, cancellationToken: Timeout());
        Assert.AreNotEqual(true, result.IsError, McpClients.Text(result));
        Assert.AreEqual(HostileNames.Length, McpClients.Text(result).Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.EndsWith(":2:line two $(id)", StringComparison.Ordinal)));

        var noMatch = await client.CallToolAsync("search", new Dictionary<string, object?> { ["text"] = "--version", ["path"] = Files }, cancellationToken: Timeout());
        Assert.IsTrue(noMatch.IsError);
        Assert.AreEqual("Command 'grep' exited with code 1 and wrote nothing to stderr", McpClients.Text(noMatch));
    }

    [TestMethod]
    public async Task EnvironmentReferencesAreReadWhenTheToolRuns()
    {
        await using (var client = await McpClients.ConnectAsync(CliTools))
        {
            var result = await client.CallToolAsync("greeting", new Dictionary<string, object?>(), cancellationToken: Timeout());
            Assert.AreEqual("hello from cli-tools\n", McpClients.Text(result));
        }

        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = CliTools,
            EnvironmentVariables = new Dictionary<string, string?> { ["PFORGE_GREETING"] = "hi from the environment" },
        });
        await using var configured = await McpClient.CreateAsync(transport, cancellationToken: Timeout());
        var configuredResult = await configured.CallToolAsync("greeting", new Dictionary<string, object?>(), cancellationToken: Timeout());
        Assert.AreEqual("hi from the environment\n", McpClients.Text(configuredResult));
    }

    [TestMethod]
    public async Task CliToolsDeclareTheirOutputSchema()
    {
        await using var client = await McpClients.ConnectAsync(HelloWorld);
        var tools = await client.ListToolsAsync(cancellationToken: Timeout());
        var whoami = tools.Single(t => t.Name == "whoami").ProtocolTool;
        Assert.AreEqual("""{"type":"object","properties":{}}""", whoami.InputSchema.GetRawText());
        Assert.AreEqual(CliOutputSchema, whoami.OutputSchema!.Value.GetRawText());
    }

    [TestMethod]
    public async Task TheRustDialectHelloWorldServesBothKinds()
    {
        await using var client = await McpClients.ConnectAsync(HelloWorld);
        var greet = await client.CallToolAsync("greet", new Dictionary<string, object?> { ["name"] = "World" }, cancellationToken: Timeout());
        Assert.AreEqual("Hello, World!", McpClients.Text(greet));
        var excited = await client.CallToolAsync("greet", new Dictionary<string, object?> { ["name"] = "Ada", ["greeting"] = "Hi", ["excitement"] = 3 }, cancellationToken: Timeout());
        Assert.AreEqual("Hi, Ada!!!", McpClients.Text(excited));

        var whoami = await client.CallToolAsync("whoami", new Dictionary<string, object?>(), cancellationToken: Timeout());
        Assert.AreNotEqual(true, whoami.IsError, McpClients.Text(whoami));
        Assert.AreEqual(Environment.UserName + "\n", McpClients.Text(whoami));
        Assert.AreEqual($$"""{"stdout":"{{Environment.UserName}}\n","stderr":"","exit_code":0}""", whoami.StructuredContent!.Value.GetRawText());
    }

    [TestMethod]
    public async Task ATimeoutKillsTheWholeProcessTree()
    {
        using var project = new TempProject("Sleeper", """
            forge: { name: sleeper, version: 1.0.0 }
            tools:
              - type: cli
                name: nap
                description: Sleep in a child and a grandchild
                command: sh
                args: ["-c", "sleep {{seconds}} & sleep {{seconds}}; wait"]
                params:
                  seconds: { type: number, required: true }
                timeout_ms: 500
            """);
        await project.BuildAsync();
        const double marker = 61.4271;
        await using var client = await McpClients.ConnectAsync("dotnet", [project.OutputAssembly]);
        var result = await client.CallToolAsync("nap", new Dictionary<string, object?> { ["seconds"] = marker }, cancellationToken: Timeout());
        Assert.IsTrue(result.IsError);
        Assert.AreEqual("Command 'sh' timed out after 500 ms; its process tree was killed", McpClients.Text(result));
        Assert.AreEqual(0, await CountProcessesAsync($"sleep {marker}"));
    }

    private static async Task<int> CountProcessesAsync(string commandLine)
    {
        // Killed processes can take a moment to be reaped: look a few times, bounded.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var count = Directory.EnumerateDirectories("/proc")
                .Select(d => Path.Combine(d, "cmdline"))
                .Count(f => { try { return File.ReadAllText(f).Replace('\0', ' ').Trim() == commandLine; } catch (IOException) { return false; } catch (UnauthorizedAccessException) { return false; } });
            if (count == 0)
            {
                return 0;
            }

            await Task.Delay(100);
        }

        return -1;
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
}
