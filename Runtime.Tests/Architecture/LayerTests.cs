namespace PForge.Runtime.Tests.Architecture;

/// <summary>Every arrow points down: no runtime folder imports a layer above its own (see <see cref="LayerChecker"/>).</summary>
[TestClass]
public sealed class LayerTests
{
    [TestMethod]
    public void NoRuntimeFolderImportsALayerAboveIt()
    {
        var violations = LayerChecker.CheckRepository(RepositoryRoot());
        Assert.AreEqual(0, violations.Count, "Imports of a higher layer:\n" + string.Join("\n", violations));
    }

    [TestMethod]
    public void EveryRuntimeFileIsInALayer()
    {
        var root = RepositoryRoot();
        var outside = LayerChecker.Roots
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Select(file => Path.GetRelativePath(root, file).Replace('\\', '/'))
            .Where(path => !path.Contains("/obj/", StringComparison.Ordinal) && !path.Contains("/bin/", StringComparison.Ordinal))
            .Where(path => LayerChecker.FolderLayer(path) is null)
            .ToList();
        Assert.AreEqual(0, outside.Count, "Files in no layer:\n" + string.Join("\n", outside));
    }

    [TestMethod]
    public void ImportsOfAHigherLayerAreCaughtWithFileLineAndNamespace()
    {
        const string Source = """
            using System.Text;
            using PForge.Runtime.Protocol;
            using PForge.Runtime.Hosting;
            using static PForge.Runtime.Server.McpSession;
            using Definition = global::PForge.Runtime.Server.McpServerDefinition;

            namespace PForge.Runtime.Telemetry;

            internal static class Bad
            {
                public static string Version => global::PForge.Runtime.Hosting.PForgeHost.RuntimeVersion;

                public static object Transport() => Transports.StdioTransport.DefaultMaxMessageBytes;
            }
            """;
        var types = new HashSet<string>(StringComparer.Ordinal) { "PForge.Runtime.Transports.StdioTransport" };

        var violations = LayerChecker.Check("Runtime/Telemetry/Bad.cs", Source, types);

        CollectionAssert.AreEqual(
            new[]
            {
                "Runtime/Telemetry/Bad.cs:3: names PForge.Runtime.Hosting (layer 11) from a folder of layer 3",
                "Runtime/Telemetry/Bad.cs:4: names PForge.Runtime.Server.McpSession (layer 9) from a folder of layer 3",
                "Runtime/Telemetry/Bad.cs:5: names PForge.Runtime.Server.McpServerDefinition (layer 9) from a folder of layer 3",
                "Runtime/Telemetry/Bad.cs:11: names PForge.Runtime.Hosting.PForgeHost.RuntimeVersion (layer 11) from a folder of layer 3",
                "Runtime/Telemetry/Bad.cs:13: names PForge.Runtime.Transports.StdioTransport (layer 10) from a folder of layer 3",
            },
            violations);
    }

    [TestMethod]
    public void NamesInCommentsAndStringsAndOfLowerLayersPass()
    {
        const string Source = """"
            using PForge.Runtime.Protocol;
            using PForge.Runtime.Tools;

            namespace PForge.Runtime.Server;

            // PForge.Runtime.Hosting is above; a comment may say so.
            /* using PForge.Runtime.Transports; */
            internal static class Fine
            {
                /// <summary>Not <see cref="PForge.Runtime.Hosting.PForgeHost"/>.</summary>
                public const string Text = "PForge.Runtime.Http is compiled in";

                public const string Raw = """PForge.Runtime.Hosting.PForgeHost""";

                public const char Quote = '"';

                public static int Code => PForge.Runtime.Protocol.McpErrorCodes.InvalidParams;
            }
            """";

        Assert.AreEqual(0, LayerChecker.Check("Runtime/Server/Fine.cs", Source, new HashSet<string>()).Count);
    }

    [TestMethod]
    public void AFileMustDeclareANamespaceOfItsFoldersLayer()
    {
        var violations = LayerChecker.Check("Runtime/Handlers/Tools/Moved.cs", "namespace PForge.Runtime.Server;\n");

        CollectionAssert.AreEqual(
            new[] { "Runtime/Handlers/Tools/Moved.cs:1: declares namespace PForge.Runtime.Server (layer 9) in a folder of layer 5" },
            violations);
    }

    [TestMethod]
    public void HttpIsAboveHostingAndTheStoresAboveState()
    {
        Assert.IsTrue(LayerChecker.FolderLayer("Runtime.Http/PForgeHttpHost.cs") > LayerChecker.NamespaceLayer("PForge.Runtime.Hosting"));
        Assert.IsTrue(LayerChecker.FolderLayer("Runtime.State.Sqlite/SqliteStateStore.cs") > LayerChecker.NamespaceLayer("PForge.Runtime.State"));
        Assert.AreEqual(1, LayerChecker.Check("Runtime/Hosting/UsesHttp.cs", "namespace PForge.Runtime.Hosting;\nclass C { object H => PForge.Runtime.Http.PForgeHttpHost.Name; }\n").Count);
    }

    /// <summary>The folder holding <c>PForge.Sdk.sln</c>, found by walking up from the test output.</summary>
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PForge.Sdk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new AssertFailedException($"No PForge.Sdk.sln above '{AppContext.BaseDirectory}': run the tests from a clone of the repository.");
    }
}
