using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ModelContextProtocol.Client;

namespace PForge.IntegrationTests;

/// <summary>
/// http tools built from YAML alone: a project whose endpoints point at a real local server started by the test
/// (System.Net.HttpListener on 127.0.0.1), driven by the official C# client. Also builds samples/http-proxy, which calls
/// public APIs and is therefore not called here.
/// </summary>
[TestClass]
public sealed class HttpToolsTests
{
    private const string Token = "it-token-5d4c3b2a1f-secret";
    private const string Key = "it-key-0a9b8c7d6e-secret";

    private static HttpListener? s_listener;
    private static TempProject? s_project;
    private static string s_base = string.Empty;

    [ClassInitialize]
    public static async Task SetUpAsync(TestContext context)
    {
        _ = context;
        await DotNet.BuildAsync(Path.Combine(DotNet.Sample("http-proxy"), "HttpProxy.csproj"));

        (s_listener, s_base) = LocalListener.Start();
        _ = Task.Run(ServeAsync);

        s_project = new TempProject("HttpTools", $$$"""
            forge: { name: http-tools, version: 1.0.0 }
            tools:
              - type: http
                name: get_user
                description: Get a user
                endpoint: "{{{s_base}}}/users/{{name}}"
                query: { q: "{{q}}" }
                headers: { X-Custom: "{{q}}" }
                auth: { type: bearer, token: "${HTTP_IT_TOKEN}" }
                params:
                  name: { type: string, required: true }
                  q: { type: string, default: "" }
              - type: http
                name: create_note
                description: Create a note
                method: POST
                endpoint: "{{{s_base}}}/notes"
                body: "{{note}}"
                auth: { type: apikey, header: X-Api-Key, key: "${HTTP_IT_KEY}" }
                params:
                  note: { type: object, required: true }
              - type: http
                name: fail
                description: Always fails
                endpoint: "{{{s_base}}}/fail"
              - type: cli
                name: say
                description: Print a line
                command: echo
                args: ["{{text}}"]
                params: { text: string }
              - type: native
                name: count_keys
                description: Count the members of an object
                params: { value: { type: object, required: true } }
              - type: pipeline
                name: digest
                description: http, then cli and native steps over the http result
                params: { name: string }
                steps:
                  - tool: get_user
                    input: { name: "{{name}}" }
                    output_var: user
                  - tool: say
                    input: { text: "seen {{user.raw}}" }
                    output_var: said
                    condition: user.bearer_ok == true
                  - tool: say
                    input: { text: never }
                    condition: "!user.bearer_ok"
                  - tool: count_keys
                    input: { value: "{{user}}" }
                    output_var: keys
            """);
        s_project.WriteFile("Handlers/CountKeysHandler.cs", """
            using PForge.Runtime.Tools;

            namespace HttpTools.Handlers;

            public partial class CountKeysHandler
            {
                public partial ValueTask<ToolResult> HandleAsync(CountKeysInput input, ToolContext context) =>
                    ValueTask.FromResult(ToolResult.Text($"{input.Value.EnumerateObject().Count()} keys"));
            }
            """);
        await s_project.BuildAsync();
    }

    [ClassCleanup]
    public static void CleanUp()
    {
        s_listener?.Close();
        s_project?.Dispose();
    }

    [TestMethod]
    public async Task HttpToolsDeclareNoOutputSchema()
    {
        await using var client = await ConnectAsync();
        var tools = await client.ListToolsAsync(cancellationToken: Timeout());
        var getUser = tools.Single(t => t.Name == "get_user").ProtocolTool;
        Assert.IsNull(getUser.OutputSchema);
        Assert.AreEqual(
            """{"type":"object","properties":{"name":{"type":"string"},"q":{"type":"string","default":""}},"required":["name"]}""",
            getUser.InputSchema.GetRawText());
    }

    [TestMethod]
    public async Task HostileValuesAreEscapedAndTheTokenArrivesButNeverComesBack()
    {
        await using var client = await ConnectAsync();
        var result = await client.CallToolAsync("get_user", new Dictionary<string, object?> { ["name"] = "../admin?x=1#y é", ["q"] = "a&b=c d/?#" }, cancellationToken: Timeout());
        Assert.AreNotEqual(true, result.IsError, McpClients.Text(result));
        var echo = result.StructuredContent!.Value;
        Assert.AreEqual("/users/..%2Fadmin%3Fx%3D1%23y%20%C3%A9?q=a%26b%3Dc%20d%2F%3F%23", echo.GetProperty("raw").GetString());
        Assert.IsTrue(echo.GetProperty("bearer_ok").GetBoolean());
        Assert.AreEqual("a&b=c d/?#", echo.GetProperty("x_custom").GetString());
        Assert.DoesNotContain(Token, McpClients.Text(result));
    }

    [TestMethod]
    public async Task AnObjectBodyIsSentAsItsJson()
    {
        await using var client = await ConnectAsync();
        var note = JsonDocument.Parse("""{"title":"t \"q\"","tags":["a",1,true,null],"nested":{"x":1.5}}""").RootElement;
        var result = await client.CallToolAsync("create_note", new Dictionary<string, object?> { ["note"] = note }, cancellationToken: Timeout());
        Assert.AreNotEqual(true, result.IsError, McpClients.Text(result));
        var echo = result.StructuredContent!.Value;
        Assert.IsTrue(echo.GetProperty("apikey_ok").GetBoolean());
        Assert.AreEqual("POST", echo.GetProperty("method").GetString());
        StringAssert.StartsWith(echo.GetProperty("content_type").GetString(), "application/json");
        Assert.IsTrue(JsonElement.DeepEquals(note, JsonDocument.Parse(echo.GetProperty("body").GetString()!).RootElement), echo.GetProperty("body").GetString());
        Assert.DoesNotContain(Key, McpClients.Text(result));
    }

    [TestMethod]
    public async Task APipelineChainsHttpCliAndNativeStepsOverAnObjectVariable()
    {
        await using var client = await ConnectAsync();
        var result = await client.CallToolAsync("digest", new Dictionary<string, object?> { ["name"] = "ada" }, cancellationToken: Timeout());
        Assert.AreNotEqual(true, result.IsError, McpClients.Text(result));
        var results = result.StructuredContent!.Value.GetProperty("results");
        var user = results[0].GetProperty("output");
        Assert.AreEqual("/users/ada?q=", user.GetProperty("raw").GetString());
        Assert.AreEqual("""{"stdout":"seen /users/ada?q=\n","stderr":"","exit_code":0}""", results[1].GetProperty("output").GetRawText());
        Assert.AreEqual("""{"tool":"say","skipped":true}""", results[2].GetRawText());
        Assert.AreEqual($"\"{user.EnumerateObject().Count()} keys\"", results[3].GetProperty("output").GetRawText());
        Assert.AreEqual(user.GetRawText(), result.StructuredContent!.Value.GetProperty("variables").GetProperty("user").GetRawText());
        Assert.DoesNotContain(Token, McpClients.Text(result));
    }

    [TestMethod]
    public async Task ANon2xxResponseIsAnErrorResult()
    {
        await using var client = await ConnectAsync();
        var result = await client.CallToolAsync("fail", new Dictionary<string, object?>(), cancellationToken: Timeout());
        Assert.IsTrue(result.IsError);
        Assert.AreEqual($"HTTP 503 Service Unavailable from GET {s_base}/fail: down for maintenance", McpClients.Text(result));
    }

    [TestMethod]
    public async Task AMissingSecretFailsTheCallNamingOnlyTheVariable()
    {
        await using var client = await McpClients.ConnectAsync("dotnet", [s_project!.OutputAssembly]);
        var result = await client.CallToolAsync("get_user", new Dictionary<string, object?> { ["name"] = "x" }, cancellationToken: Timeout());
        Assert.IsTrue(result.IsError);
        Assert.AreEqual("Environment variable 'HTTP_IT_TOKEN' is not set on the server", McpClients.Text(result));
    }

    private static async Task<McpClient> ConnectAsync()
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = "dotnet",
            Arguments = [s_project!.OutputAssembly],
            EnvironmentVariables = new Dictionary<string, string?> { ["HTTP_IT_TOKEN"] = Token, ["HTTP_IT_KEY"] = Key },
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        });
        return await McpClient.CreateAsync(transport, cancellationToken: Timeout());
    }

    /// <summary>Answers each request; credentials are checked here and reported as booleans, never echoed.</summary>
    private static async Task ServeAsync()
    {
        while (await LocalListener.NextAsync(s_listener) is { } context)
        {
            var request = context.Request;
            var response = context.Response;
            string body;
            using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync();
            }

            byte[] payload;
            if (request.Url!.AbsolutePath == "/fail")
            {
                response.StatusCode = 503;
                response.ContentType = "text/plain";
                payload = Encoding.UTF8.GetBytes("down for maintenance");
            }
            else
            {
                response.ContentType = "application/json";
                using var buffer = new MemoryStream();
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    writer.WriteString("method", request.HttpMethod);
                    writer.WriteString("raw", request.RawUrl);
                    writer.WriteString("body", body);
                    writer.WriteString("content_type", request.ContentType);
                    writer.WriteString("x_custom", request.Headers["X-Custom"]);
                    writer.WriteBoolean("bearer_ok", request.Headers["Authorization"] == "Bearer " + Token);
                    writer.WriteBoolean("apikey_ok", request.Headers["X-Api-Key"] == Key);
                    writer.WriteEndObject();
                }

                payload = buffer.ToArray();
            }

            response.ContentLength64 = payload.Length;
            await response.OutputStream.WriteAsync(payload);
            response.Close();
        }
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
}
