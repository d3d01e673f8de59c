using System.Diagnostics;
using System.Text;
using System.Text.Json;
using PForge.Runtime.Protocol;
using PForge.Runtime.Server;
using PForge.Runtime.Tests.Support;
using PForge.Runtime.Tools;
using PForge.Runtime.Tools.Http;
using PForge.Runtime.Tools.Templating;

namespace PForge.Runtime.Tests;

/// <summary>
/// <see cref="HttpToolRunner"/> against a real Kestrel server on 127.0.0.1: what reaches the server (escaped path and
/// query, headers, credentials, body), what comes back (JSON, text, binary, errors, caps) and how a request is stopped.
/// </summary>
[TestClass]
public sealed class HttpToolRunnerTests
{
    private static LocalHttpServer s_server = null!;

    private static readonly string[] Secrets =
    [
        LocalHttpServer.BearerToken,
        LocalHttpServer.BasicPassword,
        LocalHttpServer.ApiKey,
        Convert.ToBase64String(Encoding.UTF8.GetBytes(LocalHttpServer.BasicUser + ":" + LocalHttpServer.BasicPassword)),
    ];

    [ClassInitialize]
    public static async Task StartServer(TestContext _) => s_server = await LocalHttpServer.StartAsync();

    [ClassCleanup]
    public static async Task StopServer() => await s_server.DisposeAsync();

    [TestMethod]
    public async Task AJsonObjectBodyIsStructuredContentAndText()
    {
        var result = await SendAsync(new HttpInvocation { Method = "GET", Url = s_server.BaseUrl + "/echo" });
        Assert.IsFalse(result.IsError, result.TextContent);
        var written = JsonDocument.Parse(Write(result)).RootElement;
        var structured = written.GetProperty("structuredContent");
        Assert.AreEqual("GET", structured.GetProperty("method").GetString());
        Assert.AreEqual("/echo", structured.GetProperty("target").GetString());
        Assert.AreEqual(result.TextContent, written.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.AreEqual("GET", JsonDocument.Parse(result.TextContent!).RootElement.GetProperty("method").GetString());
    }

    [TestMethod]
    public async Task HostilePathAndQueryValuesStayOneSegmentAndOneValue()
    {
        string[] hostile = ["../../etc/passwd", "..", ".", "a?b=c", "x#frag", "a&b=c", "sp ace+plus", "é ✓ 😀", "%2F", "a/b", "\\", "?"];
        foreach (var value in hostile)
        {
            var result = await SendAsync(new HttpInvocation
            {
                Method = "GET",
                Url = string.Concat(s_server.BaseUrl, "/echo/", TemplateFormat.PathSegment(value), "/end"),
                Query = [new("q", value), new("name with space", "v")],
            });
            Assert.IsFalse(result.IsError, result.TextContent);
            var echo = JsonDocument.Parse(result.TextContent!).RootElement;
            var segment = value switch { "." => "%2E", ".." => "%2E%2E", _ => Uri.EscapeDataString(value) };
            Assert.AreEqual(
                $"/echo/{segment}/end?q={Uri.EscapeDataString(value)}&name%20with%20space=v",
                echo.GetProperty("target").GetString(),
                value);
            Assert.AreEqual(value, echo.GetProperty("query").GetProperty("q").GetString(), value);
            Assert.AreEqual("v", echo.GetProperty("query").GetProperty("name with space").GetString(), value);
        }
    }

    [TestMethod]
    public void PathSegmentsAndQueryValuesEscapeEverythingReserved()
    {
        Assert.AreEqual("..%2F..%2Fetc", TemplateFormat.PathSegment("../../etc"));
        Assert.AreEqual("%2E%2E", TemplateFormat.PathSegment(".."));
        Assert.AreEqual("%2E", TemplateFormat.PathSegment("."));
        Assert.AreEqual("a%3Fb%3Dc%23d%26e%20f", TemplateFormat.PathSegment("a?b=c#d&e f"));
        Assert.AreEqual("%C3%A9", TemplateFormat.QueryValue("é"));
        Assert.AreEqual("a%26b%3Dc%2B", TemplateFormat.QueryValue("a&b=c+"));
        Assert.AreEqual("eu.api", TemplateFormat.Host("eu.api"));
        Assert.ThrowsExactly<ToolException>(() => TemplateFormat.Host("evil.com/x"));
        Assert.ThrowsExactly<ToolException>(() => TemplateFormat.Host("user@evil.com"));
    }

    [TestMethod]
    public async Task HeadersAndEachAuthenticationArrive()
    {
        var bearer = await EchoAsync([new("X-Custom", "hello"), new("Authorization", "Bearer " + LocalHttpServer.BearerToken)]);
        Assert.IsTrue(bearer.GetProperty("bearer_ok").GetBoolean());
        Assert.AreEqual("hello", bearer.GetProperty("x_custom").GetString());

        var basic = await EchoAsync([new("Authorization", HttpToolRunner.Basic(LocalHttpServer.BasicUser, LocalHttpServer.BasicPassword))]);
        Assert.IsTrue(basic.GetProperty("basic_ok").GetBoolean());

        var apikey = await EchoAsync([new("X-Api-Key", LocalHttpServer.ApiKey)]);
        Assert.IsTrue(apikey.GetProperty("apikey_ok").GetBoolean());
        Assert.IsFalse(apikey.GetProperty("has_authorization").GetBoolean());
    }

    [TestMethod]
    public async Task AHeaderValueWithALineBreakIsRefusedWithoutQuotingIt()
    {
        var before = s_server.Targets.Count;
        var result = await SendAsync(new HttpInvocation
        {
            Method = "GET",
            Url = s_server.BaseUrl + "/echo",
            Headers = [new("X-Custom", "a\r\nX-Injected: " + LocalHttpServer.ApiKey)],
        });
        Assert.IsTrue(result.IsError);
        Assert.AreEqual(
            $"Request GET {s_server.BaseUrl}/echo could not be sent: the value of header 'X-Custom' contains a line break or NUL character, which a header cannot hold",
            result.TextContent);
        Assert.AreEqual(before, s_server.Targets.Count, "nothing was sent");
    }

    [TestMethod]
    public async Task SecretsNeverAppearInAnyResultOrError()
    {
        string[] paths = ["/status/500", "/status/401", "/big", "/slow", "/echo", "/binary", "/redirect/9"];
        foreach (var path in paths)
        {
            foreach (var auth in AllAuthHeaders())
            {
                var result = await SendAsync(new HttpInvocation
                {
                    Method = "POST",
                    Url = s_server.BaseUrl + path,
                    Headers = auth,
                    Body = "{}",
                    ContentType = "application/json",
                    Timeout = TimeSpan.FromMilliseconds(300),
                    MaxResponseBytes = 1000,
                });
                var written = Write(result);
                foreach (var secret in Secrets)
                {
                    Assert.DoesNotContain(secret, written, path);
                }
            }
        }
    }

    [TestMethod]
    public async Task AJsonBodyPassesThroughUnchanged()
    {
        const string Body = """{"a":[1,2.5e3,{"b":null}],"s":"é \"q\""}""";
        foreach (var method in new[] { "POST", "PUT", "PATCH" })
        {
            var result = await SendAsync(new HttpInvocation { Method = method, Url = s_server.BaseUrl + "/echo", Body = Body, ContentType = "application/json" });
            var echo = JsonDocument.Parse(result.TextContent!).RootElement;
            Assert.AreEqual(method, echo.GetProperty("method").GetString());
            Assert.AreEqual(Body, echo.GetProperty("body").GetString());
            Assert.AreEqual("application/json; charset=utf-8", echo.GetProperty("content_type").GetString());
        }

        var overridden = await SendAsync(new HttpInvocation
        {
            Method = "POST",
            Url = s_server.BaseUrl + "/echo",
            Body = "a=1",
            ContentType = "text/plain",
            Headers = [new("Content-Type", "application/x-www-form-urlencoded")],
        });
        Assert.AreEqual("application/x-www-form-urlencoded", JsonDocument.Parse(overridden.TextContent!).RootElement.GetProperty("content_type").GetString());
    }

    [TestMethod]
    public async Task ANon2xxStatusIsAnErrorWithAnExcerpt()
    {
        var result = await SendAsync(new HttpInvocation { Method = "GET", Url = s_server.BaseUrl + "/status/404", Query = [new("q", "x y")] });
        Assert.IsTrue(result.IsError);
        Assert.AreEqual(
            $"HTTP 404 Not Found from GET {s_server.BaseUrl}/status/404?q=x%20y: nope: {new string('x', 494)}…",
            result.TextContent);
    }

    [TestMethod]
    public async Task AResponseOverTheCapIsAnErrorNeverCut()
    {
        foreach (var path in new[] { "/big", "/big-chunked" })
        {
            var result = await SendAsync(new HttpInvocation { Method = "GET", Url = s_server.BaseUrl + path, MaxResponseBytes = 1000 });
            Assert.IsTrue(result.IsError, path);
            Assert.AreEqual(
                $"Response to GET {s_server.BaseUrl}{path} (HTTP 200 OK) is larger than the limit of 1000 bytes (max_response_bytes); nothing of it is returned",
                result.TextContent);
        }

        var fits = await SendAsync(new HttpInvocation { Method = "GET", Url = s_server.BaseUrl + "/big", MaxResponseBytes = 5000 });
        Assert.AreEqual(new string('b', 5000), fits.TextContent);
    }

    [TestMethod]
    public async Task ATimeoutAbortsTheRequest()
    {
        var watch = Stopwatch.StartNew();
        var result = await SendAsync(new HttpInvocation { Method = "GET", Url = s_server.BaseUrl + "/slow", Timeout = TimeSpan.FromMilliseconds(300) });
        Assert.IsTrue(result.IsError);
        Assert.AreEqual($"Request GET {s_server.BaseUrl}/slow timed out after 300 ms", result.TextContent);
        Assert.IsLessThan(TimeSpan.FromSeconds(5), watch.Elapsed);
    }

    [TestMethod]
    public async Task TheClientsCancellationAbortsTheRequest()
    {
        var context = new ToolContext();
        var pending = HttpToolRunner.SendAsync(new HttpInvocation { Method = "GET", Url = s_server.BaseUrl + "/slow" }, context).AsTask();
        await Task.Delay(200);
        context.Cancel();
        var result = await pending.WaitAsync(TestTimeouts.Wait);
        Assert.IsTrue(result.IsError);
        Assert.AreEqual($"Request GET {s_server.BaseUrl}/slow was cancelled", result.TextContent);
    }

    [TestMethod]
    public async Task RedirectsAreFollowedUpToFive()
    {
        var five = await SendAsync(new HttpInvocation { Method = "GET", Url = s_server.BaseUrl + "/redirect/5" });
        Assert.IsFalse(five.IsError, five.TextContent);
        Assert.AreEqual("arrived", five.TextContent);

        var six = await SendAsync(new HttpInvocation { Method = "GET", Url = s_server.BaseUrl + "/redirect/6" });
        Assert.IsTrue(six.IsError);
        Assert.AreEqual($"HTTP 302 Found from GET {s_server.BaseUrl}/redirect/6", six.TextContent);
    }

    [TestMethod]
    public async Task ARedirectToAnotherOriginCarriesNoDeclaredHeader()
    {
        var result = await SendAsync(new HttpInvocation
        {
            Method = "GET",
            Url = s_server.BaseUrl + "/cross",
            Headers = [new("Authorization", "Bearer " + LocalHttpServer.BearerToken), new("X-Api-Key", LocalHttpServer.ApiKey), new("X-Custom", "c")],
        });
        Assert.IsFalse(result.IsError, result.TextContent);
        var echo = JsonDocument.Parse(result.TextContent!).RootElement;
        Assert.IsFalse(echo.GetProperty("has_authorization").GetBoolean());
        Assert.IsFalse(echo.GetProperty("apikey_ok").GetBoolean());
        Assert.AreEqual(JsonValueKind.Null, echo.GetProperty("x_custom").ValueKind);
    }

    [TestMethod]
    public async Task SecretsNeverReachTheServerLog()
    {
        // The debug log is the most talkative place: a call with every kind of secret, answered and failed, logs none.
        var log = new StringWriter();
        var context = new ToolContext(new CallChannel(new PForge.Runtime.Telemetry.ServerLog(log, PForge.Runtime.Telemetry.ServerLogLevel.Debug)));
        IReadOnlyList<KeyValuePair<string, string>> secrets = [new("Authorization", "Bearer " + LocalHttpServer.BearerToken), new("X-Api-Key", LocalHttpServer.ApiKey)];
        foreach (var path in new[] { "/echo", "/fail", "/redirect/1" })
        {
            await HttpToolRunner.SendAsync(new HttpInvocation { Method = "GET", Url = s_server.BaseUrl + path, Headers = secrets }, context).AsTask().WaitAsync(TestTimeouts.Wait);
        }

        StringAssert.Contains(log.ToString(), "http tool:");
        Assert.DoesNotContain(LocalHttpServer.BearerToken, log.ToString());
        Assert.DoesNotContain(LocalHttpServer.ApiKey, log.ToString());
    }

    [TestMethod]
    public async Task OtherBodiesAreTextOrBase64()
    {
        var binary = await SendAsync(new HttpInvocation { Method = "GET", Url = s_server.BaseUrl + "/binary" });
        Assert.AreEqual("[binary body: 6 bytes, image/png] base64:iVBORwD/", binary.TextContent);

        var array = await SendAsync(new HttpInvocation { Method = "GET", Url = s_server.BaseUrl + "/array" });
        Assert.AreEqual("""{"content":[{"type":"text","text":"[1,2,3]"}]}""", Write(array));

        var text = await SendAsync(new HttpInvocation { Method = "GET", Url = s_server.BaseUrl + "/text" });
        Assert.AreEqual("plain é ✓", text.TextContent);

        var empty = await SendAsync(new HttpInvocation { Method = "DELETE", Url = s_server.BaseUrl + "/empty" });
        Assert.IsFalse(empty.IsError);
        Assert.AreEqual("HTTP 204 No Content (empty body)", empty.TextContent);
    }

    [TestMethod]
    public async Task AnUnreachableHostIsAnError()
    {
        var result = await SendAsync(new HttpInvocation { Method = "GET", Url = "http://127.0.0.1:1/x", Headers = [new("Authorization", "Bearer " + LocalHttpServer.BearerToken)] });
        Assert.IsTrue(result.IsError);
        StringAssert.StartsWith(result.TextContent, "Request GET http://127.0.0.1:1/x failed: ");
        Assert.DoesNotContain(LocalHttpServer.BearerToken, result.TextContent!);
    }

    private static IEnumerable<IReadOnlyList<KeyValuePair<string, string>>> AllAuthHeaders() =>
    [
        [new("Authorization", "Bearer " + LocalHttpServer.BearerToken)],
        [new("Authorization", HttpToolRunner.Basic(LocalHttpServer.BasicUser, LocalHttpServer.BasicPassword))],
        [new("X-Api-Key", LocalHttpServer.ApiKey)],
    ];

    private static async Task<JsonElement> EchoAsync(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var result = await SendAsync(new HttpInvocation { Method = "GET", Url = s_server.BaseUrl + "/echo", Headers = headers });
        Assert.IsFalse(result.IsError, result.TextContent);
        return JsonDocument.Parse(result.TextContent!).RootElement;
    }

    private static Task<ToolResult> SendAsync(HttpInvocation invocation) =>
        HttpToolRunner.SendAsync(invocation, new ToolContext()).AsTask().WaitAsync(TestTimeouts.Wait);

    private static string Write(ToolResult result)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, JsonScratch.WriterOptions))
        {
            result.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
