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
        Assert.AreEqual("""{"type":"object","properties":{}}""", compact);
        Assert.AreEqual("{\n  \"type\": \"object\",\n  \"properties\": {}\n}", indented.ReplaceLineEndings("\n"));
    }

    [TestMethod]
    public void WholeBoundsGivenDirectlyAreIntegers()
    {
        var field = new ParamConfig("n", SourcePosition.Start, ParamType.Number, Required: false, null, null, null, new ParamValidation(0, 100, null, null, null), null, null);
        Assert.AreEqual("""{"type":"object","properties":{"n":{"type":"number","maximum":100,"minimum":0}}}""", SchemaBuilder.Build([field]).Compact);
    }

    [TestMethod]
    public void BoundsBeyondDecimalAreWrittenNotCrashed() =>
        // 1e30 overflowed NJsonSchema's decimal (an OverflowException out of the build, MSB4018).
        AssertSchema(
            """
            huge: { type: number, min: -1e300, max: 1e30 }
            """,
            """{"type":"object","properties":{"huge":{"type":"number","maximum":1E+30,"minimum":-1E+300}}}""");

    [TestMethod]
    public void BoundsKeepEveryDigitOfTheirDouble() =>
        // decimal rounded 1.2345678901234567 to 1.23456789012346; the reader compares with the full double.
        AssertSchema(
            """
            ratio: { type: number, min: 0.1, max: 1.2345678901234567 }
            """,
            """{"type":"object","properties":{"ratio":{"type":"number","maximum":1.2345678901234567,"minimum":0.1}}}""");

    [TestMethod]
    public void WholeBoundsOfNumbersAreIntegers() =>
        AssertSchema(
            """
            n: { type: number, min: -3.0, max: 9007199254740993 }
            """,
            """{"type":"object","properties":{"n":{"type":"number","maximum":9007199254740992,"minimum":-3}}}""");

    [TestMethod]
    public void LengthsOfZeroAreWritten() =>
        // NJsonSchema treats an item count of 0 as unset; 'max_length: 0' is a rule (only the empty array).
        AssertSchema(
            """
            none: { type: array, validation: { min_length: 0, max_length: 0 } }
            empty: { type: string, validation: { min_length: 0, max_length: 0 } }
            """,
            """{"type":"object","properties":{"none":{"type":"array","maxItems":0,"minItems":0},"empty":{"type":"string","maxLength":0,"minLength":0}}}""");

    [TestMethod]
    public void BoundsOfItemsAndNestedMembersAreExactToo() =>
        AssertSchema(
            """
            rows:
              type: array
              items: { type: array, max_length: 0, items: { type: number, max: 1e30 } }
            point:
              type: object
              properties:
                x: { type: number, min: 1.2345678901234567 }
            """,
            """{"type":"object","properties":{"rows":{"type":"array","items":{"type":"array","maxItems":0,"items":{"type":"number","maximum":1E+30}}},"point":{"type":"object","properties":{"x":{"type":"number","minimum":1.2345678901234567}}}}}""");

    [TestMethod]
    public void DefaultsAtTheirBoundsPass()
    {
        // The bounds NJsonSchema sees are placeholders; defaults are still checked against the real ones by the loader.
        var compact = Build(
            """
            ratio: { type: number, default: 1.2345678901234567, max: 1.2345678901234567, min: -1e30 }
            """);
        Assert.AreEqual("""{"type":"object","properties":{"ratio":{"type":"number","default":1.2345678901234567,"maximum":1.2345678901234567,"minimum":-1E+30}}}""", compact);
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
