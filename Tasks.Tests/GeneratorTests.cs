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
