using Microsoft.Build.Utilities;

namespace PForge.Tasks.Tests;

/// <summary>The MSBuild task, run with a fake build engine on files in a temporary folder.</summary>
[TestClass]
public sealed class GeneratePForgeServerTests
{
    private const string GreeterYaml = """
        forge:
          name: greeter
          version: 1.0.0
          optimization: release
        tools:
          - type: native
            name: greet
            params:
              who: { type: string, default: world }
        """;

    [TestMethod]
    public void MissingConfigIsPF2001()
    {
        using var project = new TempFolder();
        var (task, engine) = CreateTask(project.Path);

        Assert.IsFalse(task.Execute());

        var error = Assert.ContainsSingle(engine.Errors);
        Assert.AreEqual("PF2001", error.Code);
        Assert.AreEqual(task.ConfigFile, error.File);
        Assert.AreEqual((1, 1), (error.LineNumber, error.ColumnNumber));
        Assert.AreEqual($"No pforge.yaml found at '{task.ConfigFile}'; create one or set PForgeConfigFile", error.Message);
        Assert.IsEmpty(engine.Warnings);
        Assert.IsFalse(Directory.Exists(task.OutputDirectory));
    }

    [TestMethod]
    public void YamlErrorsAreLoggedAtTheirLineAndColumn()
    {
        using var project = new TempFolder();
        File.WriteAllText(Path.Combine(project.Path, "pforge.yaml"), "forge:\n  version: 1.0.0\n  transport: grpc\n");
        var (task, engine) = CreateTask(project.Path);

        Assert.IsFalse(task.Execute());

        Assert.AreEqual(2, engine.Errors.Count);
        Assert.AreEqual(("PF0101", 2, 3), (engine.Errors[0].Code, engine.Errors[0].LineNumber, engine.Errors[0].ColumnNumber));
        Assert.AreEqual(("PF0104", 3, 14), (engine.Errors[1].Code, engine.Errors[1].LineNumber, engine.Errors[1].ColumnNumber));
        Assert.IsTrue(engine.Errors.All(e => e.File == task.ConfigFile));
        Assert.IsFalse(Directory.Exists(task.OutputDirectory));
    }

    [TestMethod]
    public void GeneratesSourcesSchemasAndAStubOnce()
    {
        using var project = new TempFolder();
        File.WriteAllText(Path.Combine(project.Path, "pforge.yaml"), GreeterYaml);
        var (task, engine) = CreateTask(project.Path);

        Assert.IsTrue(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));

        var warning = Assert.ContainsSingle(engine.Warnings);
        Assert.AreEqual(("PF0105", 4, 3), (warning.Code, warning.LineNumber, warning.ColumnNumber));
        CollectionAssert.AreEquivalent(
            new[] { "Greet.Handler.g.cs", "Greet.Types.g.cs", "PForgeProgram.g.cs", "PForgeServer.g.cs" },
            Directory.GetFiles(task.OutputDirectory).Select(Path.GetFileName).ToArray());
        CollectionAssert.AreEqual(new[] { "greet.input.json" }, Directory.GetFiles(task.SchemaDirectory).Select(Path.GetFileName).ToArray());
        Assert.HasCount(5, task.GeneratedFiles);
        var stub = Path.Combine(project.Path, "Handlers", "GreetHandler.cs");
        Assert.AreEqual(stub, Assert.ContainsSingle(task.ScaffoldedFiles).ItemSpec);
        Assert.IsTrue(File.Exists(stub));

        // The stub is the user's from now on: a second build neither rewrites nor re-reports it.
        File.WriteAllText(stub, "// mine");
        var (again, _) = CreateTask(project.Path);
        Assert.IsTrue(again.Execute());
        Assert.IsEmpty(again.ScaffoldedFiles);
        Assert.AreEqual("// mine", File.ReadAllText(stub));
    }

    [TestMethod]
    public void NoStubWhenTheProjectAlreadyDeclaresTheHandler()
    {
        using var project = new TempFolder();
        File.WriteAllText(Path.Combine(project.Path, "pforge.yaml"), GreeterYaml);
        var existing = Path.Combine(project.Path, "Greeting.cs");
        File.WriteAllText(existing, "namespace App.Handlers; public partial class GreetHandler { }");
        var (task, _) = CreateTask(project.Path);
        task.Compile = [new TaskItem(existing)];

        Assert.IsTrue(task.Execute());

        Assert.IsEmpty(task.ScaffoldedFiles);
        Assert.IsFalse(Directory.Exists(Path.Combine(project.Path, "Handlers")));
    }

    [TestMethod]
    public void ListsTheHandlerFilesTheProjectMustKeep()
    {
        using var project = new TempFolder();
        File.WriteAllText(Path.Combine(project.Path, "pforge.yaml"), GreeterYaml + """

              - type: native
                name: wave
              - type: native
                name: nod
            """);
        var declared = Path.Combine(project.Path, "Nodding.cs");
        File.WriteAllText(declared, "namespace App.Handlers; public partial class NodHandler { }");
        Directory.CreateDirectory(Path.Combine(project.Path, "Handlers"));
        var existing = Path.Combine(project.Path, "Handlers", "WaveHandler.cs");
        File.WriteAllText(existing, "// mine");
        var (task, _) = CreateTask(project.Path);
        task.Compile = [new TaskItem(declared), new TaskItem(existing)];
        task.HandlerListFile = Path.Combine(task.OutputDirectory, "pforge.handlers");

        Assert.IsTrue(task.Execute());

        // Scaffolded now, or found where expected; not NodHandler, which the project declares in a file of its own choosing.
        var scaffolded = Path.Combine(project.Path, "Handlers", "GreetHandler.cs");
        CollectionAssert.AreEqual(new[] { scaffolded, existing }, File.ReadAllLines(task.HandlerListFile));
        Assert.AreEqual(scaffolded, Assert.ContainsSingle(task.ScaffoldedFiles).ItemSpec);
    }

    [TestMethod]
    public void WithoutScaffoldingNoStubIsWrittenNorListed()
    {
        // What a design-time build asks for: the next real build scaffolds.
        using var project = new TempFolder();
        File.WriteAllText(Path.Combine(project.Path, "pforge.yaml"), GreeterYaml);
        var (task, _) = CreateTask(project.Path);
        task.ScaffoldHandlers = false;
        task.HandlerListFile = Path.Combine(task.OutputDirectory, "pforge.handlers");

        Assert.IsTrue(task.Execute());

        Assert.IsEmpty(task.ScaffoldedFiles);
        Assert.IsFalse(Directory.Exists(Path.Combine(project.Path, "Handlers")));
        Assert.AreEqual(string.Empty, File.ReadAllText(task.HandlerListFile));
        Assert.IsTrue(File.Exists(Path.Combine(task.OutputDirectory, "Greet.Types.g.cs")));
    }

    [TestMethod]
    public void AGeneratorFailureIsPF1002NotACrash()
    {
        using var project = new TempFolder();
        File.WriteAllText(Path.Combine(project.Path, "pforge.yaml"), GreeterYaml.Replace(
            "who: { type: string, default: world }", "who: { type: object, default: { [1]: a, [2]: b } }", StringComparison.Ordinal));
        var (task, engine) = CreateTask(project.Path);

        Assert.IsFalse(task.Execute());

        var error = Assert.ContainsSingle(engine.Errors);
        Assert.AreEqual(("PF1002", 1, 1), (error.Code, error.LineNumber, error.ColumnNumber));
        Assert.IsFalse(Directory.Exists(task.OutputDirectory));
    }

    [TestMethod]
    public void RemovesFilesOfToolsThatAreGone()
    {
        using var project = new TempFolder();
        var config = Path.Combine(project.Path, "pforge.yaml");
        File.WriteAllText(config, GreeterYaml + "\n  - type: native\n    name: wave\n");
        var (first, _) = CreateTask(project.Path);
        Assert.IsTrue(first.Execute());
        Assert.IsTrue(File.Exists(Path.Combine(first.OutputDirectory, "Wave.Types.g.cs")));

        File.WriteAllText(config, GreeterYaml);
        var (second, _) = CreateTask(project.Path);
        Assert.IsTrue(second.Execute());

        Assert.IsFalse(File.Exists(Path.Combine(second.OutputDirectory, "Wave.Types.g.cs")));
        Assert.IsFalse(File.Exists(Path.Combine(second.SchemaDirectory, "wave.input.json")));
        Assert.IsTrue(File.Exists(Path.Combine(second.OutputDirectory, "Greet.Types.g.cs")));
    }

    [TestMethod]
    public void WriteIfChangedKeepsAnUnchangedFile()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "sub", "a.g.cs");
        Assert.IsTrue(GeneratePForgeServer.WriteIfChanged(path, "x"));
        Assert.IsFalse(GeneratePForgeServer.WriteIfChanged(path, "x"));
        Assert.IsTrue(GeneratePForgeServer.WriteIfChanged(path, "y"));
        Assert.AreEqual("y", File.ReadAllText(path));
    }

    [TestMethod]
    public void ResourceFilesAreReadFromTheProjectAndListedAsInputs()
    {
        using var project = new TempFolder();
        Directory.CreateDirectory(Path.Combine(project.Path, "docs"));
        File.WriteAllText(Path.Combine(project.Path, "docs", "guide.md"), "# Guide\n");
        File.WriteAllText(Path.Combine(project.Path, "pforge.yaml"), """
            forge: { name: docs, version: 1.0.0 }
            resources:
              - { uri: "docs://guide", name: guide, file: docs/guide.md, mime_type: text/markdown }
              - { uri: "docs://live", name: live, handler: { path: Handlers.LiveResource } }
            """);
        var (task, engine) = CreateTask(project.Path);
        task.InputListFile = Path.Combine(task.OutputDirectory, "pforge.inputs");

        Assert.IsTrue(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));

        CollectionAssert.AreEqual(new[] { Path.Combine(project.Path, "docs", "guide.md") }, File.ReadAllLines(task.InputListFile));
        Assert.Contains("ResourceContent.FromText(\"docs://guide\", \"# Guide\\n\", \"text/markdown\")", File.ReadAllText(Path.Combine(task.OutputDirectory, "PForgeServer.g.cs")));
        var stub = Path.Combine(project.Path, "Handlers", "LiveResource.cs");
        Assert.AreEqual(stub, Assert.ContainsSingle(task.ScaffoldedFiles).ItemSpec);
        Assert.Contains("public partial ValueTask<ResourceResult> ReadAsync(LiveResourceRequest request, ToolContext context)", File.ReadAllText(stub));
    }

    [TestMethod]
    public void HttpTransportNeedsTheHttpHost()
    {
        using var project = new TempFolder();
        File.WriteAllText(Path.Combine(project.Path, "pforge.yaml"), "forge:\n  name: web\n  version: 1.0.0\n  transport: http\n");
        var (without, engine) = CreateTask(project.Path);

        Assert.IsFalse(without.Execute());
        var error = Assert.ContainsSingle(engine.Errors);
        Assert.AreEqual(("PF2003", 4, 14), (error.Code, error.LineNumber, error.ColumnNumber));
        Assert.AreEqual("forge.transport is http but the HTTP transport is not compiled in: set <PForgeHttp>true</PForgeHttp>", error.Message);

        var (with, _) = CreateTask(project.Path);
        with.Http = true;
        Assert.IsTrue(with.Execute());
        Assert.Contains(
            "global::PForge.Runtime.Http.PForgeHttpHost.RunAsync(args, new global::App.PForgeServer());",
            File.ReadAllText(Path.Combine(with.OutputDirectory, "PForgeProgram.g.cs")));
    }

    private static (GeneratePForgeServer Task, FakeBuildEngine Engine) CreateTask(string project)
    {
        var engine = new FakeBuildEngine();
        var task = new GeneratePForgeServer
        {
            BuildEngine = engine,
            ConfigFile = Path.Combine(project, "pforge.yaml"),
            OutputDirectory = Path.Combine(project, "obj", "pforge"),
            SchemaDirectory = Path.Combine(project, "obj", "pforge", "schemas"),
            ProjectDirectory = project,
            RootNamespace = "App",
        };
        return (task, engine);
    }
}
