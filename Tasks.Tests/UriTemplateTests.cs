using System.Text.RegularExpressions;
using PForge.Tasks.Templating;

namespace PForge.Tasks.Tests;

/// <summary>RFC 6570 level 1 URI templates: parsing, the errors of higher levels, and what the generated matcher accepts.</summary>
[TestClass]
public sealed class UriTemplateTests
{
    [TestMethod]
    public void SplitsLiteralTextAndVariables()
    {
        var template = UriTemplate.Parse("users://{user_name}/files/{file.id}.json", out var error);

        Assert.IsNull(error);
        CollectionAssert.AreEqual(new[] { "user_name", "file.id" }, template!.Variables.ToArray());
        CollectionAssert.AreEqual(
            new[] { "users://", "{user_name}", "/files/", "{file.id}", ".json" },
            template.Parts.Select(p => p.IsVariable ? "{" + p.Text + "}" : p.Text).ToArray());
        Assert.AreEqual(@"\Ausers://([^/]+)/files/([^/]+)\.json\z", template.ToRegex());
    }

    [TestMethod]
    [DataRow("file:///{+path}", 8, "{+path}", true, "the operator '+' is RFC 6570 level 2 or 3")]
    [DataRow("test://x{#frag}", 8, "{#frag}", true, "the operator '#' is RFC 6570 level 2 or 3")]
    [DataRow("test://search{?q,lang}", 13, "{?q,lang}", true, "the operator '?' is RFC 6570 level 2 or 3")]
    [DataRow("test://{a,b}", 7, "{a,b}", true, "a list of variables is RFC 6570 level 3")]
    [DataRow("test://{var:3}", 7, "{var:3}", true, "a modifier ('*' or ':n') is RFC 6570 level 4")]
    [DataRow("test://{list*}", 7, "{list*}", true, "a modifier ('*' or ':n') is RFC 6570 level 4")]
    [DataRow("test://{id", 7, "{id", false, "the '{' has no closing '}'")]
    [DataRow("test://id}", 9, "}", false, "a '}' without its '{'")]
    [DataRow("test://{}", 7, "{}", false, "the expression is empty")]
    [DataRow("test://{a b}", 7, "{a b}", false, "'a b' is no variable name (letters, digits and '_', with '.' between them)")]
    [DataRow("test://{a}{b}", 10, "{b}", false, "'b' follows 'a' with no text between them, so no URI tells where one ends")]
    [DataRow("test://{id}/{id}", 12, "{id}", false, "variable 'id' appears twice")]
    public void RefusesWhatLevelOneCannotServe(string text, int offset, string expression, bool unsupported, string problem)
    {
        Assert.IsNull(UriTemplate.Parse(text, out var error));
        Assert.AreEqual(new UriTemplateError(offset, expression, unsupported, problem), error);
    }

    [TestMethod]
    [DataRow("test://template/123/data", "123")]
    [DataRow("test://template/a%2Fb/data", "a/b")]
    [DataRow("test://template/caf%C3%A9%20au%20lait/data", "café au lait")]
    [DataRow("test://template/100%25/data", "100%")]
    [DataRow("test://template/%ZZ/data", "%ZZ")]
    public void VariablesMatchOneSegmentAndArePercentDecoded(string uri, string expected)
    {
        // The generated server matches with this regex and decodes each group with Uri.UnescapeDataString.
        var match = Regex.Match(uri, UriTemplate.Parse("test://template/{id}/data", out _)!.ToRegex());

        Assert.IsTrue(match.Success);
        Assert.AreEqual(expected, Uri.UnescapeDataString(match.Groups[1].Value));
    }

    [TestMethod]
    [DataRow("test://template/a/b/data")]
    [DataRow("test://template//data")]
    [DataRow("test://template/1/data/")]
    [DataRow("test://template/1/data\n")]
    [DataRow("TEST://template/1/data")]
    [DataRow("xtest://template/1/data")]
    public void OtherUrisDoNotMatch(string uri) =>
        Assert.IsFalse(Regex.IsMatch(uri, UriTemplate.Parse("test://template/{id}/data", out _)!.ToRegex(), RegexOptions.CultureInvariant));

    [TestMethod]
    public void LiteralTextIsMatchedLiterally()
    {
        var regex = UriTemplate.Parse("test://a.b+c/{x}?v=1", out _)!.ToRegex();

        Assert.IsTrue(Regex.IsMatch("test://a.b+c/1?v=1", regex));
        Assert.IsFalse(Regex.IsMatch("test://aXb+c/1?v=1", regex));
        Assert.IsFalse(Regex.IsMatch("test://a.bbc/1?v=1", regex));
    }
}
