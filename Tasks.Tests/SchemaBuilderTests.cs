using PForge.Tasks.Config;
using PForge.Tasks.Schema;

namespace PForge.Tasks.Tests;

/// <summary>The exact text of tool schemas: what clients receive in tools/list.</summary>
[TestClass]
public sealed class SchemaBuilderTests
{
    [TestMethod]
    public void IntegerBoundsAndDefaultAreWrittenAsIntegers() =>
        AssertSchema(
            """
            precision: { type: integer, default: 2, validation: { min: 0, max: 10 } }
            """,
            """{"type":"object","properties":{"precision":{"type":"integer","default":2,"maximum":10,"minimum":0}}}""");

    [TestMethod]
    public void FractionalNumberBoundsStayFractional() =>
        AssertSchema(
            """
            ratio: { type: number, min: -0.5, max: 2.25 }
            """,
            """{"type":"object","properties":{"ratio":{"type":"number","maximum":2.25,"minimum":-0.5}}}""");

    [TestMethod]
    public void RequiredIsListedAfterPropertiesAndThereIsNoSchemaKeyword()
    {
        var compact = Build(
            """
            a: { type: number, required: true }
            b: { type: string, description: Second }
            c: boolean
            """);

        Assert.AreEqual(
            """{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"string","description":"Second"},"c":{"type":"boolean"}},"required":["a","c"]}""",
            compact);
        Assert.DoesNotContain("$schema", compact);
    }

    [TestMethod]
    public void StringRulesAndEnum() =>
        AssertSchema(
            """
            code: { type: string, enum: [ab, cd], default: ab, validation: { pattern: "^[a-z]+$", min_length: 2, max_length: 8 } }
            """,
            """{"type":"object","properties":{"code":{"type":"string","default":"ab","maxLength":8,"minLength":2,"pattern":"^[a-z]+$","enum":["ab","cd"]}}}""");

    [TestMethod]
    public void ArrayLengthsBecomeItemCountsAndItemsAreDescribed() =>
        AssertSchema(
            """
            tags: { type: array, items: { type: string, min_length: 1 }, validation: { min_length: 1, max_length: 3 } }
            """,
            """{"type":"object","properties":{"tags":{"type":"array","maxItems":3,"minItems":1,"items":{"type":"string","minLength":1}}}}""");

    [TestMethod]
    public void NestedObjectsListTheirOwnRequiredMembers() =>
        AssertSchema(
            """
            point:
              type: object
              required: true
              properties:
                x: number
                label: { type: string }
            """,
            """{"type":"object","properties":{"point":{"type":"object","properties":{"x":{"type":"number"},"label":{"type":"string"}},"required":["x"]}},"required":["point"]}""");

    [TestMethod]
    public void PropertyNamesAreKeptAsWritten() =>
        AssertSchema(
            """
            required: string
            properties: { type: object }
            $schema: { type: string, required: false }
            """,
            """{"type":"object","properties":{"required":{"type":"string"},"properties":{"type":"object"},"$schema":{"type":"string"}},"required":["required"]}""");

    [TestMethod]
    public void NoParamsIsAnEmptyObjectSchema()
    {
        var (compact, indented) = SchemaBuilder.Build([]);
        Assert.AreEqual("""{"type":"object"}""", compact);
        Assert.AreEqual("{\n  \"type\": \"object\"\n}", indented.ReplaceLineEndings("\n"));
    }

    [TestMethod]
    public void WholeBoundsGivenDirectlyAreIntegers()
    {
        var field = new ParamConfig("n", SourcePosition.Start, ParamType.Number, Required: false, null, null, null, new ParamValidation(0, 100, null, null, null), null, null);
        Assert.AreEqual("""{"type":"object","properties":{"n":{"type":"number","maximum":100,"minimum":0}}}""", SchemaBuilder.Build([field]).Compact);
    }

    private static void AssertSchema(string paramsYaml, string expected) => Assert.AreEqual(expected, Build(paramsYaml));

    /// <summary>Loads <paramref name="paramsYaml"/> as the params of one tool and returns its compact input schema.</summary>
    private static string Build(string paramsYaml)
    {
        var yaml = "forge: { name: x, version: 1.0.0 }\ntools:\n  - type: native\n    name: t\n    params:\n"
            + string.Join('\n', paramsYaml.ReplaceLineEndings("\n").Split('\n').Select(line => "      " + line));
        var (config, diagnostics) = ConfigLoader.Load(yaml);
        Assert.IsNotNull(config, string.Join("\n", diagnostics));
        return SchemaBuilder.Build(config.Tools[0].Params).Compact;
    }
}
