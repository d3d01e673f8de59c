using PForge.Tasks.Config;
using PForge.Tasks.Packaging;

namespace PForge.Tasks.Tests;

/// <summary>The .mcp/server.json of a server's package: MCP registry metadata from pforge.yaml and the project.</summary>
[TestClass]
public sealed class McpServerJsonTests
{
    [TestMethod]
    public void AStdioServerIsRunFromItsNuGetPackage()
    {
        var forge = Forge("forge: { name: greeter, version: 1.0.0, title: Greeter, description: Greets people }");
        var (name, json) = McpServerJson.Build(forge, new McpPackageInfo("Acme.Greeter", "2.1.0", null, "ignored: forge has one", "https://github.com/acme/greeter.git"));
        Assert.AreEqual("Acme.Greeter/greeter", name);
        Assert.AreEqual(
            """
            {
              "$schema": "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
              "name": "Acme.Greeter/greeter",
              "title": "Greeter",
              "description": "Greets people",
              "version": "2.1.0",
              "repository": {
                "url": "https://github.com/acme/greeter",
                "source": "github"
              },
              "packages": [
                {
                  "registryType": "nuget",
                  "identifier": "Acme.Greeter",
                  "version": "2.1.0",
                  "runtimeHint": "dnx",
                  "transport": {
                    "type": "stdio"
                  }
                }
              ]
            }

            """.ReplaceLineEndings("\n"),
            json);
    }

    [TestMethod]
    public void AnHttpServerNamesItsEndpoint()
    {
        var forge = Forge("forge: { name: web, version: 1.0.0, transport: http, http: { host: 0.0.0.0, port: 3000 } }");
        var (name, json) = McpServerJson.Build(forge, new McpPackageInfo("Web", "1.0.0", "io.github.acme/web", "The project's description", null));
        Assert.AreEqual("io.github.acme/web", name);
        Assert.Contains("\"description\": \"The project's description\"", json);
        Assert.Contains("\"type\": \"streamable-http\",\n        \"url\": \"http://127.0.0.1:3000/mcp\"", json);
        Assert.DoesNotContain("repository", json);
    }

    [TestMethod]
    [DataRow("io.github.acme/web", true)]
    [DataRow("Acme.Greeter/greeter-2_b", true)]
    [DataRow("greeter", false)]
    [DataRow("acme_corp/web", false)]
    [DataRow("acme/web/x", false)]
    public void RegistryNames(string name, bool valid) => Assert.AreEqual(valid, McpServerJson.IsRegistryName(name));

    [TestMethod]
    public void TheTaskWritesTheFileAndWarnsOfANameTheRegistryRefusesWithPF1301()
    {
        using var project = new TempFolder();
        var config = Path.Combine(project.Path, "pforge.yaml");
        File.WriteAllText(config, "forge: { name: greeter, version: 1.0.0, description: Greets people }\n");
        var engine = new FakeBuildEngine();
        var task = new WritePForgeServerJson
        {
            BuildEngine = engine,
            ConfigFile = config,
            OutputFile = Path.Combine(project.Path, "obj", "server.json"),
            PackageId = "Greeter_Tool",
            PackageVersion = "1.0.0",
        };
        Assert.IsTrue(task.Execute());
        Assert.AreEqual("Greets people", task.ForgeDescription);
        Assert.Contains("\"identifier\": \"Greeter_Tool\"", File.ReadAllText(task.OutputFile));
        var warning = engine.Warnings.Single();
        Assert.AreEqual("PF1301", warning.Code);
        Assert.AreEqual(
            "The MCP registry name 'Greeter_Tool/greeter' of .mcp/server.json is not namespace/name (letters, digits, '.' and '-', then '/', then letters, digits, '.', '_' and '-'), as the package id and forge.name made it: set PForgeMcpServerName, e.g. io.github.you/server",
            warning.Message);
    }

    private static ForgeInfo Forge(string yaml)
    {
        var (config, diagnostics) = ConfigLoader.Load(yaml);
        Assert.IsNotNull(config, string.Join("\n", diagnostics));
        return config.Forge;
    }
}
