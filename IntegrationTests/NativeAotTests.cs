using System.Diagnostics;
using ModelContextProtocol.Client;

namespace PForge.IntegrationTests;

/// <summary>dotnet publish with NativeAOT: zero trim/AOT warnings, and the native binary serves the same protocol.</summary>
[TestClass]
public sealed class NativeAotTests
{
    [TestMethod]
    [Timeout(900_000, CooperativeCancellation = true)]
    public async Task ThePlainPublishOfTheCalculatorIsNativeWithTheStandardProfileAndNoWarnings()
    {
        var output = Path.Combine(Path.GetTempPath(), "pforge-it", "aot-" + Guid.NewGuid().ToString("N"));
        try
        {
            // No -r, no -p:PublishAot: PForgeAot makes every publish NativeAOT for the machine's RID.
            var sample = DotNet.Sample("calculator");
            var (code, log) = await DotNet.RunAsync(sample, TimeSpan.FromMinutes(12),
                "publish", Path.Combine(sample, "Calculator.csproj"), "-nologo", "-c", "Release", "-o", output);
            Assert.AreEqual(0, code, log);
            AssertNoWarnings(log);

            var binary = Path.Combine(output, "Calculator");
            Assert.IsTrue(File.Exists(binary), log);
            Assert.IsFalse(File.Exists(Path.Combine(output, "Calculator.dll")), "a native publish has no IL assembly");

            // PForgePgo=standard (the default): the runtime pack's framework profile went to ILC.
            var profiles = MibcArguments(sample);
            Assert.HasCount(1, profiles, string.Join("\n", profiles));
            Assert.EndsWith("/tools/StandardOptimizationData.mibc", profiles[0]);
            Assert.IsTrue(File.Exists(profiles[0]), profiles[0]);

            // The runtime's calls into libc are linked directly: no dlopen probing at start-up.
            CollectionAssert.Contains(IlcResponse(sample), "--directpinvoke:libc");
            await StartsWithoutOpenSsl(binary);
            await ServesTheCalculator(binary);
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
    public async Task TrainedPgoProfilesTheServerAndPublishesWithoutWarnings()
    {
        var output = Path.Combine(Path.GetTempPath(), "pforge-it", "aot-" + Guid.NewGuid().ToString("N"));
        try
        {
            var sample = DotNet.Sample("calculator");
            var (code, log) = await DotNet.RunAsync(sample, TimeSpan.FromMinutes(12),
                "publish", Path.Combine(sample, "Calculator.csproj"), "-nologo", "-c", "Release", "-o", output,
                "-p:PForgePgo=train", "-p:PForgePgoTrainingRequests=perf/requests.jsonl", "-p:PForgePgoTrainingCalls=500");
            Assert.AreEqual(0, code, log);
            AssertNoWarnings(log);

            // The trained profile holds the server's own methods (PForge.Runtime, the generated code), beside the standard one.
            var written = System.Text.RegularExpressions.Regex.Match(log, @"pforge-mibc: wrote (\d+) methods");
            Assert.IsTrue(written.Success, log);
            Assert.IsGreaterThan(50, int.Parse(written.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), log);
            var profiles = MibcArguments(sample);
            Assert.HasCount(2, profiles, string.Join("\n", profiles));
            Assert.EndsWith("StandardOptimizationData.mibc", profiles[0]);
            Assert.EndsWith("Calculator.trained.mibc", profiles[1]);

            await ServesTheCalculator(Path.Combine(output, "Calculator"));
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
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task PForgeAotFalsePublishesAJitApp()
    {
        var output = Path.Combine(Path.GetTempPath(), "pforge-it", "jit-" + Guid.NewGuid().ToString("N"));
        try
        {
            var sample = DotNet.Sample("calculator");
            var (code, log) = await DotNet.RunAsync(sample, TimeSpan.FromMinutes(5),
                "publish", Path.Combine(sample, "Calculator.csproj"), "-nologo", "-c", "Release", "-o", output, "-p:PForgeAot=false");
            Assert.AreEqual(0, code, log);
            AssertNoWarnings(log);
            Assert.DoesNotContain("Generating native code", log);
            Assert.IsTrue(File.Exists(Path.Combine(output, "Calculator.dll")), "a JIT publish carries the IL assembly");
            Assert.IsTrue(File.Exists(Path.Combine(output, "Calculator.runtimeconfig.json")), "and runs on the shared runtime");

            await ServesTheCalculator(Path.Combine(output, "Calculator"));
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
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task PForgePgoNoneGivesIlcNoProfileAndAnUnknownModeIsPF2005()
    {
        // Up to the ILC response file only (no native compilation): _IsPublishing=true is what dotnet publish sets.
        var sample = DotNet.Sample("calculator");
        string[] arguments = ["msbuild", Path.Combine(sample, "Calculator.csproj"), "-nologo", "-restore", "-t:WriteIlcRspFileForCompilation",
            "-p:Configuration=Release", "-p:_IsPublishing=true"];
        var (code, log) = await DotNet.RunAsync(sample, TimeSpan.FromMinutes(5), [.. arguments, "-p:PForgePgo=none"]);
        Assert.AreEqual(0, code, log);
        Assert.IsEmpty(MibcArguments(sample), log);

        (code, log) = await DotNet.RunAsync(sample, TimeSpan.FromMinutes(5), [.. arguments, "-p:PForgePgo=full"]);
        Assert.AreNotEqual(0, code, log);
        Assert.Contains("error PF2005: PForgePgo is 'full'; use none, standard or train", log);
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
                "publish", Path.Combine(sample, "Conformance.csproj"), "-nologo", "-c", "Release", "-o", output);
            Assert.AreEqual(0, code, log);
            AssertNoWarnings(log);

            // Kestrel (ASP.NET Core's slim builder) compiled natively: one binary, no IL assemblies beside it.
            var binary = Path.Combine(output, "Conformance");
            Assert.IsFalse(File.Exists(Path.Combine(output, "PForge.Runtime.Http.dll")), "a native publish has no IL assembly");
            await using var server = await ServerProcess.StartHttpAsync(binary);
            var transport = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = server.Url, TransportMode = HttpTransportMode.StreamableHttp });
            await using var client = await McpClient.CreateAsync(transport, FixtureTests.Options("2026-07-28"));
            Assert.AreEqual("2026-07-28", client.NegotiatedProtocolVersion);
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

    /// <summary>The --mibc: arguments of the last ILC response file of the sample's Release publish.</summary>
    private static List<string> MibcArguments(string sample) =>
        IlcResponse(sample)
            .Where(line => line.StartsWith("--mibc:", StringComparison.Ordinal))
            .Select(line => Path.GetFullPath(line["--mibc:".Length..], sample))
            .ToList();

    /// <summary>The lines of the last ILC response file of the sample's Release publish.</summary>
    private static string[] IlcResponse(string sample) =>
        File.ReadAllLines(Directory.GetFiles(Path.Combine(sample, "obj", "Release", "net10.0"), "*.ilc.rsp", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .First());

    /// <summary>
    /// Up to its first answer the server maps no OpenSSL: loading it (for a key nobody asked for yet) was milliseconds of
    /// every cold start.
    /// </summary>
    private static async Task StartsWithoutOpenSsl(string binary)
    {
        using var process = Process.Start(new ProcessStartInfo(binary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""");
            await process.StandardInput.FlushAsync(timeout.Token);
            var answer = await process.StandardOutput.ReadLineAsync(timeout.Token);
            StringAssert.StartsWith(answer, """{"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2025-11-25","capabilities":""");
            var maps = await File.ReadAllTextAsync($"/proc/{process.Id}/maps", timeout.Token);
            Assert.DoesNotContain("libssl", maps);
            Assert.DoesNotContain("libcrypto", maps);
        }
        finally
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill();
            }
        }
    }

    internal static void AssertNoWarnings(string log)
    {
        var warnings = log.Split('\n').Where(line => line.Contains("warning", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.IsEmpty(warnings, string.Join("\n", warnings));
    }

    private static async Task ServesTheCalculator(string binary)
    {
        await using var client = await McpClients.ConnectAsync(binary);
        Assert.AreEqual("2026-07-28", client.NegotiatedProtocolVersion);
        var tools = await client.ListToolsAsync();
        Assert.AreEqual("calculate", tools.Single().Name);
        var result = await client.CallToolAsync("calculate", new Dictionary<string, object?> { ["operation"] = "multiply", ["a"] = 6, ["b"] = 7 });
        Assert.AreEqual("""{"result":42}""", result.StructuredContent!.Value.GetRawText());
        var error = await client.CallToolAsync("calculate", new Dictionary<string, object?> { ["operation"] = "divide", ["a"] = 1, ["b"] = 0 });
        Assert.IsTrue(error.IsError);
        Assert.AreEqual("Division by zero", McpClients.Text(error));
    }
}
