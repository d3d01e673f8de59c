using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

[assembly: DoNotParallelize]

namespace PForge.IntegrationTests;

/// <summary>samples/calculator built through the SDK, spawned, and driven by the official C# MCP client.</summary>
[TestClass]
public sealed class CalculatorTests
{
    private static McpClient? s_client;

    private static McpClient Client => s_client ?? throw new InvalidOperationException("not connected");

    public static string AppHost => Path.Combine(DotNet.Sample("calculator"), "bin", "Debug", "net10.0", "Calculator");

    [ClassInitialize]
    public static async Task ConnectAsync(TestContext context)
    {
        _ = context;
        await DotNet.BuildAsync(Path.Combine(DotNet.Sample("calculator"), "Calculator.csproj"));
        s_client = await McpClients.ConnectAsync(AppHost);
    }

    [ClassCleanup]
    public static async Task DisconnectAsync()
    {
        if (s_client is not null)
        {
            await s_client.DisposeAsync();
        }
    }

    [TestMethod]
    public void TheDiscoverProbeNegotiatesTheCurrentRevision()
    {
        // Client 2.4.0 probes server/discover (2026-07-28) first, unpinned: the answer keeps it on that revision.
        Assert.AreEqual("2026-07-28", Client.NegotiatedProtocolVersion);
        Assert.AreEqual("calculator", Client.ServerInfo!.Name);
        Assert.AreEqual("1.0.0", Client.ServerInfo!.Version);
        Assert.AreEqual("Calculator", Client.ServerInfo!.Title);
        Assert.AreEqual("Use the calculate tool for arithmetic on two numbers.", Client.ServerInstructions);
        Assert.IsNotNull(Client.ServerCapabilities?.Tools);
    }

    [TestMethod]
    public async Task ToolsListGivesTheExactSchemasTitleAndAnnotations()
    {
        var tools = await Client.ListToolsAsync(cancellationToken: Timeout());
        Assert.AreEqual(1, tools.Count);
        var tool = tools[0].ProtocolTool;
        Assert.AreEqual("calculate", tool.Name);
        Assert.AreEqual("Calculate", tool.Title);
        Assert.AreEqual("Perform arithmetic on two numbers", tool.Description);
        Assert.AreEqual(
            """{"type":"object","properties":{"operation":{"type":"string","description":"The operation to perform","enum":["add","subtract","multiply","divide"]},"a":{"type":"number","description":"First operand"},"b":{"type":"number","description":"Second operand"}},"required":["operation","a","b"]}""",
            tool.InputSchema.GetRawText());
        Assert.AreEqual(
            """{"type":"object","properties":{"result":{"type":"number"}},"required":["result"]}""",
            tool.OutputSchema!.Value.GetRawText());
        Assert.IsTrue(tool.Annotations!.ReadOnlyHint);
        Assert.IsTrue(tool.Annotations.IdempotentHint);
        Assert.IsFalse(tool.Annotations.OpenWorldHint);
        Assert.IsNull(tool.Annotations.DestructiveHint);
    }

    [TestMethod]
    [DataRow("add", 2.0, 3.0, "5")]
    [DataRow("subtract", 2.0, 3.5, "-1.5")]
    [DataRow("multiply", 6.0, 7.0, "42")]
    [DataRow("divide", 1.0, 4.0, "0.25")]
    public async Task CalculateReturnsStructuredContentAndTheSameJsonAsText(string operation, double a, double b, string expected)
    {
        var result = await Call(new() { ["operation"] = operation, ["a"] = a, ["b"] = b });
        Assert.AreNotEqual(true, result.IsError, McpClients.Text(result));
        Assert.AreEqual($$"""{"result":{{expected}}}""", result.StructuredContent!.Value.GetRawText());
        Assert.AreEqual($$"""{"result":{{expected}}}""", McpClients.Text(result));
    }

    [TestMethod]
    public async Task DivisionByZeroIsAnErrorResult()
    {
        var result = await Call(new() { ["operation"] = "divide", ["a"] = 1, ["b"] = 0 });
        Assert.IsTrue(result.IsError);
        Assert.AreEqual("Division by zero", McpClients.Text(result));
        Assert.IsNull(result.StructuredContent);
    }

    [TestMethod]
    [DataRow("""{"operation":"pow","a":1,"b":2}""", "Parameter 'operation' must be one of: add, subtract, multiply, divide")]
    [DataRow("""{"operation":"add","a":"1","b":2}""", "Parameter 'a' must be a number")]
    [DataRow("""{"operation":"add","a":1}""", "Missing required parameter 'b'")]
    [DataRow("""{"a":1,"b":2}""", "Missing required parameter 'operation'")]
    [DataRow("""{"operation":7,"a":1,"b":2}""", "Parameter 'operation' must be a string")]
    [DataRow("""{"operation":"add","a":1,"b":null}""", "Parameter 'b' must be a number")]
    public async Task InvalidArgumentsAreErrorResultsNamingTheParameterAndRule(string arguments, string expected)
    {
        var args = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(arguments)!
            .ToDictionary(p => p.Key, p => (object?)p.Value);
        var result = await Call(args);
        Assert.IsTrue(result.IsError);
        Assert.AreEqual(expected, McpClients.Text(result));
    }

    [TestMethod]
    public async Task UnknownToolIsAnInvalidParamsError()
    {
        var error = await Assert.ThrowsExactlyAsync<McpProtocolException>(
            () => Client.CallToolAsync("sqrt", new Dictionary<string, object?>(), cancellationToken: Timeout()).AsTask());
        Assert.AreEqual(McpErrorCode.InvalidParams, error.ErrorCode);
        StringAssert.Contains(error.Message, "Unknown tool: 'sqrt'");
    }

    [TestMethod]
    public async Task PingIsAnsweredInTheHandshakeEra()
    {
        // Revision 2026-07-28 dropped ping; a client pinned to 2025-11-25 still has it.
        await using var client = await McpClients.ConnectAsync(AppHost, options: new McpClientOptions { ProtocolVersion = "2025-11-25" });
        Assert.AreEqual("2025-11-25", client.NegotiatedProtocolVersion);
        await client.PingAsync(cancellationToken: Timeout());
    }

    [TestMethod]
    public async Task AnOlderPinnedRevisionIsEchoed()
    {
        await using var client = await McpClients.ConnectAsync(AppHost, options: new McpClientOptions
        {
            ProtocolVersion = "2025-06-18",
            InitializationTimeout = TimeSpan.FromSeconds(30),
        });
        Assert.AreEqual("2025-06-18", client.NegotiatedProtocolVersion);
        var result = await client.CallToolAsync("calculate", new Dictionary<string, object?> { ["operation"] = "add", ["a"] = 1, ["b"] = 1 }, cancellationToken: Timeout());
        Assert.AreEqual("""{"result":2}""", result.StructuredContent!.Value.GetRawText());
    }

    private static Task<CallToolResult> Call(Dictionary<string, object?> arguments) =>
        Client.CallToolAsync("calculate", arguments, cancellationToken: Timeout()).AsTask();

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
}
