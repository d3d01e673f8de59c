using PForge.Tasks.Templating;

namespace PForge.Tasks.Tests;

/// <summary>The template language as written: what is an expression, what stays literal, and where errors are.</summary>
[TestClass]
public sealed class TemplateParserTests
{
    [TestMethod]
    public void LiteralTextHasNoExpression()
    {
        var parsed = TemplateParser.Parse("-la { } $HOME $ {x} }} {");

        Assert.IsTrue(parsed.IsLiteral);
        var text = Assert.ContainsSingle(parsed.Parts);
        Assert.AreEqual(new TextPart("-la { } $HOME $ {x} }} {", 0), text);
    }

    [TestMethod]
    public void ValuesPathsAndJson()
    {
        var parsed = TemplateParser.Parse("--n={{count}}:{{ loc.city }}/{{json\tfilter.depth}}{{ json }}");

        Assert.IsEmpty(parsed.Errors);
        Assert.HasCount(7, parsed.Parts);
        Assert.AreEqual(new TextPart("--n=", 0), parsed.Parts[0]);
        AssertValue(parsed.Parts[1], ["count"], json: false, "{{count}}", 4);
        Assert.AreEqual(new TextPart(":", 13), parsed.Parts[2]);
        AssertValue(parsed.Parts[3], ["loc", "city"], json: false, "{{ loc.city }}", 14);
        AssertValue(parsed.Parts[5], ["filter", "depth"], json: true, "{{json\tfilter.depth}}", 29);

        // 'json' alone is a parameter named json.
        AssertValue(parsed.Parts[6], ["json"], json: false, "{{ json }}", 50);
    }

    [TestMethod]
    public void ParameterNamesMayHoldDashesUnderscoresAndLetters()
    {
        var parsed = TemplateParser.Parse("{{radius_km}}{{dry-run}}{{größe}}{{2d}}");

        Assert.IsEmpty(parsed.Errors);
        CollectionAssert.AreEqual(
            new[] { "radius_km", "dry-run", "größe", "2d" },
            parsed.Parts.Cast<ValuePart>().Select(p => p.Path[0]).ToArray());
    }

    [TestMethod]
    public void EnvironmentReferencesWithAndWithoutFallback()
    {
        var parsed = TemplateParser.Parse("${HOME}:${X:-dflt}:${_Y2:-}:${Z:-a:-b c}");

        Assert.IsEmpty(parsed.Errors);
        var envs = parsed.Parts.OfType<EnvPart>().ToList();
        Assert.AreEqual(new EnvPart("HOME", null, "${HOME}", 0), envs[0]);
        Assert.AreEqual(new EnvPart("X", "dflt", "${X:-dflt}", 8), envs[1]);
        Assert.AreEqual(new EnvPart("_Y2", string.Empty, "${_Y2:-}", 19), envs[2]);
        Assert.AreEqual(new EnvPart("Z", "a:-b c", "${Z:-a:-b c}", 28), envs[3]);
    }

    [TestMethod]
    public void QuotedTextIsTheWayToWriteALiteralOpener()
    {
        var parsed = TemplateParser.Parse("--format={{\"{{\"}}.Name}} {{ \"${\" }}HOME}");

        Assert.IsTrue(parsed.IsLiteral);
        var text = Assert.ContainsSingle(parsed.Parts);
        Assert.AreEqual("--format={{.Name}} ${HOME}", ((TextPart)text).Text);
    }

    [TestMethod]
    [DataRow("{{}}", TemplateErrorKind.Empty, "{{}}")]
    [DataRow("a {{  }}", TemplateErrorKind.Empty, "{{  }}")]
    [DataRow("${}", TemplateErrorKind.Empty, "${}")]
    [DataRow("{{ a b }}", TemplateErrorKind.Malformed, "{{ a b }}")]
    [DataRow("{{.Name}}", TemplateErrorKind.Malformed, "{{.Name}}")]
    [DataRow("{{a..b}}", TemplateErrorKind.Malformed, "{{a..b}}")]
    [DataRow("{{a.}}", TemplateErrorKind.Malformed, "{{a.}}")]
    [DataRow("{{json}} {{json a b}}", TemplateErrorKind.Malformed, "{{json a b}}")]
    [DataRow("{{\"a\"b\"}}", TemplateErrorKind.Malformed, "{{\"a\"b\"}}")]
    [DataRow("${1X}", TemplateErrorKind.Malformed, "${1X}")]
    [DataRow("${X-y}", TemplateErrorKind.Malformed, "${X-y}")]
    [DataRow("${X:y}", TemplateErrorKind.Malformed, "${X:y}")]
    [DataRow("${X:-{{y}", TemplateErrorKind.Malformed, "${X:-{{y}")]
    [DataRow("--path={{path", TemplateErrorKind.UnclosedValue, "{{path")]
    [DataRow("{{a} }", TemplateErrorKind.UnclosedValue, "{{a} }")]
    [DataRow("Bearer ${TOKEN", TemplateErrorKind.UnclosedEnv, "${TOKEN")]
    public void SyntaxErrorsPointAtTheirOpener(string text, TemplateErrorKind kind, string source)
    {
        var parsed = TemplateParser.Parse(text);

        var error = Assert.ContainsSingle(parsed.Errors);
        Assert.AreEqual(kind, error.Kind);
        Assert.AreEqual(source, error.Source);
        Assert.AreEqual(text.IndexOf(source, StringComparison.Ordinal), error.Offset);
        Assert.IsFalse(parsed.IsLiteral);
    }

    [TestMethod]
    public void EveryErrorIsFoundNotOnlyTheFirst()
    {
        var parsed = TemplateParser.Parse("{{}}{{ok}}${}{{ a b }}");

        CollectionAssert.AreEqual(new[] { 0, 10, 13 }, parsed.Errors.Select(e => e.Offset).ToArray());
        AssertValue(Assert.ContainsSingle(parsed.Parts), ["ok"], json: false, "{{ok}}", 4);
    }

    [TestMethod]
    public void OpenersAreScannedWithoutOverlap()
    {
        CollectionAssert.AreEqual(new[] { 0, 5, 9 }, TemplateParser.Openers("{{{x}${y}{{").ToArray());
        CollectionAssert.AreEqual(new[] { 1 }, TemplateParser.Openers("$${{", 1).ToArray());
        Assert.IsFalse(TemplateParser.Openers("{ $ {} $x").Any());
    }

    private static void AssertValue(TemplatePart part, string[] path, bool json, string source, int offset)
    {
        var value = Assert.IsInstanceOfType<ValuePart>(part);
        CollectionAssert.AreEqual(path, value.Path.ToArray());
        Assert.AreEqual(json, value.Json);
        Assert.AreEqual(source, value.Source);
        Assert.AreEqual(offset, value.Offset);
    }
}
