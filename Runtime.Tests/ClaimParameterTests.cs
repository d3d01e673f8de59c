using System.Text;
using PForge.Runtime.Generated;
using PForge.Runtime.Tests.Support;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Tests;

/// <summary>
/// A parameter bound to the caller's identity (<c>claim: sub</c>, tool <c>whoami</c> of test-server.yaml), through the
/// generated argument reader and dispatch: the client may not send it, and the caller's subject fills it.
/// </summary>
[TestClass]
public sealed class ClaimParameterTests
{
    [TestMethod]
    public void TheParameterIsFilledFromTheCallersSubject()
    {
        var server = new PForgeServer();
        var result = server.CallToolAsync(server.FindTool("whoami"), "{}"u8, new ToolContext(new ToolUser("api_key", "ci-bot", ["admin"]))).AsTask().GetAwaiter().GetResult();
        Assert.AreEqual("""{"content":[{"type":"text","text":"ci-bot"}]}""", Json(result));
    }

    [TestMethod]
    public void AClientSendingTheParameterIsRefused()
    {
        var server = new PForgeServer();
        var result = server.CallToolAsync(server.FindTool("whoami"), """{"caller":"someone-else"}"""u8, new ToolContext(new ToolUser("api_key", "ci-bot", []))).AsTask().GetAwaiter().GetResult();
        Assert.AreEqual($$"""{"content":[{"type":"text","text":"{{ClaimArgument.SentByClient("caller", "sub")}}"}],"isError":true}""", Json(result));
    }

    [TestMethod]
    public void OverStdioThereIsNoCallerToFillIt()
    {
        var harness = SessionHarness.Initialized();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"result":{"content":[{"type":"text","text":"Parameter 'caller' comes from the caller's identity (claim 'sub'), and this call has no authenticated caller: serve over HTTP with forge.http.auth"}],"isError":true}}""",
            harness.Single("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"whoami","arguments":{}}}"""));
    }

    [TestMethod]
    public void ScopesOfTheGeneratedServerAreThoseOfTheYaml()
    {
        var server = new PForgeServer();
        Assert.IsTrue(server.HasScopedItems);
        CollectionAssert.AreEqual(new[] { "admin" }, server.ToolScopes(server.FindTool("whoami_scoped")).ToArray());
        Assert.IsEmpty(server.ToolScopes(server.FindTool("whoami")));
        CollectionAssert.AreEqual(new[] { "admin" }, server.PromptScopes(server.FindPrompt("admin_prompt")).ToArray());
        CollectionAssert.AreEqual(new[] { "admin" }, server.ResourceScopes(0).ToArray());
        CollectionAssert.AreEqual(new[] { "admin" }, server.ResourceScopesOf("test://admin-notes").ToArray());
        Assert.IsEmpty(server.ResourceScopesOf("test://elsewhere"));
    }

    private static string Json(ToolResult result)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            result.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
