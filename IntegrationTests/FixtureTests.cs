// Logging and sampling are deprecated in revision 2026-07-28 (SEP-2577), but 2025-11-25 (what clients speak today) has them.
#pragma warning disable MCP9005

using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace PForge.IntegrationTests;

/// <summary>
/// The conformance fixture (samples/conformance) built through the SDK and driven by the official C# client, once over
/// stdio and once over Streamable HTTP: every MCP method the server serves, with the exact texts of conformance.md.
/// </summary>
public abstract class FixtureTests
{
    public const string Png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
    public const string Wav = "UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=";

    public static string Project => Path.Combine(DotNet.Sample("conformance"), "Conformance.csproj");

    public static string AppHost => Path.Combine(DotNet.Sample("conformance"), "bin", "Debug", "net10.0", "Conformance");

    /// <summary>What the client's sampling handler was asked, last.</summary>
    internal static CreateMessageRequestParams? LastSampling { get; private set; }

    /// <summary>What the client's elicitation handler was asked, last.</summary>
    internal static ElicitRequestParams? LastElicitation { get; private set; }

    protected abstract McpClient Client { get; }

    private static readonly Dictionary<string, string> OneStringAnswers = new() { ["name"] = "Ada", ["color"] = "blue", ["context"] = "tests" };

    /// <summary>
    /// A client pinned to <paramref name="version"/> (no fallback) that declares sampling and elicitation and answers
    /// them as the conformance suite does.
    /// </summary>
    internal static McpClientOptions Options(string version) => new()
    {
        ClientInfo = new Implementation { Name = "pforge-fixture-tests", Version = "1.0.0" },
        ProtocolVersion = version,
        InitializationTimeout = TimeSpan.FromSeconds(30),
        Handlers = new McpClientHandlers
        {
            SamplingHandler = (request, _, _) =>
            {
                LastSampling = request;
                var asked = request!.Messages[0].Content.OfType<TextContentBlock>().FirstOrDefault()?.Text ?? "?";
                return ValueTask.FromResult(new CreateMessageResult
                {
                    Role = Role.Assistant,
                    Content = [new TextContentBlock { Text = "You asked: " + asked }],
                    Model = "test-model",
                    StopReason = "endTurn",
                });
            },
            ElicitationHandler = (request, _) =>
            {
                LastElicitation = request;
                var asked = request!.RequestedSchema?.Properties.Keys.ToArray() ?? [];
                return ValueTask.FromResult(new ElicitResult
                {
                    Action = "accept",

                    // The input required fixtures ask for one string; the others are answered as the suite does.
                    Content = asked is [var one] && OneStringAnswers.TryGetValue(one, out var answer)
                        ? new Dictionary<string, JsonElement> { [one] = JsonSerializer.SerializeToElement(answer) }
                        : new Dictionary<string, JsonElement>
                        {
                            ["username"] = JsonSerializer.SerializeToElement("testuser"),
                            ["email"] = JsonSerializer.SerializeToElement("test@example.com"),
                        },
                });
            },
            RootsHandler = (_, _) => ValueTask.FromResult(new ListRootsResult { Roots = [new Root { Uri = "file:///fixture", Name = "fixture" }] }),
        },
    };

    protected static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [TestMethod]
    public void TheServerDeclaresEveryCapabilityItServes()
    {
        var capabilities = Client.ServerCapabilities!;
        Assert.IsTrue(capabilities.Tools!.ListChanged);
        Assert.IsTrue(capabilities.Resources!.Subscribe);
        Assert.IsTrue(capabilities.Resources!.ListChanged);
        Assert.IsTrue(capabilities.Prompts!.ListChanged);
        Assert.IsNotNull(capabilities.Logging);
        Assert.IsNotNull(capabilities.Completions);
        Assert.AreEqual("pforge-conformance", Client.ServerInfo!.Name);
    }

    [TestMethod]
    public async Task ToolsAreListedWithDescriptionsAndTheRawSchemaUnchanged()
    {
        var tools = await Client.ListToolsAsync(cancellationToken: Timeout());
        CollectionAssert.AreEqual(
            new[]
            {
                "test_simple_text", "test_image_content", "test_audio_content", "test_embedded_resource", "test_multiple_content_types",
                "test_tool_with_logging", "test_tool_with_progress", "test_error_handling", "test_sampling", "test_elicitation",
                "test_elicitation_sep1034_defaults", "test_elicitation_sep1330_enums", "json_schema_2020_12_tool",
                "test_custom_header", "test_missing_capability", "test_streaming_elicitation", "test_logging_tool",
                "test_input_required_result_elicitation", "test_input_required_result_sampling", "test_input_required_result_list_roots",
                "test_input_required_result_request_state", "test_input_required_result_multiple_inputs", "test_input_required_result_multi_round",
                "test_input_required_result_tampered_state", "test_input_required_result_capabilities",
                "greet", "slow_compute", "failing_job", "protocol_error_job", "confirm_delete", "multi_input", "test_tool_with_task",
            },
            tools.Select(t => t.Name).ToArray());
        Assert.IsTrue(tools.All(t => !string.IsNullOrEmpty(t.Description)));
        Assert.AreEqual("""{"type":"object","properties":{}}""", tools[0].ProtocolTool.InputSchema.GetRawText());
        Assert.AreEqual(
            """{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","$defs":{"address":{"$anchor":"addressDef","type":"object","properties":{"street":{"type":"string"},"city":{"type":"string"}}}},"properties":{"name":{"type":"string"},"address":{"$ref":"#/$defs/address"},"contactMethod":{"type":"string","enum":["phone","email"]},"phone":{"type":"string"},"email":{"type":"string"}},"allOf":[{"anyOf":[{"required":["phone"]},{"required":["email"]}]}],"if":{"properties":{"contactMethod":{"const":"phone"}},"required":["contactMethod"]},"then":{"required":["phone"]},"else":{"required":["email"]},"additionalProperties":false}""",
            tools[12].ProtocolTool.InputSchema.GetRawText());
    }

    [TestMethod]
    public async Task AnArgumentMarkedXMcpHeaderReachesTheHandler()
    {
        // Over HTTP of 2026-07-28 the client mirrors it into Mcp-Param-Region (base64: it is not ASCII), which the server
        // checks; the client learns the annotation from tools/list.
        await Client.ListToolsAsync(cancellationToken: Timeout());
        var result = await CallAsync("test_custom_header", ("region", "Hello, 世界"), ("query", "select 1"));
        Assert.AreEqual("region: Hello, 世界", ((TextContentBlock)result.Content.Single()).Text);
        Assert.AreNotEqual(true, result.IsError);
    }

    [TestMethod]
    public async Task ContentToolsReturnTheExactBlocks()
    {
        Assert.AreEqual("This is a simple text response for testing.", McpClients.Text(await CallAsync("test_simple_text")));

        var image = (ImageContentBlock)(await CallAsync("test_image_content")).Content.Single();
        Assert.AreEqual((Png, "image/png"), (System.Text.Encoding.ASCII.GetString(image.Data.Span), image.MimeType));

        var audio = (AudioContentBlock)(await CallAsync("test_audio_content")).Content.Single();
        Assert.AreEqual((Wav, "audio/wav"), (System.Text.Encoding.ASCII.GetString(audio.Data.Span), audio.MimeType));

        var embedded = (TextResourceContents)((EmbeddedResourceBlock)(await CallAsync("test_embedded_resource")).Content.Single()).Resource;
        Assert.AreEqual(("test://embedded-resource", "text/plain", "This is an embedded resource content."), (embedded.Uri, embedded.MimeType, embedded.Text));

        var mixed = (await CallAsync("test_multiple_content_types")).Content;
        Assert.HasCount(3, mixed);
        Assert.AreEqual("Multiple content types test:", ((TextContentBlock)mixed[0]).Text);
        Assert.AreEqual("image/png", ((ImageContentBlock)mixed[1]).MimeType);
        var json = (TextResourceContents)((EmbeddedResourceBlock)mixed[2]).Resource;
        Assert.AreEqual(("test://mixed-content-resource", "application/json", """{"test":"data","value":123}"""), (json.Uri, json.MimeType, json.Text));
    }

    [TestMethod]
    public async Task AThrowingHandlerIsAnErrorResultWithItsMessage()
    {
        var result = await CallAsync("test_error_handling");
        Assert.IsTrue(result.IsError);
        Assert.AreEqual("This tool intentionally returns an error for testing", McpClients.Text(result));
    }

    [TestMethod]
    public async Task ProgressIsReportedWithTheClientsToken()
    {
        // A session-wide handler sees every notification, even one the client handles after the call's response.
        var seen = new List<string>();
        await using var registration = Client.RegisterNotificationHandler(NotificationMethods.ProgressNotification, (notification, _) =>
        {
            lock (seen)
            {
                seen.Add($"{notification.Params!["progress"]}/{notification.Params["total"]}");
            }

            return ValueTask.CompletedTask;
        });
        var result = await Client.CallToolAsync("test_tool_with_progress", new Dictionary<string, object?>(), new Progress<ProgressNotificationValue>(), cancellationToken: Timeout());
        Assert.AreEqual("Tool with progress executed successfully", McpClients.Text(result));
        await WaitForAsync(() => { lock (seen) { return seen.Count >= 3; } });
        lock (seen)
        {
            // Handled concurrently: ordered by value (the server sends them in order).
            CollectionAssert.AreEqual(new[] { "0/100", "100/100", "50/100" }, seen.Order(StringComparer.Ordinal).ToArray(), string.Join(", ", seen));
        }
    }

    [TestMethod]
    public async Task SamplingAsksTheClientsModel()
    {
        var result = await CallAsync("test_sampling", ("prompt", "Test prompt for sampling"));
        Assert.AreEqual("LLM response: You asked: Test prompt for sampling", McpClients.Text(result));
        Assert.AreEqual(100, LastSampling!.MaxTokens);
        Assert.AreEqual(Role.User, LastSampling.Messages.Single().Role);
    }

    [TestMethod]
    public async Task ElicitationAsksTheUserWithTheDeclaredSchema()
    {
        var result = await CallAsync("test_elicitation", ("message", "Please provide your information"));
        Assert.AreEqual("""User response: action=accept, content={"username":"testuser","email":"test@example.com"}""", McpClients.Text(result));
        Assert.AreEqual("Please provide your information", LastElicitation!.Message);
        CollectionAssert.AreEqual(new[] { "username", "email" }, LastElicitation.RequestedSchema!.Properties.Keys.ToArray());

        await CallAsync("test_elicitation_sep1034_defaults");
        CollectionAssert.AreEqual(new[] { "name", "age", "score", "status", "verified" }, LastElicitation!.RequestedSchema!.Properties.Keys.ToArray());
        await CallAsync("test_elicitation_sep1330_enums");
        CollectionAssert.AreEqual(
            new[] { "untitledSingle", "titledSingle", "legacyEnum", "untitledMulti", "titledMulti" },
            LastElicitation!.RequestedSchema!.Properties.Keys.ToArray());
    }

    [TestMethod]
    public async Task QuestionsAskedTogetherAndInTurnReachTheClientsHandlers()
    {
        // Three at once (one input required round in 2026-07-28, three concurrent requests before), then two in turn.
        Assert.AreEqual(
            "Name: Ada; Greeting: You asked: Generate a greeting; Roots: 1",
            McpClients.Text(await CallAsync("test_input_required_result_multiple_inputs")));
        Assert.AreEqual("Multi-round complete for Ada who likes blue", McpClients.Text(await CallAsync("test_input_required_result_multi_round")));
        Assert.AreEqual("Found 1 root(s)", McpClients.Text(await CallAsync("test_input_required_result_list_roots")));
        Assert.AreEqual("Prompt with context: tests", ((TextContentBlock)(await Client.GetPromptAsync("test_input_required_result_prompt", cancellationToken: Timeout())).Messages.Single().Content).Text);
    }

    [TestMethod]
    public async Task ResourcesAndTemplatesAreListedAndRead()
    {
        var resources = await Client.ListResourcesAsync(cancellationToken: Timeout());
        CollectionAssert.AreEqual(
            new[] { "test://static-text static-text text/plain", "test://static-binary static-binary image/png", "test://watched-resource watched-resource text/plain" },
            resources.Select(r => $"{r.Uri} {r.Name} {r.ProtocolResource.MimeType}").ToArray());

        var templates = await Client.ListResourceTemplatesAsync(cancellationToken: Timeout());
        Assert.AreEqual("test://template/{id}/data template application/json", $"{templates.Single().UriTemplate} {templates.Single().Name} {templates.Single().ProtocolResourceTemplate.MimeType}");

        var text = (TextResourceContents)(await Client.ReadResourceAsync("test://static-text", cancellationToken: Timeout())).Contents.Single();
        Assert.AreEqual(("test://static-text", "text/plain", "This is the content of the static text resource."), (text.Uri, text.MimeType, text.Text));

        var binary = (BlobResourceContents)(await Client.ReadResourceAsync("test://static-binary", cancellationToken: Timeout())).Contents.Single();
        Assert.AreEqual(("test://static-binary", "image/png", Png), (binary.Uri, binary.MimeType, System.Text.Encoding.ASCII.GetString(binary.Blob.Span)));

        var data = (TextResourceContents)(await Client.ReadResourceAsync("test://template/123/data", cancellationToken: Timeout())).Contents.Single();
        Assert.AreEqual(("test://template/123/data", "application/json", """{"id":"123","templateTest":true,"data":"Data for ID: 123"}"""), (data.Uri, data.MimeType, data.Text));

        var decoded = (TextResourceContents)(await Client.ReadResourceAsync("test://template/a%20b/data", cancellationToken: Timeout())).Contents.Single();
        Assert.AreEqual("""{"id":"a b","templateTest":true,"data":"Data for ID: a b"}""", decoded.Text);
    }

    [TestMethod]
    public async Task PromptsAreListedAndRendered()
    {
        var prompts = await Client.ListPromptsAsync(cancellationToken: Timeout());
        CollectionAssert.AreEqual(
            new[] { "test_simple_prompt", "test_prompt_with_arguments(arg1*,arg2*)", "test_prompt_with_embedded_resource(resourceUri*)", "test_prompt_with_image", "test_input_required_result_prompt" },
            prompts.Select(p => p.ProtocolPrompt.Arguments is { Count: > 0 } a ? $"{p.Name}({string.Join(',', a.Select(x => x.Name + (x.Required == true ? "*" : "")))})" : p.Name).ToArray());
        Assert.IsTrue(prompts.All(p => !string.IsNullOrEmpty(p.Description)));

        var simple = await Client.GetPromptAsync("test_simple_prompt", cancellationToken: Timeout());
        Assert.AreEqual("user: This is a simple prompt for testing.", Describe(simple.Messages.Single()));

        var withArguments = await Client.GetPromptAsync("test_prompt_with_arguments", new Dictionary<string, object?> { ["arg1"] = "testValue1", ["arg2"] = "testValue2" }, cancellationToken: Timeout());
        Assert.AreEqual("user: Prompt with arguments: arg1='testValue1', arg2='testValue2'", Describe(withArguments.Messages.Single()));

        var embedded = await Client.GetPromptAsync("test_prompt_with_embedded_resource", new Dictionary<string, object?> { ["resourceUri"] = "test://example-resource" }, cancellationToken: Timeout());
        CollectionAssert.AreEqual(
            new[] { "user: resource test://example-resource text/plain Embedded resource content for testing.", "user: Please process the embedded resource above." },
            embedded.Messages.Select(Describe).ToArray());

        var image = await Client.GetPromptAsync("test_prompt_with_image", cancellationToken: Timeout());
        CollectionAssert.AreEqual(new[] { $"user: image image/png {Png}", "user: Please analyze the image above." }, image.Messages.Select(Describe).ToArray());
    }

    [TestMethod]
    public async Task AMissingPromptArgumentIsInvalidParams()
    {
        var error = await Assert.ThrowsExactlyAsync<McpProtocolException>(
            () => Client.GetPromptAsync("test_prompt_with_arguments", new Dictionary<string, object?> { ["arg1"] = "x" }, cancellationToken: Timeout()).AsTask());
        Assert.AreEqual(McpErrorCode.InvalidParams, error.ErrorCode);
        StringAssert.Contains(error.Message, "arg2");
    }

    [TestMethod]
    public async Task CompletionAsksTheNativeHandler()
    {
        var completion = await Client.CompleteAsync(new PromptReference { Name = "test_prompt_with_arguments" }, "arg1", "par", cancellationToken: Timeout());
        CollectionAssert.AreEqual(new[] { "paris", "park", "party" }, completion.Completion.Values.ToArray());
        var none = await Client.CompleteAsync(new PromptReference { Name = "test_prompt_with_arguments" }, "arg2", "x", cancellationToken: Timeout());
        Assert.IsEmpty(none.Completion.Values);
    }

    private static string Describe(PromptMessage message) => message.Role.ToString().ToLowerInvariant() + ": " + message.Content switch
    {
        TextContentBlock text => text.Text,
        ImageContentBlock image => $"image {image.MimeType} {System.Text.Encoding.ASCII.GetString(image.Data.Span)}",
        EmbeddedResourceBlock { Resource: TextResourceContents resource } => $"resource {resource.Uri} {resource.MimeType} {resource.Text}",
        var other => other.GetType().Name,
    };

    protected async Task<CallToolResult> CallAsync(string tool, params (string Name, object? Value)[] arguments) =>
        await Client.CallToolAsync(tool, arguments.ToDictionary(a => a.Name, a => a.Value), cancellationToken: Timeout());

    protected static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }
    }
}

/// <summary>Revision 2026-07-28: no handshake, logs at the level each request names, the methods it dropped.</summary>
public abstract class ModernFixtureTests : FixtureTests
{
    [TestMethod]
    public void TheClientNegotiatedTheCurrentRevision() => Assert.AreEqual("2026-07-28", Client.NegotiatedProtocolVersion);

    [TestMethod]
    public async Task NoLogMessageIsSentToARequestThatNamesNoLevel()
    {
        // Client 2.4.0 names no io.modelcontextprotocol/logLevel (it strips one given in RequestOptions.Meta), and
        // logging/setLevel is gone: the revision sends such a request no notifications/message at all.
        var messages = 0;
        await using var registration = Client.RegisterNotificationHandler(NotificationMethods.LoggingMessageNotification, (_, _) =>
        {
            Interlocked.Increment(ref messages);
            return ValueTask.CompletedTask;
        });

        Assert.AreEqual("Tool with logging executed successfully", McpClients.Text(await CallAsync("test_tool_with_logging")));
        await Task.Delay(300);
        Assert.AreEqual(0, Volatile.Read(ref messages));
    }

    [TestMethod]
    public async Task AnUnknownResourceIsInvalidParams()
    {
        var error = await Assert.ThrowsExactlyAsync<McpProtocolException>(() => Client.ReadResourceAsync("test://nothing", cancellationToken: Timeout()).AsTask());
        Assert.AreEqual(McpErrorCode.InvalidParams, error.ErrorCode);
        StringAssert.Contains(error.Message, "Resource not found: test://nothing");
    }

    [TestMethod]
    public async Task PingAndSubscribeAreGoneFromTheRevision()
    {
        // Over stdio the client raises the JSON-RPC error; over HTTP the 404 that carries it.
        var ping = await Assert.ThrowsAsync<Exception>(() => Client.PingAsync(cancellationToken: Timeout()).AsTask());
        StringAssert.Contains(ping.Message, "Method not found: ping");
        var subscribe = await Assert.ThrowsAsync<Exception>(() => Client.SubscribeToResourceAsync("test://watched-resource", cancellationToken: Timeout()));
        StringAssert.Contains(subscribe.Message, "Method not found: resources/subscribe");
    }
}

/// <summary>Revision 2025-11-25 and the handshake: what only that era has (logging/setLevel, subscriptions, ping).</summary>
public abstract class LegacyFixtureTests : FixtureTests
{
    [TestMethod]
    public void TheClientNegotiatedTheLatestHandshakeRevision() => Assert.AreEqual("2025-11-25", Client.NegotiatedProtocolVersion);

    [TestMethod]
    public async Task LogMessagesArriveBeforeTheResultAndFollowTheLevel()
    {
        var messages = new List<string>();
        await using var registration = Client.RegisterNotificationHandler(NotificationMethods.LoggingMessageNotification, (notification, _) =>
        {
            var p = notification.Params!;
            lock (messages)
            {
                messages.Add($"{p["level"]}: {p["data"]}");
            }

            return ValueTask.CompletedTask;
        });

        await Client.SetLoggingLevelAsync(LoggingLevel.Debug, cancellationToken: Timeout());
        Assert.AreEqual("Tool with logging executed successfully", McpClients.Text(await CallAsync("test_tool_with_logging")));
        await WaitForAsync(() => { lock (messages) { return messages.Count >= 3; } });
        lock (messages)
        {
            // Handled concurrently: ordered by text (the server sends them 50 ms apart, in order).
            CollectionAssert.AreEqual(
                new[] { "info: Tool execution completed", "info: Tool execution started", "info: Tool processing data" },
                messages.Order(StringComparer.Ordinal).ToArray(),
                string.Join(", ", messages));
            messages.Clear();
        }

        await Client.SetLoggingLevelAsync(LoggingLevel.Warning, cancellationToken: Timeout());
        await CallAsync("test_tool_with_logging");
        await Task.Delay(200);
        lock (messages)
        {
            Assert.IsEmpty(messages);
        }
    }

    [TestMethod]
    public async Task AnUnknownResourceIsResourceNotFound()
    {
        var error = await Assert.ThrowsExactlyAsync<McpProtocolException>(() => Client.ReadResourceAsync("test://nothing", cancellationToken: Timeout()).AsTask());
        Assert.AreEqual((McpErrorCode)(-32002), error.ErrorCode);
        StringAssert.Contains(error.Message, "Resource not found: test://nothing");
    }

    [TestMethod]
    public async Task TheWatchedResourceCanBeSubscribedAndUnsubscribed()
    {
        await Client.SubscribeToResourceAsync("test://watched-resource", cancellationToken: Timeout());
        await Client.UnsubscribeFromResourceAsync("test://watched-resource", cancellationToken: Timeout());
        var error = await Assert.ThrowsExactlyAsync<McpProtocolException>(() => Client.SubscribeToResourceAsync("test://static-text", cancellationToken: Timeout()));
        Assert.AreEqual(McpErrorCode.InvalidParams, error.ErrorCode);
        StringAssert.Contains(error.Message, "resource 'test://static-text' does not support subscriptions");
    }

    [TestMethod]
    public async Task PingIsAnswered() => await Client.PingAsync(cancellationToken: Timeout());
}

[TestClass]
public sealed class FixtureOverStdioTests : ModernFixtureTests
{
    private static FixtureConnection? s_connection;

    protected override McpClient Client => s_connection?.Client ?? throw new InvalidOperationException("not connected");

    [ClassInitialize]
    public static async Task ConnectAsync(TestContext context) => s_connection = await FixtureConnection.StdioAsync("2026-07-28");

    [ClassCleanup]
    public static async Task DisconnectAsync() => await FixtureConnection.EndAsync(s_connection);
}

[TestClass]
public sealed class FixtureOverHttpTests : ModernFixtureTests
{
    private static FixtureConnection? s_connection;

    protected override McpClient Client => s_connection?.Client ?? throw new InvalidOperationException("not connected");

    [ClassInitialize]
    public static async Task ConnectAsync(TestContext context) => s_connection = await FixtureConnection.HttpAsync("2026-07-28");

    [ClassCleanup]
    public static async Task DisconnectAsync() => await FixtureConnection.EndAsync(s_connection);
}

[TestClass]
public sealed class FixtureOverStdioLegacyTests : LegacyFixtureTests
{
    private static FixtureConnection? s_connection;

    protected override McpClient Client => s_connection?.Client ?? throw new InvalidOperationException("not connected");

    [ClassInitialize]
    public static async Task ConnectAsync(TestContext context) => s_connection = await FixtureConnection.StdioAsync("2025-11-25");

    [ClassCleanup]
    public static async Task DisconnectAsync() => await FixtureConnection.EndAsync(s_connection);
}

[TestClass]
public sealed class FixtureOverHttpLegacyTests : LegacyFixtureTests
{
    private static FixtureConnection? s_connection;

    protected override McpClient Client => s_connection?.Client ?? throw new InvalidOperationException("not connected");

    [ClassInitialize]
    public static async Task ConnectAsync(TestContext context) => s_connection = await FixtureConnection.HttpAsync("2025-11-25");

    [ClassCleanup]
    public static async Task DisconnectAsync() => await FixtureConnection.EndAsync(s_connection);
}

/// <summary>The HTTP+SSE transport of revision 2024-11-05 (GET /sse, POST /message) with the official client's SSE mode.</summary>
[TestClass]
public sealed class FixtureOverHttpSseTests : LegacyFixtureTests
{
    private static FixtureConnection? s_connection;

    protected override McpClient Client => s_connection?.Client ?? throw new InvalidOperationException("not connected");

    [ClassInitialize]
    public static async Task ConnectAsync(TestContext context) => s_connection = await FixtureConnection.HttpAsync("2025-11-25", HttpTransportMode.Sse);

    [ClassCleanup]
    public static async Task DisconnectAsync() => await FixtureConnection.EndAsync(s_connection);
}

/// <summary>The fixture built and served over one transport, and the official client connected to it at one revision.</summary>
internal sealed record FixtureConnection(McpClient Client, ServerProcess? Server)
{
    public static async Task<FixtureConnection> StdioAsync(string version)
    {
        await DotNet.BuildAsync(FixtureTests.Project);
        return new(await McpClients.ConnectAsync(FixtureTests.AppHost, ["--transport", "stdio"], FixtureTests.Options(version)), null);
    }

    public static async Task<FixtureConnection> HttpAsync(string version, HttpTransportMode mode = HttpTransportMode.StreamableHttp)
    {
        await DotNet.BuildAsync(FixtureTests.Project);
        var server = await ServerProcess.StartHttpAsync(FixtureTests.AppHost);

        // The SSE mode opens the event stream at /sse and POSTs where its endpoint event says.
        var endpoint = mode == HttpTransportMode.Sse ? new Uri(server.Url, "/sse") : server.Url;
        var transport = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = endpoint, TransportMode = mode });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return new(await McpClient.CreateAsync(transport, FixtureTests.Options(version), cancellationToken: cts.Token), server);
    }

    public static async Task EndAsync(FixtureConnection? connection)
    {
        if (connection is null)
        {
            return;
        }

        await connection.Client.DisposeAsync();
        if (connection.Server is not null)
        {
            await connection.Server.DisposeAsync();
        }
    }
}
