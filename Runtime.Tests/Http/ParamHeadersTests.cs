using System.Text;
using Microsoft.AspNetCore.Http;
using PForge.Runtime.Http;

namespace PForge.Runtime.Tests.Http;

/// <summary>The Mcp-Param-{Name} headers of revision 2026-07-28, checked against the arguments of a tools/call.</summary>
[TestClass]
public sealed class ParamHeadersTests
{
    private const string Tools =
        """{"tools":[{"name":"sql","inputSchema":{"type":"object","properties":{"region":{"type":"string","x-mcp-header":"Region"}"""
        + ""","shard":{"type":"integer","x-mcp-header":"Shard"},"dry":{"type":"boolean","x-mcp-header":"Dry"}"""
        + ""","target":{"type":"object","properties":{"zone":{"type":"string","x-mcp-header":"Zone"}}},"query":{"type":"string"}}}},"""
        + """{"name":"plain","inputSchema":{"type":"object","properties":{"a":{"type":"string"}}}}]}""";

    private static readonly ParamHeaders Table = ParamHeaders.Read(Encoding.UTF8.GetBytes(Tools));

    [TestMethod]
    public void OnlyAServerWithAnAnnotationChecksAnything()
    {
        Assert.IsFalse(Table.IsEmpty);
        Assert.IsTrue(ParamHeaders.Read("""{"tools":[{"name":"plain","inputSchema":{"type":"object","properties":{"a":{"type":"string"}}}}]}"""u8).IsEmpty);
    }

    [TestMethod]
    [DataRow("""{"region":"us-west1"}""", "Region=us-west1", DisplayName = "plain text")]
    [DataRow("""{"region":"Hello, 世界"}""", "Region==?base64?SGVsbG8sIOS4lueVjA==?=", DisplayName = "base64 of UTF-8")]
    [DataRow("""{"region":"=?base64?SGVsbG8"}""", "Region==?base64?SGVsbG8", DisplayName = "no suffix: literal")]
    [DataRow("""{"shard":42}""", "Shard=42.0", DisplayName = "integers compare as numbers")]
    [DataRow("""{"dry":false}""", "Dry=false", DisplayName = "booleans")]
    [DataRow("""{"target":{"zone":"b"}}""", "Zone=b", DisplayName = "a nested property")]
    [DataRow("""{"region":null,"query":"select 1"}""", "", DisplayName = "null and absent values expect no header")]
    public void MatchingHeadersPass(string arguments, string headers) =>
        Assert.IsNull(Table.Check(Headers(headers), "sql", Params(arguments)));

    [TestMethod]
    [DataRow("""{"region":"us-west1"}""", "", "Header mismatch: the Mcp-Param-Region header is required, as the body gives 'region'")]
    [DataRow("""{"region":"us-west1"}""", "Region=eu-west1", "Header mismatch: Mcp-Param-Region header value 'eu-west1' does not match body value 'us-west1'")]
    [DataRow("""{"region":"Hello"}""", "Region==?base64?SGVsbG8?=", "Header mismatch: Mcp-Param-Region header value is not valid base64 between '=?base64?' and '?='")]
    [DataRow("""{"region":"Hello"}""", "Region==?base64?SGVs!!!bG8=?=", "Header mismatch: Mcp-Param-Region header value is not valid base64 between '=?base64?' and '?='")]
    [DataRow("""{"region":"a\u0001b"}""", "Region=a\u0001b", "Header mismatch: Mcp-Param-Region header value holds a character a header may not carry (send it as base64 between '=?base64?' and '?=')")]
    [DataRow("""{"shard":42}""", "Shard=41", "Header mismatch: Mcp-Param-Shard header value '41' does not match body value '42'")]
    [DataRow("""{"dry":true}""", "Dry=True", "Header mismatch: Mcp-Param-Dry header value 'True' does not match body value 'true'")]
    [DataRow("""{"target":{"zone":"b"}}""", "", "Header mismatch: the Mcp-Param-Zone header is required, as the body gives 'target.zone'")]
    [DataRow("""{"query":"x"}""", "Region=us-west1", "Header mismatch: the Mcp-Param-Region header is given, but the body has no value for 'region'")]
    [DataRow("""{"region":"a"}""", "Region=a;Region=a", "Header mismatch: the Mcp-Param-Region header is given more than once")]
    public void AMissingMalformedOrDifferentHeaderIsAMismatch(string arguments, string headers, string expected) =>
        Assert.AreEqual(expected, Table.Check(Headers(headers), "sql", Params(arguments)));

    [TestMethod]
    public void AToolWithoutAnnotationsAndParamsTooDeepToReadAreLeftToTheSession()
    {
        Assert.IsNull(Table.Check(Headers("Region=x"), "plain", Params("""{"a":"b"}""")));
        var deep = new string('[', 100) + new string(']', 100);
        Assert.IsNull(Table.Check(Headers(""), "sql", Encoding.UTF8.GetBytes("""{"name":"sql","arguments":{"region":""" + deep + "}}")));
    }

    private static byte[] Params(string arguments) => Encoding.UTF8.GetBytes($$"""{"name":"sql","arguments":{{arguments}}}""");

    // "Name=value;Name=value": one header per pair, under Mcp-Param-Name.
    private static HeaderDictionary Headers(string pairs)
    {
        var headers = new HeaderDictionary();
        foreach (var pair in pairs.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.IndexOf('=');
            var name = ParamHeaders.Prefix + pair[..at];
            headers[name] = Microsoft.Extensions.Primitives.StringValues.Concat(headers[name], pair[(at + 1)..]);
        }

        return headers;
    }
}
