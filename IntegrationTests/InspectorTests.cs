using System.Text.Json;

namespace PForge.IntegrationTests;

/// <summary>
/// The MCP Inspector's CLI (@modelcontextprotocol/inspector 2.12.0, Node 22, installed by scripts/install-node-tools)
/// spawns samples/calculator over stdio and calls tools/list and tools/call, as a developer checking a server would.
/// </summary>
[TestClass]
public sealed class InspectorTests
{
    [ClassInitialize]
    public static async Task BuildAsync(TestContext context)
    {
        _ = context;
        NodeTools.AssertInstalled();
        await DotNet.BuildAsync(Path.Combine(DotNet.Sample("calculator"), "Calculator.csproj"));
    }

    [TestMethod]
    public async Task TheInspectorListsTheToolWithItsExactSchema()
    {
        using var json = JsonDocument.Parse(await InspectAsync("--method", "tools/list"));
        var tools = json.RootElement.GetProperty("tools");
        Assert.AreEqual(1, tools.GetArrayLength());
        Assert.AreEqual("calculate", tools[0].GetProperty("name").GetString());
        Assert.AreEqual("Perform arithmetic on two numbers", tools[0].GetProperty("description").GetString());
        Assert.AreEqual(
            """{"type":"object","properties":{"operation":{"type":"string","description":"The operation to perform","enum":["add","subtract","multiply","divide"]},"a":{"type":"number","description":"First operand"},"b":{"type":"number","description":"Second operand"}},"required":["operation","a","b"]}""",
            JsonSerializer.Serialize(tools[0].GetProperty("inputSchema")));
    }

    [TestMethod]
    public async Task TheInspectorCallsTheToolAndGetsTheStructuredResult()
    {
        using var json = JsonDocument.Parse(await InspectAsync("--method", "tools/call", "--tool-name", "calculate", "--tool-arg", "operation=divide", "a=7", "b=2"));
        Assert.AreEqual(
            """{"content":[{"type":"text","text":"{\u0022result\u0022:3.5}"}],"structuredContent":{"result":3.5}}""",
            JsonSerializer.Serialize(json.RootElement));
    }

    /// <summary>Runs the Inspector CLI against the calculator's app host and returns its stdout (the result as JSON).</summary>
    private static async Task<string> InspectAsync(params string[] arguments)
    {
        // Its catalog file defaults to ~/.mcp-inspector: keep it out of the user's home.
        var home = Directory.CreateTempSubdirectory("pforge-inspector-");
        try
        {
            return await NodeTools.RunAsync(
                "the Inspector",
                [Path.Combine(NodeTools.Modules, "@modelcontextprotocol", "inspector", "clients", "launcher", "build", "index.js"), "--cli", CalculatorTests.AppHost, .. arguments],
                new Dictionary<string, string> { ["HOME"] = home.FullName });
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }
}
