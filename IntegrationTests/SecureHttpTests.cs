using System.Net;
using System.Text;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using PForge.Runtime.Tests.Support;

namespace PForge.IntegrationTests;

/// <summary>
/// samples/secure-http and a throwaway project behind forge.http.auth, spawned and driven by the official C# client
/// with access tokens of a real authorization server (OpenIddict on loopback, client_credentials).
/// </summary>
[TestClass]
public sealed class SecureHttpTests
{
    private const string Resource = "https://secure.example.test/mcp";

    private static TestAuthorizationServer? s_issuer;

    private static TestAuthorizationServer Issuer => s_issuer ?? throw new InvalidOperationException("not started");

    private static string AppHost => Path.Combine(DotNet.Sample("secure-http"), "bin", "Debug", "net10.0", "SecureHttp");

    [ClassInitialize]
    public static async Task SetUpAsync(TestContext context)
    {
        _ = context;
        s_issuer = await TestAuthorizationServer.StartAsync(new TestAuthorizationServerOptions
        {
            Clients =
            [
                new TestAuthorizationClient("ops", "ops-secret-0123456", ["mcp:use", "admin"]) { Subject = "alice" },
                new TestAuthorizationClient("app", "app-secret-7654321", ["mcp:use"]) { Subject = "bob" },
            ],
            Resources = [new Uri(Resource)],
        });
        await DotNet.BuildAsync(Path.Combine(DotNet.Sample("secure-http"), "SecureHttp.csproj"));
    }

    [ClassCleanup]
    public static async Task CleanUpAsync()
    {
        if (s_issuer is not null)
        {
            await s_issuer.DisposeAsync();
        }
    }

    private static Dictionary<string, string> Environment() => new()
    {
        ["PFORGE_AUTH_ISSUER"] = Issuer.Issuer.AbsoluteUri,
        ["PFORGE_AUTH_RESOURCE"] = Resource,
    };

    private static Task<string> TokenAsync(string client, params string[] scopes) =>
        client == "ops"
            ? Issuer.GetTokenAsync("ops", "ops-secret-0123456", scopes, Resource)
            : Issuer.GetTokenAsync("app", "app-secret-7654321", scopes, Resource);

    [TestMethod]
    public async Task TheSampleServesEachCallerItsOwnNotesAndTheAdminToolOnlyToAdmins()
    {
        await using var server = await ServerProcess.StartHttpAsync(AppHost, Environment());
        await using var alice = await McpClients.ConnectHttpAsync(server.Url, await TokenAsync("ops", "mcp:use", "admin"));
        await using var bob = await McpClients.ConnectHttpAsync(server.Url, await TokenAsync("app", "mcp:use"));

        var whoami = await alice.CallToolAsync("whoami");
        Assert.AreEqual("""{"subject":"alice","client_id":"ops","scopes":["mcp:use","admin"]}""", whoami.StructuredContent!.Value.GetRawText());
        Assert.AreEqual("hello, bob", McpClients.Text(await bob.CallToolAsync("greet")).TrimEnd('\n'));

        Assert.AreEqual("""{"count":1}""", (await bob.CallToolAsync("add_note", new Dictionary<string, object?> { ["text"] = "milk" })).StructuredContent!.Value.GetRawText());
        await alice.CallToolAsync("add_note", new Dictionary<string, object?> { ["text"] = "deploy" });
        Assert.AreEqual("""{"count":2}""", (await bob.CallToolAsync("add_note", new Dictionary<string, object?> { ["text"] = "eggs" })).StructuredContent!.Value.GetRawText());

        // bob names alice as the owner: refused, never alice's notes.
        var forged = await bob.CallToolAsync("list_notes", new Dictionary<string, object?> { ["owner"] = "alice" });
        Assert.IsTrue(forged.IsError);
        Assert.AreEqual("Parameter 'owner' is set from the caller's identity (claim 'sub'); a client may not send it", McpClients.Text(forged));
        Assert.AreEqual("""{"notes":["milk","eggs"]}""", (await bob.CallToolAsync("list_notes")).StructuredContent!.Value.GetRawText());
        Assert.AreEqual("""{"notes":["deploy"]}""", (await alice.CallToolAsync("list_notes")).StructuredContent!.Value.GetRawText());

        var bobsTools = (await bob.ListToolsAsync()).Select(tool => tool.Name).ToList();
        CollectionAssert.AreEqual(new[] { "whoami", "greet", "add_note", "list_notes" }, bobsTools);
        CollectionAssert.Contains((await alice.ListToolsAsync()).Select(tool => tool.Name).ToList(), "purge_notes");
        var addNote = (await bob.ListToolsAsync()).Single(tool => tool.Name == "add_note").ProtocolTool;
        Assert.AreEqual("""{"type":"object","properties":{"text":{"type":"string","maxLength":1000,"minLength":1}},"required":["text"]}""", addNote.InputSchema.GetRawText());

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => bob.CallToolAsync("purge_notes", new Dictionary<string, object?> { ["subject"] = "alice" }).AsTask());
        Assert.AreEqual(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.AreEqual("""{"deleted":1}""", (await alice.CallToolAsync("purge_notes", new Dictionary<string, object?> { ["subject"] = "alice" })).StructuredContent!.Value.GetRawText());
        Assert.AreEqual("""{"notes":[]}""", (await alice.CallToolAsync("list_notes")).StructuredContent!.Value.GetRawText());
    }

    [TestMethod]
    public async Task TheSamplePublishesNativelyWithoutWarningsAndChecksTokensThere()
    {
        var output = Path.Combine(Path.GetTempPath(), "pforge-it", "aot-secure-" + Guid.NewGuid().ToString("N"));
        try
        {
            var sample = DotNet.Sample("secure-http");
            var (code, log) = await DotNet.RunAsync(sample, TimeSpan.FromMinutes(12),
                "publish", Path.Combine(sample, "SecureHttp.csproj"), "-nologo", "-c", "Release", "-o", output);
            Assert.AreEqual(0, code, log);
            NativeAotTests.AssertNoWarnings(log);
            Assert.IsFalse(File.Exists(Path.Combine(output, "Microsoft.IdentityModel.JsonWebTokens.dll")), "a native publish has no IL assembly");

            // The JWT check, the JWKS fetch and the scope gate, all compiled natively.
            await using var server = await ServerProcess.StartHttpAsync(Path.Combine(output, "SecureHttp"), Environment());
            await using var alice = await McpClients.ConnectHttpAsync(server.Url, await TokenAsync("ops", "mcp:use", "admin"));
            await using var bob = await McpClients.ConnectHttpAsync(server.Url, await TokenAsync("app", "mcp:use"));
            Assert.AreEqual("""{"subject":"bob","client_id":"app","scopes":["mcp:use"]}""", (await bob.CallToolAsync("whoami")).StructuredContent!.Value.GetRawText());
            Assert.AreEqual("hello, alice", McpClients.Text(await alice.CallToolAsync("greet")).TrimEnd('\n'));
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => bob.CallToolAsync("purge_notes", new Dictionary<string, object?> { ["subject"] = "alice" }).AsTask());
            Assert.AreEqual(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.AreEqual("""{"deleted":0}""", (await alice.CallToolAsync("purge_notes", new Dictionary<string, object?> { ["subject"] = "bob" })).StructuredContent!.Value.GetRawText());

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var forged = new HttpRequestMessage(HttpMethod.Post, server.Url)
            {
                Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"ping"}""", Encoding.UTF8, "application/json"),
            };
            forged.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
            forged.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Tampered(await TokenAsync("app", "mcp:use")));
            using var response = await http.SendAsync(forged);
            Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.AreEqual(
                "Bearer error=\"invalid_token\", error_description=\"the token's signature does not verify\", scope=\"mcp:use\", resource_metadata=\"https://secure.example.test/.well-known/oauth-protected-resource/mcp\"",
                response.Headers.WwwAuthenticate.ToString());
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    /// <summary>The token with one character of its signature changed (never a padding bit of the last one).</summary>
    private static string Tampered(string token) =>
        token[..^4] + (token[^4] == 'A' ? 'B' : 'A') + token[^3..];

    [TestMethod]
    public async Task WithoutATokenTheSampleAnswers401AndItsMetadata()
    {
        await using var server = await ServerProcess.StartHttpAsync(AppHost, Environment());
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, server.Url)
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"ping"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        using var response = await http.SendAsync(request);
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.AreEqual(
            "Bearer scope=\"mcp:use\", resource_metadata=\"https://secure.example.test/.well-known/oauth-protected-resource/mcp\"",
            response.Headers.WwwAuthenticate.ToString());

        var metadata = await http.GetStringAsync(new Uri(server.Url, "/.well-known/oauth-protected-resource/mcp"));
        Assert.AreEqual(
            $$"""{"resource":"{{Resource}}","authorization_servers":["{{Issuer.Issuer.AbsoluteUri}}"],"scopes_supported":["admin","mcp:use"],"bearer_methods_supported":["header"],"resource_name":"secure-http"}""",
            metadata);
    }

    [TestMethod]
    public async Task AnHttpToolSendsItsOwnCredentialsAndTheClaimNeverTheClientsToken()
    {
        var (listener, upstream) = LocalListener.Start();
        var seen = new TaskCompletionSource<(string? Authorization, string Query)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            while (await LocalListener.NextAsync(listener) is { } context)
            {
                seen.TrySetResult((context.Request.Headers["Authorization"], context.Request.Url!.Query));
                var body = Encoding.UTF8.GetBytes("""{"ok":true}""");
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        });

        using var project = new TempProject("SecureIt", $$$"""
            forge:
              name: secure-it
              version: 1.0.0
              transport: http
              http:
                auth:
                  scopes: [mcp:use]
                  oauth: { issuer: "{{{Issuer.Issuer.AbsoluteUri}}}", resource: "{{{Resource}}}" }
            tools:
              - type: http
                name: lookup
                description: Ask the upstream about the caller
                endpoint: "{{{upstream}}}/lookup"
                query: { user: "{{caller}}" }
                auth: { type: bearer, token: "${SECURE_IT_UPSTREAM_TOKEN}" }
                params:
                  caller: { type: string, claim: sub }
            """);
        try
        {
            await project.BuildAsync();
            var appHost = Path.Combine(project.Directory, "bin", "Debug", "net10.0", "SecureIt");
            var environment = new Dictionary<string, string> { ["SECURE_IT_UPSTREAM_TOKEN"] = "upstream-token-42" };
            await using var server = await ServerProcess.StartHttpAsync(appHost, environment);
            var token = await TokenAsync("app", "mcp:use");
            await using var client = await McpClients.ConnectHttpAsync(server.Url, token);

            var result = await client.CallToolAsync("lookup");
            Assert.AreNotEqual(true, result.IsError, McpClients.Text(result));
            var (authorization, query) = await seen.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.AreEqual("Bearer upstream-token-42", authorization, "the tool's own credentials, never the client's token");
            Assert.AreEqual("?user=bob", query);
            Assert.DoesNotContain(token, server.Log);
        }
        finally
        {
            listener.Close();
        }
    }
}
