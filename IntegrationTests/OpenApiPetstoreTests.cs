using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using ModelContextProtocol.Client;

namespace PForge.IntegrationTests;

/// <summary>
/// samples/openapi-petstore: the public Petstore 3 document's operations as http tools, built through the SDK with
/// warnings as errors, its requests sent to a local server this test starts (the sample's pforge.yaml with a
/// <c>base_url</c> pointing there), driven by the official C# client: the exact requests and the results.
/// </summary>
[TestClass]
public sealed class OpenApiPetstoreTests
{
    private const string Token = "petstore-it-token-secret";
    private const string ApiKey = "petstore-it-key-secret";

    private static readonly ConcurrentQueue<string> Requests = new();
    private static HttpListener? s_listener;
    private static TempProject? s_project;
    private static McpClient? s_client;
    private static string s_base = string.Empty;

    [ClassInitialize]
    public static async Task SetUpAsync(TestContext context)
    {
        _ = context;
        var sample = DotNet.Sample("openapi-petstore");
        await DotNet.BuildAsync(Path.Combine(sample, "OpenApiPetstore.csproj"));

        (s_listener, s_base) = LocalListener.Start();
        _ = Task.Run(ServeAsync);
        var yaml = File.ReadAllText(Path.Combine(sample, "pforge.yaml"));
        StringAssert.Contains(yaml, "  - spec: petstore.yaml");
        s_project = new TempProject("Petstore", yaml.Replace("  - spec: petstore.yaml", $"  - spec: petstore.yaml\n    base_url: {s_base}/api/v3", StringComparison.Ordinal));
        s_project.WriteFile("petstore.yaml", File.ReadAllText(Path.Combine(sample, "petstore.yaml")));
        await s_project.BuildAsync();

        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = "dotnet",
            Arguments = [s_project.OutputAssembly],
            EnvironmentVariables = new Dictionary<string, string?> { ["PETSTORE_TOKEN"] = Token, ["PETSTORE_API_KEY"] = ApiKey },
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        });
        s_client = await McpClient.CreateAsync(transport, cancellationToken: Timeout());
    }

    [ClassCleanup]
    public static async Task CleanUpAsync()
    {
        if (s_client is not null)
        {
            await s_client.DisposeAsync();
        }

        s_listener?.Close();
        s_project?.Dispose();
    }

    [TestMethod]
    public async Task EveryOperationButTheUploadIsATool()
    {
        var tools = await s_client!.ListToolsAsync(cancellationToken: Timeout());
        CollectionAssert.AreEqual(
            new[]
            {
                "update_pet", "add_pet", "find_pets_by_status", "find_pets_by_tags", "get_pet_by_id", "update_pet_with_form", "delete_pet",
                "get_inventory", "place_order", "get_order_by_id", "delete_order", "create_user", "create_users_with_list_input",
                "login_user", "logout_user", "get_user_by_name", "update_user", "delete_user",
            },
            tools.Select(t => t.Name).ToArray());
        var get = tools.Single(t => t.Name == "get_pet_by_id").ProtocolTool;
        Assert.AreEqual("Find pet by ID.", get.Title);
        Assert.AreEqual("Find pet by ID.\n\nReturns a single pet.", get.Description);
        Assert.AreEqual("""{"type":"object","properties":{"petId":{"type":"integer","description":"ID of pet to return"}},"required":["petId"]}""", get.InputSchema.GetRawText());
        Assert.AreEqual(
            """{"type":"object","properties":{"id":{"type":"integer","format":"int64"},"name":{"type":"string"},"category":{"type":"object","properties":{"id":{"type":"integer","format":"int64"},"name":{"type":"string"}}},"photoUrls":{"type":"array","items":{"type":"string"}},"tags":{"type":"array","items":{"type":"object","properties":{"id":{"type":"integer","format":"int64"},"name":{"type":"string"}}}},"status":{"type":"string","description":"pet status in the store","enum":["available","pending","sold"]}},"required":["name","photoUrls"]}""",
            get.OutputSchema!.Value.GetRawText());
        Assert.IsTrue(get.Annotations!.ReadOnlyHint);
        Assert.IsTrue(tools.Single(t => t.Name == "delete_pet").ProtocolTool.Annotations!.DestructiveHint);
    }

    [TestMethod]
    public async Task APetIsFetchedByItsIdWithTheApiKey()
    {
        var result = await CallAsync("get_pet_by_id", new() { ["petId"] = 7 });
        Assert.AreEqual($"GET /api/v3/pet/7 api_key={ApiKey} auth=", Requests.Single());
        Assert.AreEqual("""{"id":7,"name":"doggie","photoUrls":["p.png"],"status":"available"}""", result.StructuredContent!.Value.GetRawText());
    }

    [TestMethod]
    public async Task QueryValuesTakeTheirDefaultsSpreadArraysAndLeaveOutWhatIsAbsent()
    {
        await CallAsync("find_pets_by_status", []);
        await CallAsync("find_pets_by_tags", new() { ["tags"] = new[] { "a b", "c&d" } });
        await CallAsync("login_user", []);
        await CallAsync("login_user", new() { ["username"] = "ada" });
        CollectionAssert.AreEqual(
            new[]
            {
                $"GET /api/v3/pet/findByStatus?status=available api_key= auth=Bearer {Token}",
                $"GET /api/v3/pet/findByTags?tags=a%20b&tags=c%26d api_key= auth=Bearer {Token}",
                "GET /api/v3/user/login api_key= auth=",
                "GET /api/v3/user/login?username=ada api_key= auth=",
            },
            Requests.ToArray());
    }

    [TestMethod]
    public async Task APetIsAddedWithItsBodyAsJson()
    {
        var pet = JsonDocument.Parse("""{"name":"rex","photoUrls":["a.png"],"category":{"id":1,"name":"Dogs"},"tags":[{"id":2,"name":"good"}],"status":"pending"}""").RootElement;
        var result = await CallAsync("add_pet", new() { ["body"] = pet });
        Assert.AreEqual(
            $$"""POST /api/v3/pet api_key= auth=Bearer {{Token}} application/json; charset=utf-8 {"name":"rex","category":{"id":1,"name":"Dogs"},"photoUrls":["a.png"],"tags":[{"id":2,"name":"good"}],"status":"pending"}""",
            Requests.Single());
        Assert.AreEqual(10, result.StructuredContent!.Value.GetProperty("id").GetInt32());
    }

    [TestMethod]
    public async Task AnOptionalHeaderIsSentOnlyWhenGiven()
    {
        await CallAsync("delete_pet", new() { ["petId"] = 3 });
        await CallAsync("delete_pet", new() { ["petId"] = 4, ["api_key"] = "from-the-client" });
        CollectionAssert.AreEqual(
            new[] { $"DELETE /api/v3/pet/3 api_key= auth=Bearer {Token}", $"DELETE /api/v3/pet/4 api_key=from-the-client auth=Bearer {Token}" },
            Requests.ToArray());
    }

    [TestMethod]
    public async Task ABadArgumentIsRefusedBeforeAnyRequest()
    {
        var result = await s_client!.CallToolAsync("add_pet", new Dictionary<string, object?> { ["body"] = JsonDocument.Parse("""{"photoUrls":[]}""").RootElement }, cancellationToken: Timeout());
        Assert.IsTrue(result.IsError);
        StringAssert.Contains(McpClients.Text(result), "name");
        Assert.IsEmpty(Requests);
    }

    [TestInitialize]
    public void Clear() => Requests.Clear();

    private static async Task<ModelContextProtocol.Protocol.CallToolResult> CallAsync(string tool, Dictionary<string, object?> arguments)
    {
        var result = await s_client!.CallToolAsync(tool, arguments, cancellationToken: Timeout());
        Assert.AreNotEqual(true, result.IsError, McpClients.Text(result));
        return result;
    }

    /// <summary>A few Petstore operations; each request is recorded as "METHOD raw-url api_key=… auth=… [content-type body]".</summary>
    private static async Task ServeAsync()
    {
        while (await LocalListener.NextAsync(s_listener) is { } context)
        {
            var request = context.Request;
            string body;
            using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync();
            }

            var line = $"{request.HttpMethod} {request.RawUrl} api_key={request.Headers["api_key"]} auth={request.Headers["Authorization"]}";
            Requests.Enqueue(body.Length == 0 ? line : $"{line} {request.ContentType} {body}");
            var path = request.Url!.AbsolutePath;
            var answer = (request.HttpMethod, path) switch
            {
                ("GET", "/api/v3/pet/findByStatus" or "/api/v3/pet/findByTags") => """[{"id":1,"name":"a","photoUrls":[]}]""",
                ("GET", _) when path.StartsWith("/api/v3/pet/", StringComparison.Ordinal) =>
                    $$"""{"id":{{path["/api/v3/pet/".Length..]}},"name":"doggie","photoUrls":["p.png"],"status":"available"}""",
                ("POST", "/api/v3/pet") => """{"id":10,"name":"rex","photoUrls":["a.png"]}""",
                ("GET", "/api/v3/user/login") => "\"logged in\"",
                _ => string.Empty,
            };
            var payload = Encoding.UTF8.GetBytes(answer);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = payload.Length;
            await context.Response.OutputStream.WriteAsync(payload);
            context.Response.Close();
        }
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
}
