namespace PForge.Runtime.Tests.Features;

[TestClass]
public sealed class PromptAndCompletionTests
{
    [TestMethod]
    public void PromptsAreListedAndRenderedWithRolesAndDescription()
    {
        var harness = new FeatureHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"prompts":[{"name":"greet","arguments":[{"name":"name","required":true},{"name":"style","required":false}]}]}}""",
            harness.Single("""{"jsonrpc":"2.0","id":1,"method":"prompts/list"}"""));
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":2,"result":{"description":"A greeting","messages":[{"role":"user","content":{"type":"text","text":"Greet Ada in a formal way."}},{"role":"assistant","content":{"type":"text","text":"Hello!"}}]}}""",
            harness.Single("""{"jsonrpc":"2.0","id":2,"method":"prompts/get","params":{"name":"greet","arguments":{"name":"Ada","style":"formal"}}}"""));
    }

    [TestMethod]
    public void AMissingRequiredArgumentIsInvalidParams()
    {
        var harness = new FeatureHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Missing required argument 'name' of prompt 'greet'"}}""",
            harness.Single("""{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"greet"}}"""));
    }

    [TestMethod]
    [DataRow("""{"name":"nope"}""", "Unknown prompt: 'nope'")]
    [DataRow("""{"arguments":{}}""", "Invalid params: prompts/get needs \\\"name\\\" (a string)")]
    [DataRow("""{"name":"greet","arguments":{"name":3}}""", "Invalid params: arguments 'name' must be a string")]
    [DataRow("""{"name":"greet","arguments":[]}""", "Invalid params: \\\"arguments\\\" must be an object of strings")]
    public void BadPromptRequestsAreInvalidParams(string parameters, string message)
    {
        var harness = new FeatureHarness();
        Assert.AreEqual(
            $$$"""{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"{{{message}}}"}}""",
            harness.Single($$$"""{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{{{parameters}}}}"""));
    }

    [TestMethod]
    public void CompletionFiltersCandidatesByPrefix()
    {
        var harness = new FeatureHarness();
        Assert.AreEqual(
            """{"jsonrpc":"2.0","id":1,"result":{"completion":{"values":["friendly"],"total":1,"hasMore":false}}}""",
            harness.Single("""{"jsonrpc":"2.0","id":1,"method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"greet"},"argument":{"name":"style","value":"FR"},"context":{"arguments":{"name":"Ada"}}}}"""));
    }

    [TestMethod]
    [DataRow("""{"argument":{"name":"style","value":""}}""", "Invalid params: completion/complete needs \\\"ref\\\" with \\\"type\\\" and \\\"name\\\" (ref/prompt) or \\\"uri\\\" (ref/resource)")]
    [DataRow("""{"ref":{"type":"ref/tool","name":"x"},"argument":{"name":"a","value":""}}""", "Invalid params: unknown reference type 'ref/tool' (ref/prompt or ref/resource)")]
    [DataRow("""{"ref":{"type":"ref/prompt","name":"greet"},"argument":{"name":"style"}}""", "Invalid params: completion/complete needs \\\"argument\\\" with \\\"name\\\" and \\\"value\\\" (strings)")]
    [DataRow("""{"ref":{"type":"ref/resource","uri":"notes://{id}"},"argument":{"name":"id","value":""}}""", "Invalid params: nothing to complete for notes://{id}/id")]
    public void BadCompletionRequestsAreInvalidParams(string parameters, string message)
    {
        var harness = new FeatureHarness();
        Assert.AreEqual(
            $$$"""{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"{{{message}}}"}}""",
            harness.Single($$$"""{"jsonrpc":"2.0","id":1,"method":"completion/complete","params":{{{parameters}}}}"""));
    }

    [TestMethod]
    public void CompletionResultsAreCappedAtAHundredValues()
    {
        var result = Completion.CompletionResult.FromCandidates([.. Enumerable.Range(0, 150).Select(i => "v" + i)], "v");
        Assert.HasCount(100, result.Values);
        Assert.AreEqual(150, result.Total);
        Assert.IsTrue(result.HasMore);
    }
}
