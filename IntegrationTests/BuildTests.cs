using System.Diagnostics;
using System.Text.Json;

namespace PForge.IntegrationTests;

/// <summary>What a user sees from dotnet build: diagnostics at YAML positions, handler stubs, and incremental builds.</summary>
[TestClass]
public sealed class BuildTests
{
    private const string GreeterYaml = """
        forge:
          name: greeter
          version: 0.2.0
        tools:
          - type: native
            name: greet
            description: Greet someone
            params:
              name: string
        """;

    [TestMethod]
    public async Task ABadYamlFailsTheBuildWithCanonicalDiagnosticsAtLineAndColumn()
    {
        using var project = new TempProject("Broken", """
            forge:
              name: broken
              version: 1.0.0
            tools:
              - type: native
                name: add
                description: Add
                params:
                  a: { type: decimal, required: true }
                  b: { type: integer, default: "ten" }
                descripton: typo
            """);
        var (code, output) = await project.TryBuildAsync();
        Assert.AreNotEqual(0, code, output);
        StringAssert.Contains(output, "pforge.yaml(9,18): error PF0301: Unknown type 'decimal' for 'a': expected string, integer, number, boolean, array or object");
        StringAssert.Contains(output, "pforge.yaml(10,36): error PF0302: Default value of 'b' does not match its type 'integer'");
        StringAssert.Contains(output, "pforge.yaml(11,5): warning PF0102: Unknown key 'descripton' in tool 'add' is ignored; did you mean 'description'?");
    }

    [TestMethod]
    public async Task AMissingYamlIsReported()
    {
        using var project = new TempProject("NoYaml", "unused");
        File.Delete(project.YamlFile);
        var (code, output) = await project.TryBuildAsync();
        Assert.AreNotEqual(0, code, output);
        StringAssert.Contains(output, "error PF2001: No pforge.yaml found at");
    }

    [TestMethod]
    public async Task ANewToolGetsACompilingStubThatIsNeverOverwritten()
    {
        using var project = new TempProject("Greeter", GreeterYaml);
        var output = await project.BuildAsync();
        StringAssert.Contains(output, "PForge: created handler stub Handlers/GreetHandler.cs for Greeter.Handlers.GreetHandler");
        var stub = Path.Combine(project.Directory, "Handlers", "GreetHandler.cs");
        StringAssert.Contains(File.ReadAllText(stub), "public partial ValueTask<ToolResult> HandleAsync(GreetInput input, ToolContext context)");

        // The stub compiles and answers with a clear error until it is written.
        await using (var client = await McpClients.ConnectAsync("dotnet", [project.OutputAssembly]))
        {
            var result = await client.CallToolAsync("greet", new Dictionary<string, object?> { ["name"] = "Ada" });
            Assert.IsTrue(result.IsError);
            Assert.AreEqual("Tool 'greet' is not implemented yet", McpClients.Text(result));
        }

        // The user implements it; later builds keep the user's file.
        project.WriteFile("Handlers/GreetHandler.cs", """
            using PForge.Runtime.Tools;

            namespace Greeter.Handlers;

            public partial class GreetHandler
            {
                public partial ValueTask<ToolResult> HandleAsync(GreetInput input, ToolContext context) =>
                    ValueTask.FromResult(ToolResult.Text($"Hello, {input.Name}!"));
            }
            """);
        project.WriteYaml(GreeterYaml + "\n    title: Greet\n");
        output = await project.BuildAsync();
        Assert.IsFalse(output.Contains("created handler stub", StringComparison.Ordinal), output);
        await using (var client = await McpClients.ConnectAsync("dotnet", [project.OutputAssembly]))
        {
            var result = await client.CallToolAsync("greet", new Dictionary<string, object?> { ["name"] = "Ada" });
            Assert.AreEqual("Hello, Ada!", McpClients.Text(result));
        }
    }

    [TestMethod]
    public async Task AnUnchangedYamlSkipsGenerationAndCompilation()
    {
        using var project = new TempProject("Incremental", GreeterYaml);
        await project.BuildAsync();

        // The build that wrote the handler stub listed it after the glob; the next one settles the compiler's input list.
        await project.BuildAsync();
        var generated = Directory.GetFiles(project.GeneratedDirectory, "*.g.cs");
        Assert.AreEqual(4, generated.Length, string.Join(", ", generated));
        var before = generated.ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var assemblyBefore = File.GetLastWriteTimeUtc(project.OutputAssembly);

        var output = await DotNet.BuildAsync(project.ProjectFile, "-v:d");
        StringAssert.Contains(output, "Skipping target \"PForgeGenerate\" because all output files are up-to-date");
        foreach (var (file, time) in before)
        {
            Assert.AreEqual(time, File.GetLastWriteTimeUtc(file), file);
        }

        Assert.AreEqual(assemblyBefore, File.GetLastWriteTimeUtc(project.OutputAssembly));

        // A change that leaves a generated file's text alone leaves its timestamp alone too.
        project.WriteYaml(GreeterYaml + "\n# a comment\n");
        await project.BuildAsync();
        foreach (var (file, time) in before)
        {
            Assert.AreEqual(time, File.GetLastWriteTimeUtc(file), file);
        }

        // A removed tool takes its generated files with it, and the assembly no longer serves it.
        project.WriteYaml(GreeterYaml.Replace("name: greet", "name: hello", StringComparison.Ordinal));
        File.Delete(Path.Combine(project.Directory, "Handlers", "GreetHandler.cs"));
        await project.BuildAsync();
        Assert.IsFalse(File.Exists(Path.Combine(project.GeneratedDirectory, "Greet.Types.g.cs")));
        await using var client = await McpClients.ConnectAsync("dotnet", [project.OutputAssembly]);
        Assert.AreEqual("hello", (await client.ListToolsAsync()).Single().Name);
    }

    [TestMethod]
    public async Task AUserCanWriteTheirOwnMain()
    {
        using var project = new TempProject("OwnMain", GreeterYaml);
        project.WriteFile("Directory.Build.props", "<Project><PropertyGroup><PForgeGenerateEntryPoint>false</PForgeGenerateEntryPoint></PropertyGroup></Project>");
        project.WriteFile("Program.cs", """
            using PForge.Runtime.Hosting;

            Console.Error.WriteLine("custom main");
            return await PForgeHost.RunAsync(args, new OwnMain.PForgeServer());
            """);
        await project.BuildAsync();
        Assert.IsFalse(File.Exists(Path.Combine(project.GeneratedDirectory, "PForgeProgram.g.cs")));
        await using var client = await McpClients.ConnectAsync("dotnet", [project.OutputAssembly]);
        Assert.AreEqual("greeter", client.ServerInfo!.Name);
    }

    [TestMethod]
    public async Task AChangedGenerationPropertyRegenerates()
    {
        using var project = new TempProject("Props", GreeterYaml);
        await project.BuildAsync();
        var entryPoint = Path.Combine(project.GeneratedDirectory, "PForgeProgram.g.cs");
        Assert.IsTrue(File.Exists(entryPoint));

        // The YAML is unchanged, but the entry point is no longer wanted: a stale PForgeProgram.g.cs would be a second Main.
        project.WriteFile("Program.cs", """
            using PForge.Runtime.Hosting;

            return await PForgeHost.RunAsync(args, new Props.PForgeServer());
            """);
        await DotNet.BuildAsync(project.ProjectFile, "-p:PForgeGenerateEntryPoint=false");
        Assert.IsFalse(File.Exists(entryPoint));
        await using var client = await McpClients.ConnectAsync("dotnet", [project.OutputAssembly]);
        Assert.AreEqual("greeter", client.ServerInfo!.Name);
    }

    [TestMethod]
    public async Task ADeletedHandlerIsScaffoldedAgain()
    {
        using var project = new TempProject("Rescaffold", GreeterYaml);
        await project.BuildAsync();
        var stub = Path.Combine(project.Directory, "Handlers", "GreetHandler.cs");
        Assert.IsTrue(File.Exists(stub));

        // pforge.yaml is untouched, so only the missing file can tell the build to generate again (else CS8795).
        File.Delete(stub);
        var output = await project.BuildAsync();
        StringAssert.Contains(output, "PForge: created handler stub Handlers/GreetHandler.cs for Rescaffold.Handlers.GreetHandler");
        Assert.IsTrue(File.Exists(stub));

        // Present again: the next build skips generation.
        output = await DotNet.BuildAsync(project.ProjectFile, "-v:d");
        StringAssert.Contains(output, "Skipping target \"PForgeGenerate\" because all output files are up-to-date");
    }

    [TestMethod]
    public async Task ADesignTimeBuildWritesNoStubsButTheNextBuildDoes()
    {
        using var project = new TempProject("DesignTime", GreeterYaml);
        var (code, output) = await DotNet.RunAsync(project.Directory, TimeSpan.FromMinutes(5), "msbuild", project.ProjectFile, "-t:PForgeGenerate", "-p:DesignTimeBuild=true", "-nologo");
        Assert.AreEqual(0, code, output);
        Assert.IsTrue(File.Exists(Path.Combine(project.GeneratedDirectory, "Greet.Types.g.cs")), output);
        Assert.IsFalse(Directory.Exists(Path.Combine(project.Directory, "Handlers")), output);

        output = await project.BuildAsync();
        StringAssert.Contains(output, "PForge: created handler stub Handlers/GreetHandler.cs");
    }

    [TestMethod]
    public async Task AProjectNameThatIsNoNamespaceBuildsAndServes()
    {
        // RootNamespace is the project name, 'my-server': the generated code lives in 'my_server'.
        using var project = new TempProject("my-server", GreeterYaml);
        var output = await project.BuildAsync();
        StringAssert.Contains(output, "PForge: created handler stub Handlers/GreetHandler.cs for my_server.Handlers.GreetHandler");
        StringAssert.Contains(File.ReadAllText(Path.Combine(project.Directory, "Handlers", "GreetHandler.cs")), "namespace my_server.Handlers;");

        project.WriteFile("Handlers/GreetHandler.cs", """
            using PForge.Runtime.Tools;

            namespace my_server.Handlers;

            public partial class GreetHandler
            {
                public partial ValueTask<ToolResult> HandleAsync(GreetInput input, ToolContext context) =>
                    ValueTask.FromResult(ToolResult.Text($"Hi, {input.Name}!"));
            }
            """);
        await project.BuildAsync();
        await using var client = await McpClients.ConnectAsync("dotnet", [project.OutputAssembly]);
        var result = await client.CallToolAsync("greet", new Dictionary<string, object?> { ["name"] = "Ada" });
        Assert.AreEqual("Hi, Ada!", McpClients.Text(result));
    }

    [TestMethod]
    public async Task WithoutTheRuntimeTheBuildSaysSoOnce()
    {
        // The SDK's files outside the repo, as from a package: no Runtime project beside them, and no PForgeRuntimeVersion.
        using var project = new TempProject("NoRuntime", GreeterYaml);
        var sdk = Path.Combine(project.Directory, "sdk");
        foreach (var folder in new[] { "Sdk", "build" })
        {
            Directory.CreateDirectory(Path.Combine(sdk, folder));
            foreach (var file in Directory.GetFiles(Path.Combine(DotNet.RepoRoot, "Sdk", folder)))
            {
                File.Copy(file, Path.Combine(sdk, folder, Path.GetFileName(file)));
            }
        }

        File.WriteAllText(project.ProjectFile, File.ReadAllText(project.ProjectFile).Replace(Path.Combine(DotNet.RepoRoot, "Sdk", "Sdk"), Path.Combine(sdk, "Sdk"), StringComparison.Ordinal));
        var (code, output) = await project.TryBuildAsync();
        Assert.AreNotEqual(0, code, output);
        StringAssert.Contains(output, "error PF2002: PForge.Runtime is not referenced: set PForgeRuntimeVersion, or PForgeReferenceRuntime=false and reference it yourself");
        Assert.IsFalse(output.Contains("error CS", StringComparison.Ordinal), output);
    }

    [TestMethod]
    public async Task GeneratedReadersCheckUntypedArraysTextAndJsonDefaults()
    {
        using var project = new TempProject("Checks", """
            forge: { name: checks, version: 1.0.0 }
            tools:
              - type: native
                name: echo
                params:
                  code: { type: string }
                  mode: { type: string, enum: [fast, slow] }
                  objs: { type: array, items: { type: object }, validation: { max_length: 2 } }
                  rows: { type: array, items: { type: array, items: integer } }
                  options: { type: object, default: { depth: 2 } }
                  word: { type: string, pattern: "^[a-z]+$" }
            """);
        project.WriteFile("Handlers/EchoHandler.cs", """
            using PForge.Runtime.Tools;

            namespace Checks.Handlers;

            public partial class EchoHandler
            {
                public partial ValueTask<ToolResult> HandleAsync(EchoInput input, ToolContext context) =>
                    ValueTask.FromResult(ToolResult.Text(input.Options.GetRawText()));
            }
            """);
        await project.BuildAsync();

        string[] calls =
        [
            """{"code":"\ud800"}""",
            """{"mode":"\ud800"}""",
            """{"objs":[{},1]}""",
            """{"objs":[{},{},{}]}""",
            """{"rows":[[1],[2,"x"]]}""",
            """{"\ud800":1}""",
            """{"word":"abc\n"}""",
            """{"code":"ok","mode":"fast","objs":[{}],"rows":[[1.0,2]],"word":"abc"}""",
            """{"options":{"depth":3}}""",
        ];
        var lines = new List<string>
        {
            """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""",
            """{"jsonrpc":"2.0","method":"notifications/initialized"}""",
        };
        lines.AddRange(calls.Select((arguments, i) => $$$"""{"jsonrpc":"2.0","id":{{{i + 1}}},"method":"tools/call","params":{"name":"echo","arguments":{{{arguments}}}}}"""));
        var results = await CallRawAsync(project.OutputAssembly, lines);

        string[] expected =
        [
            "error: Parameter 'code' must be valid Unicode text",
            "error: Parameter 'mode' must be valid Unicode text",
            "error: Parameter 'objs[1]' must be an object",
            "error: Parameter 'objs' must have at most 2 items",
            "error: Parameter 'rows[1][1]' must be an integer",
            "error: Arguments are not valid Unicode text: ",
            "error: Parameter 'word' must match the pattern '^[a-z]+$'",
            "ok: {\"depth\":2}",
            "ok: {\"depth\":3}",
        ];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.IsTrue(results.TryGetValue(i + 1, out var actual), $"no answer to call {i + 1} ({calls[i]})");
            StringAssert.StartsWith(actual, expected[i], $"call {i + 1} ({calls[i]})");
        }
    }

    /// <summary>Sends raw JSON-RPC lines (which a client library would never write) and returns each tools/call result by id as "ok: text" or "error: text".</summary>
    private static async Task<Dictionary<int, string>> CallRawAsync(string assembly, IEnumerable<string> lines)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        foreach (var line in lines)
        {
            await process.StandardInput.WriteAsync(line + "\n");
        }

        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = await process.StandardOutput.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        var results = new Dictionary<int, string>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var response = JsonDocument.Parse(line);
            var root = response.RootElement;
            if (root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number && id.GetInt32() > 0)
            {
                Assert.IsTrue(root.TryGetProperty("result", out var result), $"not a result: {line}\n{await stderr}");
                var isError = result.TryGetProperty("isError", out var flag) && flag.GetBoolean();
                results[id.GetInt32()] = (isError ? "error: " : "ok: ") + result.GetProperty("content")[0].GetProperty("text").GetString();
            }
        }

        return results;
    }

    [TestMethod]
    public async Task TheRustCalculatorExampleBuildsUnchanged()
    {
        // samples/rust-calculator/forge.yaml is the Rust pforge example, verbatim; its handler path maps to Handlers.CalculateHandler.
        // A touched YAML regenerates, so the warning shows even when the sample was built before.
        File.SetLastWriteTimeUtc(Path.Combine(DotNet.Sample("rust-calculator"), "forge.yaml"), DateTime.UtcNow);
        var output = await DotNet.BuildAsync(Path.Combine(DotNet.Sample("rust-calculator"), "RustCalculator.csproj"));
        StringAssert.Contains(output, "forge.yaml(5,3): warning PF0105: 'forge.optimization' is not served by this version of PForge yet and is ignored");
        await using var client = await McpClients.ConnectAsync(Path.Combine(DotNet.Sample("rust-calculator"), "bin", "Debug", "net10.0", "RustCalculator"));
        Assert.AreEqual("calculator-server", client.ServerInfo!.Name);
        var tools = await client.ListToolsAsync();
        Assert.AreEqual("calculate", tools.Single().Name);
        Assert.AreEqual(
            """{"type":"object","properties":{"operation":{"type":"string","description":"The operation to perform: add, subtract, multiply, or divide"},"a":{"type":"number","description":"First operand"},"b":{"type":"number","description":"Second operand"}},"required":["operation","a","b"]}""",
            tools.Single().ProtocolTool.InputSchema.GetRawText());
        var sum = await client.CallToolAsync("calculate", new Dictionary<string, object?> { ["operation"] = "add", ["a"] = 2, ["b"] = 3 });
        Assert.AreEqual("""{"result":5}""", McpClients.Text(sum));
        var unknown = await client.CallToolAsync("calculate", new Dictionary<string, object?> { ["operation"] = "pow", ["a"] = 2, ["b"] = 3 });
        Assert.IsTrue(unknown.IsError);
        Assert.AreEqual("Unknown operation: pow. Supported: add, subtract, multiply, divide", McpClients.Text(unknown));
    }

    [TestMethod]
    public async Task HttpIsCompiledInOnlyWhenTheYamlAsksForIt()
    {
        using var project = new TempProject("Greeter", GreeterYaml);
        await project.BuildAsync();
        var output = Path.GetDirectoryName(project.OutputAssembly)!;
        Assert.IsFalse(File.Exists(Path.Combine(output, "PForge.Runtime.Http.dll")));
        StringAssert.DoesNotMatch(File.ReadAllText(Path.Combine(output, "Greeter.runtimeconfig.json")), new System.Text.RegularExpressions.Regex("AspNetCore"));
        var (code, text) = await DotNet.RunAsync(project.Directory, TimeSpan.FromMinutes(1), project.OutputAssembly, "--transport", "http");
        Assert.AreEqual(2, code, text);
        Assert.AreEqual(
            "greeter: the HTTP transport is not compiled into this server; set forge.transport: http in pforge.yaml or <PForgeHttp>true</PForgeHttp> in the project file",
            text.Trim());

        project.WriteYaml(GreeterYaml.Replace("  version: 0.2.0\n", "  version: 0.2.0\n  transport: http\n", StringComparison.Ordinal));
        await project.BuildAsync();
        Assert.IsTrue(File.Exists(Path.Combine(output, "PForge.Runtime.Http.dll")));
        StringAssert.Contains(File.ReadAllText(Path.Combine(output, "Greeter.runtimeconfig.json")), "Microsoft.AspNetCore.App");
        StringAssert.Contains(File.ReadAllText(Path.Combine(project.GeneratedDirectory, "PForgeProgram.g.cs")), "global::PForge.Runtime.Http.PForgeHttpHost.RunAsync(args, ");

        var (forcedOff, log) = await DotNet.RunAsync(project.Directory, TimeSpan.FromMinutes(5), "build", project.ProjectFile, "-nologo", "-p:PForgeHttp=false");
        Assert.AreNotEqual(0, forcedOff);
        StringAssert.Contains(log, "pforge.yaml(4,14): error PF2003: forge.transport is http but the HTTP transport is not compiled in: set <PForgeHttp>true</PForgeHttp>");
    }

    [TestMethod]
    public async Task TheYamlLoaderNotAPatternDecidesWhatIsCompiledIn()
    {
        // Flow style: a line pattern never saw this transport; the loader does.
        using var flow = new TempProject("Greeter", GreeterYaml.Replace("forge:\n  name: greeter\n  version: 0.2.0\n", "forge: { name: greeter, version: 0.2.0, transport: http }\n", StringComparison.Ordinal));
        await flow.BuildAsync();
        Assert.IsTrue(File.Exists(Path.Combine(Path.GetDirectoryName(flow.OutputAssembly)!, "PForge.Runtime.Http.dll")));
        StringAssert.Contains(File.ReadAllText(Path.Combine(flow.GeneratedDirectory, "PForgeProgram.g.cs")), "global::PForge.Runtime.Http.PForgeHttpHost.RunAsync(args, ");

        // A comment and a string that mention the transport do not ask for it.
        using var mention = new TempProject("Greeter", GreeterYaml.Replace("  version: 0.2.0\n", "  version: 0.2.0\n  # transport: http\n  description: \"transport: http\"\n", StringComparison.Ordinal));
        await mention.BuildAsync();
        Assert.IsFalse(File.Exists(Path.Combine(Path.GetDirectoryName(mention.OutputAssembly)!, "PForge.Runtime.Http.dll")));
        var program = File.ReadAllText(Path.Combine(mention.GeneratedDirectory, "PForgeProgram.g.cs"));
        StringAssert.Contains(program, "global::PForge.Runtime.Hosting.PForgeHost.RunAsync(args, ");
        Assert.IsFalse(program.Contains("PForgeHttpHost", StringComparison.Ordinal), program);
    }
}
