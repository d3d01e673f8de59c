using PForge.Tasks.Config;

namespace PForge.Tasks.Tests;

/// <summary>Files written for the Rust pforge build unchanged (docs: compatibility with the Rust pforge format).</summary>
[TestClass]
public sealed class RustCompatibilityTests
{
    /// <summary>The Rust pforge calculator example, verbatim, as the sample that builds it keeps it.</summary>
    private static string RustCalculator => File.ReadAllText(Path.Combine(RepoPaths.FindRoot(), "samples", "rust-calculator", "forge.yaml"));

    [TestMethod]
    public void CalculatorExampleLoads()
    {
        var (config, diagnostics) = ConfigLoader.Load(RustCalculator);

        Assert.IsNotNull(config, string.Join("\n", diagnostics));
        Assert.AreEqual("calculator-server", config.Forge.Name);
        Assert.AreEqual("0.1.0", config.Forge.Version);
        Assert.AreEqual("stdio", config.Forge.Transport);
        var tool = Assert.ContainsSingle(config.Tools);
        Assert.AreEqual(ToolKind.Native, tool.Kind);
        Assert.AreEqual("calculate", tool.Name);
        Assert.AreEqual("Perform arithmetic operations (add, subtract, multiply, divide)", tool.Description);
        Assert.IsNotNull(tool.Handler);
        CollectionAssert.AreEqual(new[] { "Handlers" }, tool.Handler.Namespace.ToArray());
        Assert.AreEqual("CalculateHandler", tool.Handler.TypeName);
        CollectionAssert.AreEqual(new[] { "operation", "a", "b" }, tool.Params.Select(p => p.Name).ToArray());
        CollectionAssert.AreEqual(new[] { ParamType.String, ParamType.Number, ParamType.Number }, tool.Params.Select(p => p.Type).ToArray());
        Assert.IsTrue(tool.Params.All(p => p.Required));
        Assert.AreEqual("First operand", tool.Params[1].Description);
    }

    [TestMethod]
    public void CalculatorExampleGeneratesWithOnlyTheOptimizationWarning()
    {
        var result = Generator.Run(RustCalculator, new GeneratorOptions("Calc", GenerateEntryPoint: true));

        Assert.IsTrue(result.Succeeded, string.Join("\n", result.Diagnostics));
        var warning = Assert.ContainsSingle(result.Diagnostics);
        Assert.AreEqual("pforge.yaml(5,3): warning PF0105: 'forge.optimization' is not served by this version of PForge yet and is ignored", warning.ToString());

        var stub = Assert.ContainsSingle(result.HandlerStubs);
        Assert.AreEqual("CalculateHandler", stub.TypeName);
        Assert.AreEqual("Calc.Handlers.CalculateHandler", stub.FullTypeName);
        Assert.AreEqual("Handlers/CalculateHandler.cs", stub.File.RelativePath);
        Assert.Contains("namespace Calc.Handlers;", stub.File.Content);
        Assert.Contains("public partial class CalculateHandler", stub.File.Content);

        CollectionAssert.AreEqual(
            new[] { "PForgeServer.g.cs", "Calculate.Types.g.cs", "Calculate.Handler.g.cs", "PForgeProgram.g.cs" },
            result.Sources.Select(s => s.RelativePath).ToArray());
        var types = result.Sources.Single(s => s.RelativePath == "Calculate.Types.g.cs").Content;
        Assert.Contains("public required string Operation { get; init; }", types);
        Assert.Contains("public required double A { get; init; }", types);
        Assert.Contains("public required double B { get; init; }", types);
        var handler = result.Sources.Single(s => s.RelativePath == "Calculate.Handler.g.cs").Content;
        Assert.Contains("namespace Calc.Handlers;", handler);
        Assert.Contains("ValueTask<global::PForge.Runtime.Tools.ToolResult> HandleAsync(global::Calc.CalculateInput input", handler);

        var schema = Assert.ContainsSingle(result.Schemas);
        Assert.AreEqual("calculate.input.json", schema.RelativePath);
        Assert.AreEqual(
            """{"type":"object","properties":{"operation":{"type":"string","description":"The operation to perform: add, subtract, multiply, or divide"},"a":{"type":"number","description":"First operand"},"b":{"type":"number","description":"Second operand"}},"required":["operation","a","b"]}""",
            System.Text.Json.Nodes.JsonNode.Parse(schema.Content)!.ToJsonString());
    }

    /// <summary>The Rust pforge hello-world example's pforge.yaml, verbatim: a native tool beside a cli tool.</summary>
    private const string RustHelloWorld = """
        forge:
          name: hello-world
          version: 0.1.0
          transport: stdio

        tools:
          - type: native
            name: greet
            description: "Greet a person by name"
            handler:
              path: handlers::greet::say_hello
            params:
              name:
                type: string
                required: true
                description: "Name of the person to greet"
              greeting:
                type: string
                required: false
                default: "Hello"
                description: "Custom greeting word"

          - type: cli
            name: whoami
            description: "Get current username"
            command: whoami
            args: []
        """;

    [TestMethod]
    public void HelloWorldCliToolGeneratesWithoutHandler()
    {
        var result = Generator.Run(RustHelloWorld, new GeneratorOptions("Hello", GenerateEntryPoint: true));

        Assert.IsTrue(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.IsEmpty(result.Diagnostics);
        var stub = Assert.ContainsSingle(result.HandlerStubs);
        Assert.AreEqual("Hello.Handlers.Greet.SayHello", stub.FullTypeName);
        CollectionAssert.AreEqual(
            new[] { "PForgeServer.g.cs", "Greet.Types.g.cs", "Greet.Handler.g.cs", "Whoami.Types.g.cs", "PForgeProgram.g.cs" },
            result.Sources.Select(s => s.RelativePath).ToArray());

        var server = result.Sources.Single(s => s.RelativePath == "PForgeServer.g.cs").Content;
        Assert.Contains("if (!global::Hello.WhoamiInput.TryRead(arguments, out _, out var error))", server);
        Assert.Contains("global::PForge.Runtime.Tools.Cli.CliRunner.RunAsync(", server);
        Assert.Contains("Command = \"whoami\",", server);
        Assert.Contains("Arguments = [],", server);
        Assert.Contains("Environment = [],", server);
        Assert.Contains("\\\"name\\\":\\\"whoami\\\",\\\"description\\\":\\\"Get current username\\\",\\\"inputSchema\\\":{\\\"type\\\":\\\"object\\\",\\\"properties\\\":{}},\\\"outputSchema\\\":{", server);

        var (config, _) = ConfigLoader.Load(RustHelloWorld);
        var cli = config!.Tools[1].Cli!;
        Assert.AreEqual(("whoami", 0, null, 0), (cli.Command, cli.Args.Count, cli.Cwd, cli.Env.Count));
        Assert.AreEqual((30_000, false, 1 << 20), (cli.TimeoutMs, cli.Stream, cli.MaxOutputBytes));
    }

    [TestMethod]
    public void PipelineKeysOfTheRustFormatAreAllRead()
    {
        // Rust's PipelineStep: tool, input (or params), output_var, condition ("var" or "!var"), error_policy.
        var (config, diagnostics) = ConfigLoader.Load(
            """
            forge: { name: p, version: 0.1.0 }
            tools:
              - type: cli
                name: whoami
                description: "Get current username"
                command: whoami
                args: []
              - type: pipeline
                name: who
                description: "Who am I, twice"
                params: {}
                steps:
                  - tool: whoami
                    output_var: me
                    error_policy: fail_fast
                  - tool: whoami
                    params: {}
                    condition: "!me"
                    error_policy: continue
                  - tool: whoami
                    input: {}
                    condition: "me"
            """);

        Assert.IsEmpty(diagnostics, string.Join("\n", diagnostics));
        var steps = config!.Tools[1].Pipeline!.Steps;
        Assert.HasCount(3, steps);
        Assert.AreEqual(("whoami", "me", false), (steps[0].Tool, steps[0].OutputVar, steps[0].ContinueOnError));
        Assert.IsInstanceOfType<Templating.ConditionNot>(steps[1].Condition);
        Assert.IsTrue(steps[1].ContinueOnError);
        Assert.IsInstanceOfType<Templating.ConditionTruthy>(steps[2].Condition);
    }

    [TestMethod]
    public void CliKeysOfTheRustFormatAreAllRead()
    {
        // Rust's CliHandler: command, args, cwd, env, stream (and timeout_ms); args and env values were literal there.
        var (config, diagnostics) = ConfigLoader.Load(
            """
            forge: { name: x, version: 0.1.0 }
            tools:
              - type: cli
                name: build
                description: Build the project
                command: cargo
                args: ["build", "--release"]
                cwd: /src
                env: { RUSTFLAGS: "-C target-cpu=native" }
                stream: true
                timeout_ms: 600000
            """);

        Assert.IsEmpty(diagnostics);
        var cli = config!.Tools[0].Cli!;
        CollectionAssert.AreEqual(new[] { "build", "--release" }, cli.Args.Select(a => a.Text).ToArray());
        Assert.IsTrue(cli.Args.All(a => a.IsLiteral));
        Assert.AreEqual("/src", cli.Cwd!.Text);
        Assert.AreEqual(("RUSTFLAGS", "-C target-cpu=native"), (cli.Env[0].Key, cli.Env[0].Value.Text));
        Assert.AreEqual((600_000, true), (cli.TimeoutMs, cli.Stream));
    }

    [TestMethod]
    public void RustHandlerPathMapsModulesAndFunctionToPascalCase()
    {
        var (config, diagnostics) = ConfigLoader.Load(
            """
            forge:
              name: hello
              version: 0.1.0
            tools:
              - type: native
                name: greet
                handler:
                  path: handlers::greet::say_hello
            """);

        Assert.IsEmpty(diagnostics);
        var handler = config!.Tools[0].Handler!;
        CollectionAssert.AreEqual(new[] { "Handlers", "Greet" }, handler.Namespace.ToArray());
        Assert.AreEqual("SayHello", handler.TypeName);
    }

    [TestMethod]
    public void ShortFormParamsAreRequiredAndFloatIsNumber()
    {
        var (config, diagnostics) = ConfigLoader.Load(
            """
            forge:
              name: hello
              version: 0.1.0
            tools:
              - type: native
                name: greet
                params:
                  name: string
                  times: int
                  ratio: float
                  loud: bool
            """);

        Assert.IsEmpty(diagnostics);
        var parameters = config!.Tools[0].Params;
        CollectionAssert.AreEqual(
            new[] { ParamType.String, ParamType.Integer, ParamType.Number, ParamType.Boolean },
            parameters.Select(p => p.Type).ToArray());
        Assert.IsTrue(parameters.All(p => p.Required));
    }
}
