// Logging and sampling are deprecated in revision 2026-07-28 (SEP-2577), but 2025-11-25 (what clients speak today) has them.
#pragma warning disable MCP9005

using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace PForge.IntegrationTests;

/// <summary>
/// samples/notes over stdio with the official C# client: native resource, prompt and completion handlers, and every
/// ToolContext feature (subscriptions and updates, logging, progress, sampling, elicitation), with exact texts.
/// </summary>
[TestClass]
public sealed class NotesTests
{
    private static string AppHost => Path.Combine(DotNet.Sample("notes"), "bin", "Debug", "net10.0", "Notes");

    private static string s_confirm = "accept";

    [ClassInitialize]
    public static async Task BuildAsync(TestContext context)
    {
        _ = context;
        await DotNet.BuildAsync(Path.Combine(DotNet.Sample("notes"), "Notes.csproj"));
    }

    [TestMethod]
    public async Task ANewNoteIsAnnouncedToSubscribersAndLogged()
    {
        // resources/subscribe and logging/setLevel are of the handshake era.
        await using var client = await ConnectAsync(Options("2025-11-25"));
        var updates = new List<string>();
        var logs = new List<string>();
        await using var onLog = client.RegisterNotificationHandler(NotificationMethods.LoggingMessageNotification, (n, _) =>
        {
            lock (logs)
            {
                logs.Add($"{n.Params!["level"]} {n.Params["logger"]}: {n.Params["data"]}");
            }

            return ValueTask.CompletedTask;
        });
        await client.SubscribeToResourceAsync("notes://index", (update, _) =>
        {
            lock (updates)
            {
                updates.Add(update.Uri);
            }

            return ValueTask.CompletedTask;
        }, cancellationToken: Timeout());

        Assert.AreEqual("Saved note 'shop'.", McpClients.Text(await AddAsync(client, "shop", "milk, eggs")));
        Assert.AreEqual("Replaced note 'shop'.", McpClients.Text(await AddAsync(client, "shop", "milk, eggs, bread")));
        // Notifications are handled by the client on its own schedule: wait for them rather than assume they came first.
        await WaitForAsync(() => { lock (updates) { lock (logs) { return updates.Count >= 1 && logs.Count >= 2; } } });
        lock (updates)
        {
            CollectionAssert.AreEqual(new[] { "notes://index" }, updates, "the index changes only when a note is new: " + string.Join(", ", updates));
        }

        lock (logs)
        {
            CollectionAssert.AreEqual(new[] { "info notes: saved note 'shop'", "info notes: saved note 'shop'" }, logs, string.Join(", ", logs));
        }

        var note = (TextResourceContents)(await client.ReadResourceAsync("notes://shop", cancellationToken: Timeout())).Contents.Single();
        Assert.AreEqual(("notes://shop", "text/plain", "milk, eggs, bread"), (note.Uri, note.MimeType, note.Text));
        var index = (TextResourceContents)(await client.ReadResourceAsync("notes://index", cancellationToken: Timeout())).Contents.Single();
        Assert.AreEqual("shop", index.Text);
    }

    [TestMethod]
    public async Task AnUnknownNoteIsResourceNotFoundAndABadIdIsRefused()
    {
        await using var client = await ConnectAsync();
        var error = await Assert.ThrowsExactlyAsync<McpProtocolException>(() => client.ReadResourceAsync("notes://nothing", cancellationToken: Timeout()).AsTask());

        // Revision 2026-07-28 names a missing resource Invalid params; -32002 in the handshake era (the legacy fixture tests).
        Assert.AreEqual(McpErrorCode.InvalidParams, error.ErrorCode);
        var bad = await AddAsync(client, "Not An Id", "x");
        Assert.IsTrue(bad.IsError);
        Assert.AreEqual("Parameter 'id' must match the pattern '^[a-z0-9-]{1,32}$'", McpClients.Text(bad));
    }

    [TestMethod]
    public async Task TheReadmeIsEmbeddedAtBuildTime()
    {
        await using var client = await ConnectAsync();
        var readme = (TextResourceContents)(await client.ReadResourceAsync("notes://readme", cancellationToken: Timeout())).Contents.Single();
        Assert.AreEqual(File.ReadAllText(Path.Combine(DotNet.Sample("notes"), "README.md")), readme.Text);
        Assert.AreEqual("text/markdown", readme.MimeType);
    }

    [TestMethod]
    public async Task PromptsEmbedTheNoteAndCheckTheirArguments()
    {
        await using var client = await ConnectAsync();
        await AddAsync(client, "trip", "Lisbon in May");
        var summary = await client.GetPromptAsync("summarize", new Dictionary<string, object?> { ["id"] = "trip", ["style"] = "detailed" }, cancellationToken: Timeout());
        Assert.AreEqual("Summary of note 'trip'", summary.Description);
        var embedded = (TextResourceContents)((EmbeddedResourceBlock)summary.Messages[0].Content).Resource;
        Assert.AreEqual(("notes://trip", "Lisbon in May"), (embedded.Uri, embedded.Text));
        Assert.AreEqual("Summarize the note above in a detailed summary.", ((TextContentBlock)summary.Messages[1].Content).Text);

        var brainstorm = await client.GetPromptAsync("brainstorm", new Dictionary<string, object?> { ["topic"] = "cats" }, cancellationToken: Timeout());
        CollectionAssert.AreEqual(
            new[] { "User: Let's brainstorm about cats. Give me five ideas, one line each.", "Assistant: Five ideas about cats:" },
            brainstorm.Messages.Select(m => $"{m.Role}: {((TextContentBlock)m.Content).Text}").ToArray());

        var wrongStyle = await Assert.ThrowsExactlyAsync<McpProtocolException>(() =>
            client.GetPromptAsync("summarize", new Dictionary<string, object?> { ["id"] = "trip", ["style"] = "long" }, cancellationToken: Timeout()).AsTask());
        Assert.AreEqual(McpErrorCode.InvalidParams, wrongStyle.ErrorCode);
        StringAssert.Contains(wrongStyle.Message, "Argument 'style' of prompt 'summarize' must be one of: short, detailed");

        var missing = await Assert.ThrowsExactlyAsync<McpProtocolException>(() =>
            client.GetPromptAsync("summarize", new Dictionary<string, object?>(), cancellationToken: Timeout()).AsTask());
        StringAssert.Contains(missing.Message, "Missing required argument: 'id' for prompt 'summarize'");
    }

    [TestMethod]
    public async Task CompletionSuggestsNoteIdsAndEnumValues()
    {
        await using var client = await ConnectAsync();
        await AddAsync(client, "alpha", "a");
        await AddAsync(client, "alps", "b");
        await AddAsync(client, "beta", "c");
        var ids = await client.CompleteAsync(new ResourceTemplateReference { Uri = "notes://{id}" }, "id", "al", cancellationToken: Timeout());
        CollectionAssert.AreEqual(new[] { "alpha", "alps" }, ids.Completion.Values.ToArray());
        var styles = await client.CompleteAsync(new PromptReference { Name = "summarize" }, "style", "", cancellationToken: Timeout());
        CollectionAssert.AreEqual(new[] { "short", "detailed" }, styles.Completion.Values.ToArray());
    }

    [TestMethod]
    public async Task ExportReportsProgressNoteByNote()
    {
        await using var client = await ConnectAsync();
        await AddAsync(client, "one", "1");
        await AddAsync(client, "two", "2");
        // A session-wide handler sees every notification, even one the client handles after the call's response.
        var seen = new List<string>();
        await using var registration = client.RegisterNotificationHandler(NotificationMethods.ProgressNotification, (notification, _) =>
        {
            var p = notification.Params!;
            lock (seen)
            {
                seen.Add($"{p["progress"]}/{p["total"]} {p["message"]}");
            }

            return ValueTask.CompletedTask;
        });
        var result = await client.CallToolAsync("export_notes", new Dictionary<string, object?>(), new Progress<ProgressNotificationValue>(), cancellationToken: Timeout());
        Assert.AreEqual("# one\n1\n# two\n2\n", McpClients.Text(result));
        await WaitForAsync(() => { lock (seen) { return seen.Count >= 2; } });
        lock (seen)
        {
            // Handled concurrently: ordered by value (the server sends them in order).
            CollectionAssert.AreEqual(new[] { "1/2 exported 'one'", "2/2 exported 'two'" }, seen.Order(StringComparer.Ordinal).ToArray(), string.Join(", ", seen));
        }
    }

    [TestMethod]
    public async Task SuggestTitleAsksTheClientsModel()
    {
        CreateMessageRequestParams? asked = null;
        var options = Options();
        options.Handlers.SamplingHandler = (request, _, _) =>
        {
            asked = request;
            return ValueTask.FromResult(new CreateMessageResult { Role = Role.Assistant, Content = [new TextContentBlock { Text = " Groceries \n" }], Model = "m" });
        };
        await using var client = await ConnectAsync(options);
        await AddAsync(client, "shop", "milk");
        Assert.AreEqual("Groceries", McpClients.Text(await client.CallToolAsync("suggest_title", new Dictionary<string, object?> { ["id"] = "shop" }, cancellationToken: Timeout())));
        Assert.AreEqual("You write short titles.", asked!.SystemPrompt);
        Assert.AreEqual(30, asked.MaxTokens);
        Assert.AreEqual("Suggest a title of at most six words for this note:\nmilk", ((TextContentBlock)asked.Messages.Single().Content.Single()).Text);
    }

    [TestMethod]
    public async Task ClearingAsksTheUserFirst()
    {
        await using var client = await ConnectAsync();
        await AddAsync(client, "keep", "x");
        s_confirm = "decline";
        Assert.AreEqual("Nothing was deleted.", McpClients.Text(await client.CallToolAsync("clear_notes", cancellationToken: Timeout())));
        s_confirm = "accept";
        Assert.AreEqual("Every note was deleted.", McpClients.Text(await client.CallToolAsync("clear_notes", cancellationToken: Timeout())));
        Assert.AreEqual(string.Empty, ((TextResourceContents)(await client.ReadResourceAsync("notes://index", cancellationToken: Timeout())).Contents.Single()).Text);
    }

    /// <summary>The client's options: unpinned (it negotiates 2026-07-28 after its probe) unless a test pins a revision.</summary>
    private static McpClientOptions Options(string? version = null) => new()
    {
        ClientInfo = new Implementation { Name = "pforge-notes-tests", Version = "1.0.0" },
        ProtocolVersion = version,
        InitializationTimeout = TimeSpan.FromSeconds(30),
        Handlers = new McpClientHandlers
        {
            ElicitationHandler = (request, _) => ValueTask.FromResult(new ElicitResult
            {
                Action = s_confirm,
                Content = s_confirm == "accept" ? new Dictionary<string, JsonElement> { ["confirm"] = JsonSerializer.SerializeToElement(true) } : null,
            }),
        },
    };

    // Each test gets its own server process, so the in-memory notes start empty.
    private static Task<McpClient> ConnectAsync(McpClientOptions? options = null) => McpClients.ConnectAsync(AppHost, [], options ?? Options());

    private static async Task<CallToolResult> AddAsync(McpClient client, string id, string text) =>
        await client.CallToolAsync("add_note", new Dictionary<string, object?> { ["id"] = id, ["text"] = text }, cancellationToken: Timeout());

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }
    }
}
