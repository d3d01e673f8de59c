namespace PForge.Tasks.Tests;

/// <summary>What the generated C# decides for particular inputs: names, literals and checks.</summary>
[TestClass]
public sealed class GeneratorTests
{
    [TestMethod]
    public void IntegerLiteralsKeepEveryDigit()
    {
        // 2^53 + 1 is not a double: a literal going through double would read 9007199254740992.
        var types = Types(
            """
            big: { type: integer, default: 9007199254740993, enum: [9007199254740993, 1] }
            """);

        Assert.Contains("public long Big { get; init; } = 9007199254740993L;", types);
        Assert.Contains("if (read is not (9007199254740993L or 1L))", types);
    }

    [TestMethod]
    public void UntypedObjectsAndArraysMustHaveTheirJsonShape()
    {
        var types = Types(
            """
            options: { type: object }
            values: { type: array }
            """);

        Assert.Contains("TryReadJson(ref reader, global::System.Text.Json.JsonTokenType.StartObject, out var read)", types);
        Assert.Contains("WrongType(prefix, \"options\", \"an object\")", types);
        Assert.Contains("TryReadJson(ref reader, global::System.Text.Json.JsonTokenType.StartArray, out var read)", types);
        Assert.Contains("WrongType(prefix, \"values\", \"an array\")", types);
    }

    [TestMethod]
    public void MembersNeverClashWithTheRecordsOwnMembers()
    {
        var result = Generator.Run(
            """
            forge: { name: x, version: 1.0.0 }
            tools:
              - type: native
                name: t
                params:
                  try_read: string
                  to_string: string
                  t_input: string
                output:
                  write: boolean
                  structured_writer: boolean
                  equals: boolean
            """,
            new GeneratorOptions("App", GenerateEntryPoint: false));

        Assert.IsTrue(result.Succeeded, string.Join("\n", result.Diagnostics));
        var types = result.Sources.Single(s => s.RelativePath == "T.Types.g.cs").Content;
        foreach (var property in new[] { "TryReadValue", "ToStringValue", "TInputValue", "WriteValue", "StructuredWriterValue", "EqualsValue" })
        {
            Assert.Contains($" {property} {{ get; init; }}", types);
        }

        // The JSON names stay as written.
        Assert.Contains("reader.ValueTextEquals(\"try_read\"u8)", types);
        Assert.Contains("writer.WritePropertyName(\"write\"u8);", types);
    }

    [TestMethod]
    public void PatternMethodsCannotClashWithProperties()
    {
        var types = Types(
            """
            name: { type: string, pattern: "^[a-z]+$" }
            name_pattern: { type: string }
            """);

        Assert.Contains("private static partial global::System.Text.RegularExpressions.Regex Name_Pattern();", types);
        Assert.Contains("public string? NamePattern { get; init; }", types);
    }

    [TestMethod]
    public void HandlerComesFromTheToolNameUnlessGiven()
    {
        var result = Generator.Run(
            """
            forge: { name: x, version: 1.0.0 }
            tools:
              - { type: native, name: get-user.v2 }
              - { type: native, name: ping, handler: { path: Net.Diagnostics.Pinger } }
            """,
            new GeneratorOptions("My.App", GenerateEntryPoint: false));

        Assert.IsTrue(result.Succeeded, string.Join("\n", result.Diagnostics));
        CollectionAssert.AreEqual(
            new[] { "My.App.Handlers.GetUserV2Handler", "My.App.Net.Diagnostics.Pinger" },
            result.HandlerStubs.Select(s => s.FullTypeName).ToArray());
        CollectionAssert.AreEqual(
            new[] { "Handlers/GetUserV2Handler.cs", "Net/Diagnostics/Pinger.cs" },
            result.HandlerStubs.Select(s => s.File.RelativePath).ToArray());
        CollectionAssert.AreEqual(
            new[] { "PForgeServer.g.cs", "GetUserV2.Types.g.cs", "GetUserV2.Handler.g.cs", "Ping.Types.g.cs", "Ping.Handler.g.cs" },
            result.Sources.Select(s => s.RelativePath).ToArray());
        CollectionAssert.AreEqual(new[] { "get-user.v2.input.json", "ping.input.json" }, result.Schemas.Select(s => s.RelativePath).ToArray());
    }

    [TestMethod]
    public void GeneratedRegexIsTheEcmaMeaningAndMessagesShowThePatternAsWritten()
    {
        var types = Types(
            """
            code: { type: string, pattern: "^\\d+$" }
            """);

        Assert.Contains("GeneratedRegex(\"^[0-9]+\\\\z\", ", types);
        Assert.Contains("PatternError(Code_Pattern(), read, \"^\\\\d+$\", prefix, \"code\")", types);
    }

    [TestMethod]
    public void UntypedArraysCheckTheirCountAndItemTypes()
    {
        var types = Types(
            """
            objs: { type: array, items: { type: object }, validation: { min_length: 1, max_length: 2 } }
            rows: { type: array, items: { type: array, max_length: 3, items: integer } }
            none: { type: array, max_length: 0 }
            """);

        Assert.Contains("CountError(read.GetArrayLength(), 1, 2, prefix, \"objs\") is { } countError0", types);
        Assert.Contains("if (item0.ValueKind != global::System.Text.Json.JsonValueKind.Object)", types);
        Assert.Contains("WrongType(prefix, \"objs\" + $\"[{index0}]\", \"an object\")", types);

        Assert.Contains("if (item0.ValueKind != global::System.Text.Json.JsonValueKind.Array)", types);
        Assert.Contains("CountError(item0.GetArrayLength(), null, 3, prefix, \"rows\" + $\"[{index0}]\") is { } countError1", types);
        Assert.Contains("if (!global::PForge.Runtime.Tools.ArgumentReader.IsInteger(item1))", types);
        Assert.Contains("WrongType(prefix, \"rows\" + $\"[{index0}]\" + $\"[{index1}]\", \"an integer\")", types);

        Assert.Contains("CountError(read.GetArrayLength(), null, 0, prefix, \"none\")", types);
    }

    [TestMethod]
    public void UntypedArraysWithoutRulesAreOnlyCheckedToBeArrays()
    {
        var types = Types(
            """
            values: { type: array }
            """);

        Assert.DoesNotContain("GetArrayLength", types);
        Assert.DoesNotContain("EnumerateArray", types);
    }

    [TestMethod]
    public void JsonDefaultsAreParsedOnceIntoAStaticField()
    {
        var types = Types(
            """
            options: { type: object, default: { depth: 2 } }
            values: { type: array, default: [1, "a"] }
            """);

        Assert.Contains("private static readonly global::System.Text.Json.JsonElement Options_Default = global::System.Text.Json.JsonDocument.Parse(\"{\\\"depth\\\":2}\").RootElement.Clone();", types);
        Assert.Contains("private static readonly global::System.Text.Json.JsonElement Values_Default = global::System.Text.Json.JsonDocument.Parse(\"[1,\\\"a\\\"]\").RootElement.Clone();", types);
        Assert.Contains("public global::System.Text.Json.JsonElement Options { get; init; } = Options_Default;", types);
        Assert.Contains("global::System.Text.Json.JsonElement vOptions = Options_Default;", types);
        Assert.Contains("global::System.Text.Json.JsonElement vValues = Values_Default;", types);
        Assert.AreEqual(2, types.Split("JsonDocument.Parse(").Length - 1, "one Parse per default, in its field");
    }

    [TestMethod]
    public void StringsThatAreNoTextAreReportedAsSuch()
    {
        var types = Types(
            """
            code: string
            mode: { type: string, enum: [a, b] }
            """);

        Assert.Contains("? global::PForge.Runtime.Tools.ArgumentReader.InvalidText(prefix, \"code\")", types);
        Assert.Contains(": global::PForge.Runtime.Tools.ArgumentReader.WrongType(prefix, \"code\", \"a string\")", types);
        Assert.Contains("error = global::PForge.Runtime.Tools.ArgumentReader.InvalidText(prefix, \"mode\");", types);
        Assert.Contains("error = global::PForge.Runtime.Tools.ArgumentReader.InvalidUnicode(ex);", types);
    }

    [TestMethod]
    public void ArrayItemNamesAreStringLiteralsInMessages()
    {
        // A name with a quote or a brace stays a string: it used to be pasted into an interpolated string.
        var types = Types(
            """
            "a\"{b}": { type: array, items: string }
            """);

        Assert.Contains("WrongType(prefix, \"a\\\"{b}\" + $\"[{read.Count}]\", \"a string\")", types);
    }

    [TestMethod]
    public void BoundsBeyondDecimalDoNotFailTheBuild()
    {
        // 1e30 went through NJsonSchema's decimal and threw OverflowException out of the task (MSB4018).
        var types = Types(
            """
            huge: { type: number, max: 1e30 }
            """);

        Assert.Contains("MaxError(read, 1E+30d, prefix, \"huge\")", types);
    }

    [TestMethod]
    public void AnyExceptionWhileGeneratingIsPF1002()
    {
        // Two mapping keys that are not scalars (a generator gap: both read as ""): the default cannot become JSON.
        var result = Generator.Run(
            """
            forge: { name: x, version: 1.0.0 }
            tools:
              - type: native
                name: t
                params:
                  options: { type: object, default: { [1]: a, [2]: b } }
            """,
            new GeneratorOptions("App", GenerateEntryPoint: false));

        Assert.IsFalse(result.Succeeded);
        var diagnostic = Assert.ContainsSingle(result.Diagnostics);
        Assert.AreEqual("PF1002", diagnostic.Code);
        Assert.AreEqual((1, 1), (diagnostic.Line, diagnostic.Column));
        StringAssert.StartsWith(diagnostic.Message, "Code generation failed: ArgumentException: ");
        Assert.IsEmpty(result.Sources);
    }

    [TestMethod]
    [DataRow("my-server", "my_server")]
    [DataRow("2d.class", "_2d.@class")]
    [DataRow("Acme.Tools", "Acme.Tools")]
    public void RootNamespaceBecomesAValidNamespace(string rootNamespace, string expected)
    {
        var result = Generator.Run(
            """
            forge: { name: x, version: 1.0.0 }
            tools:
              - { type: native, name: greet }
            """,
            new GeneratorOptions(rootNamespace, GenerateEntryPoint: true));

        Assert.IsTrue(result.Succeeded, string.Join("\n", result.Diagnostics));
        foreach (var file in result.Sources.Where(f => f.RelativePath != "Greet.Handler.g.cs"))
        {
            Assert.Contains($"namespace {expected};", file.Content, file.RelativePath);
        }

        Assert.Contains($"namespace {expected}.Handlers;", result.Sources.Single(f => f.RelativePath == "Greet.Handler.g.cs").Content);
        Assert.Contains($"global::{expected}.PForgeServer()", result.Sources.Single(f => f.RelativePath == "PForgeProgram.g.cs").Content);
        var stub = Assert.ContainsSingle(result.HandlerStubs);
        Assert.AreEqual($"{expected}.Handlers.GreetHandler", stub.FullTypeName);
        Assert.Contains($"namespace {expected}.Handlers;", stub.File.Content);
    }

    /// <summary>The generated Types file of a tool 't' whose params are <paramref name="paramsYaml"/>.</summary>
    private static string Types(string paramsYaml)
    {
        var yaml = "forge: { name: x, version: 1.0.0 }\ntools:\n  - type: native\n    name: t\n    params:\n"
            + string.Join('\n', paramsYaml.ReplaceLineEndings("\n").Split('\n').Select(line => "      " + line));
        var result = Generator.Run(yaml, new GeneratorOptions("App", GenerateEntryPoint: false));
        Assert.IsTrue(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Sources.Single(s => s.RelativePath == "T.Types.g.cs").Content;
    }
}
