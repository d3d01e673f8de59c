using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using ModelContextProtocol.Client;

namespace PForge.IntegrationTests;

/// <summary>
/// PForge as a new user gets it, with no clone: `dotnet pack PForge.Sdk.sln` into a local feed, `dotnet new install`
/// of PForge.Templates, `dotnet new pforge`, a restore into an empty NUGET_PACKAGES from that feed (third-party packages
/// from the machine's configured sources), build, run, pack as an MCP server tool, and a NativeAOT publish.
/// </summary>
[TestClass]
public sealed class PackageTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static readonly string[] Packages = ["PForge.Runtime", "PForge.Runtime.Http", "PForge.Runtime.State.Redis", "PForge.Runtime.State.Sqlite", "PForge.Sdk", "PForge.Templates"];

    private static string _root = string.Empty;
    private static string _version = string.Empty;

    private static string Feed => Path.Combine(_root, "feed");

    private static string Hive => Path.Combine(_root, "hive");

    /// <summary>An empty global packages folder of the tests' own: what restores comes from the feed, never from an earlier run.</summary>
    private static Dictionary<string, string> Isolated => new() { ["NUGET_PACKAGES"] = Path.Combine(_root, "nuget-packages") };

    [ClassInitialize]
    public static async Task PackAndInstallTheTemplate(TestContext context)
    {
        _root = Path.Combine(Path.GetTempPath(), "pforge-it", "packages-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);

        // The solution is built (the test project references the packed projects): packing only lays them out.
        var (code, log) = await DotNet.RunAsync(DotNet.RepoRoot, TimeSpan.FromMinutes(5),
            "pack", "PForge.Sdk.sln", "-nologo", "-c", Configuration, "--no-build", "-o", Feed);
        Assert.AreEqual(0, code, log);
        var packed = Directory.GetFiles(Feed, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        _version = Path.GetFileNameWithoutExtension(packed.Single(p => p!.StartsWith("PForge.Sdk.", StringComparison.Ordinal)))!["PForge.Sdk.".Length..];
        CollectionAssert.AreEqual(Packages.Select(p => $"{p}.{_version}.nupkg").ToList(), packed, string.Join("\n", packed));

        // The feed beside the machine's own sources (no <clear/>): the user's NuGet configuration serves the rest.
        File.WriteAllText(Path.Combine(_root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="pforge-local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        (code, log) = await DotNet.RunAsync(_root, TimeSpan.FromMinutes(2),
            "new", "install", Path.Combine(Feed, $"PForge.Templates.{_version}.nupkg"), "--debug:custom-hive", Hive);
        Assert.AreEqual(0, code, log);
    }

    [ClassCleanup]
    public static void DeleteTheSandbox()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    [TestMethod]
    [Timeout(900_000, CooperativeCancellation = true)]
    public async Task TheTemplateBuildsRunsWatchesAndPacksAsAnMcpServerTool()
    {
        var project = await NewProjectAsync("MyServer");
        Assert.AreEqual($"""
            <Project Sdk="PForge.Sdk/{_version}">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
            </Project>

            """, File.ReadAllText(Path.Combine(project, "MyServer.csproj")).ReplaceLineEndings("\n"));
        await BuildAsync(project, "build");

        // The runtime came from the feed at the SDK's version; the editor's schema is the SDK's.
        Assert.IsTrue(Directory.Exists(Path.Combine(Isolated["NUGET_PACKAGES"], "pforge.runtime", _version)));
        Assert.AreEqual(File.ReadAllText(Path.Combine(DotNet.RepoRoot, "docs", "pforge.schema.json")), File.ReadAllText(Path.Combine(project, "obj", "pforge.schema.json")));

        await using (var client = await McpClients.ConnectAsync("dotnet", [Path.Combine(project, "bin", Configuration, "net10.0", "MyServer.dll")]))
        {
            await AssertGreets(client);
        }

        await WatchRegeneratesOnAYamlEditAsync(project);

        // dotnet pack: a dotnet tool of package type McpServer with .mcp/server.json from pforge.yaml, which users install and run.
        var output = Path.Combine(_root, "server-package");
        await BuildAsync(project, "pack", "-o", output);
        using (var package = ZipFile.OpenRead(Path.Combine(output, "MyServer.1.0.0.nupkg")))
        {
            var nuspec = Read(package, "MyServer.nuspec");
            Assert.Contains("<packageType name=\"DotnetTool\" />", nuspec);
            Assert.Contains("<packageType name=\"McpServer\" />", nuspec);
            Assert.Contains("<description>An MCP server built with PForge</description>", nuspec);
            Assert.AreEqual("""
                {
                  "$schema": "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
                  "name": "MyServer/MyServer",
                  "description": "An MCP server built with PForge",
                  "version": "1.0.0",
                  "packages": [
                    {
                      "registryType": "nuget",
                      "identifier": "MyServer",
                      "version": "1.0.0",
                      "runtimeHint": "dnx",
                      "transport": {
                        "type": "stdio"
                      }
                    }
                  ]
                }

                """, Read(package, ".mcp/server.json"));
        }

        var tools = Path.Combine(_root, "tools");
        var (code, log) = await DotNet.RunAsync(_root, TimeSpan.FromMinutes(3), Isolated, "tool", "install", "MyServer", "--tool-path", tools, "--add-source", output);
        Assert.AreEqual(0, code, log);
        await using (var client = await McpClients.ConnectAsync(Path.Combine(tools, "MyServer")))
        {
            await AssertGreets(client);
        }
    }

    [TestMethod]
    [Timeout(900_000, CooperativeCancellation = true)]
    public async Task TheTemplateOptionsGiveAnHttpServerAndAJitPublish()
    {
        var web = await NewProjectAsync("WebServer", "--transport", "http", "--aot", "false");
        StringAssert.Contains(File.ReadAllText(Path.Combine(web, "pforge.yaml")), "\n  transport: http\n");
        StringAssert.Contains(File.ReadAllText(Path.Combine(web, "WebServer.csproj")), "<PForgeAot>false</PForgeAot>");
        await BuildAsync(web, "build");

        // PForge.Runtime.Http came from the feed too, at the same version, because the YAML says http.
        Assert.IsTrue(Directory.Exists(Path.Combine(Isolated["NUGET_PACKAGES"], "pforge.runtime.http", _version)));
        await using var server = await ServerProcess.StartHttpAsync(Path.Combine(web, "bin", Configuration, "net10.0", "WebServer"));
        var transport = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = server.Url, TransportMode = HttpTransportMode.StreamableHttp });
        await using var client = await McpClient.CreateAsync(transport);
        await AssertGreets(client);
    }

    [TestMethod]
    [Timeout(900_000, CooperativeCancellation = true)]
    public async Task TheTemplatePublishesNativelyWithTheSdkVersionInGlobalJson()
    {
        var project = await NewProjectAsync("NativeServer");

        // The other way to name the SDK: no version in the project, one in global.json's msbuild-sdks.
        File.WriteAllText(Path.Combine(project, "NativeServer.csproj"), """
            <Project Sdk="PForge.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "global.json"), $$"""{ "msbuild-sdks": { "PForge.Sdk": "{{_version}}" } }""");

        var published = Path.Combine(_root, "native");
        var log = await BuildAsync(project, "publish", "-c", "Release", "-o", published);
        Assert.Contains("Generating native code", log);
        Assert.IsFalse(File.Exists(Path.Combine(published, "NativeServer.dll")), "a native publish has no IL assembly");
        await using var client = await McpClients.ConnectAsync(Path.Combine(published, "NativeServer"));
        Assert.AreEqual("2026-07-28", client.NegotiatedProtocolVersion);
        await AssertGreets(client);
    }

    /// <summary>An openapi: entry built from the package: Microsoft.OpenApi and its YAML reader load from the task's folder.</summary>
    [TestMethod]
    [Timeout(900_000, CooperativeCancellation = true)]
    public async Task AnOpenApiDocumentBecomesToolsWithThePackagesTask()
    {
        var project = await NewProjectAsync("PetServer");
        File.Copy(Path.Combine(DotNet.Sample("openapi-petstore"), "petstore.yaml"), Path.Combine(project, "petstore.yaml"));
        File.AppendAllText(Path.Combine(project, "pforge.yaml"), """

            openapi:
              - spec: petstore.yaml
                include: { tags: [store] }
                auth: { api_key: "${PETSTORE_API_KEY}" }

            """);
        await BuildAsync(project, "build");
        await using var client = await McpClients.ConnectAsync("dotnet", [Path.Combine(project, "bin", Configuration, "net10.0", "PetServer.dll")]);
        CollectionAssert.AreEqual(
            new[] { "greet", "get_inventory", "place_order", "get_order_by_id", "delete_order" },
            (await client.ListToolsAsync()).Select(t => t.Name).ToArray());
    }

    private static async Task<string> NewProjectAsync(string name, params string[] options)
    {
        var project = Path.Combine(_root, name);
        var (code, log) = await DotNet.RunAsync(_root, TimeSpan.FromMinutes(2), ["new", "pforge", "-n", name, "-o", project, "--debug:custom-hive", Hive, .. options]);
        Assert.AreEqual(0, code, log);
        return project;
    }

    /// <summary>Runs a dotnet command on the project with the isolated packages folder; no warning may appear.</summary>
    private static async Task<string> BuildAsync(string project, params string[] command)
    {
        var (code, log) = await DotNet.RunAsync(project, TimeSpan.FromMinutes(12), Isolated, [.. command, "-nologo"]);
        Assert.AreEqual(0, code, log);
        var warnings = log.Split('\n').Where(line => line.Contains(": warning ", StringComparison.Ordinal)).ToList();
        Assert.IsEmpty(warnings, string.Join("\n", warnings));
        return log;
    }

    private static async Task AssertGreets(McpClient client)
    {
        var tool = (await client.ListToolsAsync()).Single();
        Assert.AreEqual("greet", tool.Name);
        Assert.AreEqual("Greet someone by name", tool.Description);
        var result = await client.CallToolAsync("greet", new Dictionary<string, object?> { ["name"] = "Ada" });
        Assert.AreEqual("Hello, Ada!", McpClients.Text(result));
        result = await client.CallToolAsync("greet", new Dictionary<string, object?> { ["name"] = "Alan", ["greeting"] = "Hi" });
        Assert.AreEqual("Hi, Alan!", McpClients.Text(result));
    }

    /// <summary>`dotnet watch run` rebuilds on an edit of pforge.yaml (a Watch item), which regenerates the server.</summary>
    private static async Task WatchRegeneratesOnAYamlEditAsync(string project)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = project,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["watch", "run", "--non-interactive"])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Isolated)
        {
            start.Environment[name] = value;
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        using var watch = Process.Start(start)!;
        var output = new StringBuilder();
        watch.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        watch.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        watch.BeginOutputReadLine();
        watch.BeginErrorReadLine();

        // The server reads stdin: closed, it ends at once, and dotnet watch waits for a change.
        watch.StandardInput.Close();
        var generated = Path.Combine(project, "obj", Configuration, "net10.0", "pforge", "PForgeServer.g.cs");
        try
        {
            await WaitForAsync(() => { lock (output) { return output.ToString().Contains("Waiting for a file to change", StringComparison.Ordinal); } }, output);
            var yaml = Path.Combine(project, "pforge.yaml");
            File.WriteAllText(yaml, File.ReadAllText(yaml).Replace("Greet someone by name", "Greet someone warmly", StringComparison.Ordinal));
            await WaitForAsync(() => File.ReadAllText(generated).Contains("Greet someone warmly", StringComparison.Ordinal), output);
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
            await watch.WaitForExitAsync();
        }

        var restored = File.ReadAllText(Path.Combine(project, "pforge.yaml")).Replace("Greet someone warmly", "Greet someone by name", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(project, "pforge.yaml"), restored);
    }

    private static async Task WaitForAsync(Func<bool> condition, StringBuilder output)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                lock (output)
                {
                    Assert.Fail("dotnet watch did not get there within 2 minutes:\n" + output);
                }
            }

            await Task.Delay(200);
        }
    }

    private static string Read(ZipArchive package, string entry)
    {
        using var reader = new StreamReader(package.GetEntry(entry)!.Open());
        return reader.ReadToEnd();
    }
}
