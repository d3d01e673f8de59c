using System.Collections.Concurrent;
using System.Net;
using System.Text;
using ModelContextProtocol.Client;

namespace PForge.IntegrationTests;

/// <summary>
/// Scalar's Galaxy (OpenAPI 3.1) and Box's Platform API (296 operations, 1.7 MB of JSON), from
/// Tasks.Tests/OpenApi/Documents/public with their pforge.yaml, built through the SDK with warnings as errors and
/// served over stdio to the official client, one call of each sent to a local server: the exact request.
/// </summary>
[TestClass]
public sealed class PublicOpenApiDocumentsTests
{
    private static readonly string Folder = Path.Combine(DotNet.RepoRoot, "Tasks.Tests", "OpenApi", "Documents", "public");
    private static readonly ConcurrentQueue<string> Requests = new();
    private static HttpListener? s_listener;
    private static string s_base = string.Empty;

    [ClassInitialize]
    public static void SetUp(TestContext context)
    {
        _ = context;
        (s_listener, s_base) = LocalListener.Start();
        _ = Task.Run(ServeAsync);
    }

    [ClassCleanup]
    public static void CleanUp() => s_listener?.Close();

    [TestMethod]
    public async Task TheGalaxyThreeOneDocumentBuildsAndServes()
    {
        using var project = await BuildAsync("Galaxy", "scalar-galaxy-3.1.yaml");
        await using var client = await ConnectAsync(project, new() { ["GALAXY_TOKEN"] = "galaxy-it-token" });
        var tools = await client.ListToolsAsync(cancellationToken: Timeout());
        CollectionAssert.AreEqual(
            new[] { "get_all_data", "create_planet", "get_planet", "update_planet", "delete_planet", "create_celestial_body", "create_user", "get_token", "get_me" },
            tools.Select(t => t.Name).ToArray());

        Requests.Clear();
        var result = await client.CallToolAsync("get_planet", new Dictionary<string, object?> { ["planetId"] = 1 }, cancellationToken: Timeout());
        Assert.AreNotEqual(true, result.IsError, McpClients.Text(result));
        Assert.AreEqual("GET /planets/1 auth=", Requests.Single());
        Assert.AreEqual("""{"id":1,"name":"Earth"}""", result.StructuredContent!.Value.GetRawText());
    }

    [TestMethod]
    public async Task TheLargeBoxDocumentBuildsAndServes()
    {
        using var project = await BuildAsync("Box", "box-platform-api-3.0.json");
        await using var client = await ConnectAsync(project, new() { ["BOX_TOKEN"] = "box-it-token" });
        var tools = await client.ListToolsAsync(cancellationToken: Timeout());
        Assert.HasCount(287, tools);
        Assert.IsTrue(tools.All(t => t.Name.StartsWith("box_", StringComparison.Ordinal)));

        Requests.Clear();
        var result = await client.CallToolAsync("box_get_files_id", new Dictionary<string, object?> { ["file_id"] = "12345", ["fields"] = new[] { "name", "size" } }, cancellationToken: Timeout());
        Assert.AreNotEqual(true, result.IsError, McpClients.Text(result));
        Assert.AreEqual("GET /files/12345?fields=name&fields=size auth=Bearer box-it-token", Requests.Single());
    }

    /// <summary>A project of the document and its pforge.yaml, with the requests sent to the local server.</summary>
    private static async Task<TempProject> BuildAsync(string name, string document)
    {
        var yaml = File.ReadAllText(Path.Combine(Folder, Path.GetFileNameWithoutExtension(document) + ".pforge.yaml"));
        var project = new TempProject(name, yaml.Replace($"  - spec: {document}", $"  - spec: {document}\n    base_url: {s_base}", StringComparison.Ordinal));
        project.WriteFile(document, File.ReadAllText(Path.Combine(Folder, document)));
        await project.BuildAsync();
        return project;
    }

    private static Task<McpClient> ConnectAsync(TempProject project, Dictionary<string, string?> environment) =>
        McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = "dotnet",
            Arguments = [project.OutputAssembly],
            EnvironmentVariables = environment,
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        }), cancellationToken: Timeout());

    private static async Task ServeAsync()
    {
        while (await LocalListener.NextAsync(s_listener) is { } context)
        {
            var request = context.Request;
            Requests.Enqueue($"{request.HttpMethod} {request.RawUrl} auth={request.Headers["Authorization"]}");
            var payload = Encoding.UTF8.GetBytes(request.Url!.AbsolutePath == "/planets/1" ? """{"id":1,"name":"Earth"}""" : """{"type":"file","id":"12345"}""");
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = payload.Length;
            await context.Response.OutputStream.WriteAsync(payload);
            context.Response.Close();
        }
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;
}
