using ModelContextProtocol.Client;

namespace PForge.IntegrationTests;

/// <summary>dotnet publish with NativeAOT: zero trim/AOT warnings, and the native binary serves the same protocol.</summary>
[TestClass]
public sealed class NativeAotTests
{
    [TestMethod]
    [Timeout(900_000, CooperativeCancellation = true)]
    public async Task TheCalculatorPublishesWithoutWarningsAndServesNatively()
    {
        var output = Path.Combine(Path.GetTempPath(), "pforge-it", "aot-" + Guid.NewGuid().ToString("N"));
        try
        {
            var sample = DotNet.Sample("calculator");
            var (code, log) = await DotNet.RunAsync(sample, TimeSpan.FromMinutes(12),
                "publish", Path.Combine(sample, "Calculator.csproj"), "-nologo", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", output);
            Assert.AreEqual(0, code, log);
            var warnings = log.Split('\n').Where(line => line.Contains("warning", StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.AreEqual(0, warnings.Count, string.Join("\n", warnings));

            var binary = Path.Combine(output, "Calculator");
            Assert.IsTrue(File.Exists(binary), log);
            Assert.IsFalse(File.Exists(Path.Combine(output, "Calculator.dll")), "a native publish has no IL assembly");

            await using var client = await McpClients.ConnectAsync(binary);
            Assert.AreEqual("2025-11-25", client.NegotiatedProtocolVersion);
            var tools = await client.ListToolsAsync();
            Assert.AreEqual("calculate", tools.Single().Name);
            var result = await client.CallToolAsync("calculate", new Dictionary<string, object?> { ["operation"] = "multiply", ["a"] = 6, ["b"] = 7 });
            Assert.AreEqual("""{"result":42}""", result.StructuredContent!.Value.GetRawText());
            var error = await client.CallToolAsync("calculate", new Dictionary<string, object?> { ["operation"] = "divide", ["a"] = 1, ["b"] = 0 });
            Assert.IsTrue(error.IsError);
            Assert.AreEqual("Division by zero", McpClients.Text(error));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [TestMethod]
    [Timeout(900_000, CooperativeCancellation = true)]
    public async Task TheHttpFixturePublishesWithoutWarningsAndServesStreamableHttpNatively()
    {
        var output = Path.Combine(Path.GetTempPath(), "pforge-it", "aot-" + Guid.NewGuid().ToString("N"));
        try
        {
            var sample = DotNet.Sample("conformance");
            var (code, log) = await DotNet.RunAsync(sample, TimeSpan.FromMinutes(12),
                "publish", Path.Combine(sample, "Conformance.csproj"), "-nologo", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", output);
            Assert.AreEqual(0, code, log);
            var warnings = log.Split('\n').Where(line => line.Contains("warning", StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.AreEqual(0, warnings.Count, string.Join("\n", warnings));

            // Kestrel (ASP.NET Core's slim builder) compiled natively: one binary, no IL assemblies beside it.
            var binary = Path.Combine(output, "Conformance");
            Assert.IsFalse(File.Exists(Path.Combine(output, "PForge.Runtime.Http.dll")), "a native publish has no IL assembly");
            await using var server = await ServerProcess.StartHttpAsync(binary);
            var transport = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = server.Url, TransportMode = HttpTransportMode.StreamableHttp });
            await using var client = await McpClient.CreateAsync(transport, FixtureTests.Options());
            Assert.AreEqual("2025-11-25", client.NegotiatedProtocolVersion);
            var result = await client.CallToolAsync("test_sampling", new Dictionary<string, object?> { ["prompt"] = "native?" });
            Assert.AreEqual("LLM response: You asked: native?", McpClients.Text(result));
            var resource = await client.ReadResourceAsync("test://template/7/data");
            Assert.AreEqual("""{"id":"7","templateTest":true,"data":"Data for ID: 7"}""", ((ModelContextProtocol.Protocol.TextResourceContents)resource.Contents.Single()).Text);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
