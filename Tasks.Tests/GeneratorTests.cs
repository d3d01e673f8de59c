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
    public void AServerOfManyToolsIsGeneratedWhole()
    {
        // Past 1 MB of generated text: the template engine must not cut the file short.
        var description = new string('d', 4000);
        var yaml = new System.Text.StringBuilder("forge: { name: x, version: 1.0.0 }\ntools:\n");
        for (var i = 1; i <= 300; i++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"  - {{ type: native, name: t{i}, description: {description}, params: {{ x: number }} }}\n");
        }

        var result = Generator.Run(yaml.ToString(), new GeneratorOptions("App", GenerateEntryPoint: false));

        Assert.IsTrue(result.Succeeded, string.Join("\n", result.Diagnostics));
        var server = result.Sources.Single(s => s.RelativePath == "PForgeServer.g.cs").Content.ReplaceLineEndings("\n");
        Assert.IsGreaterThan(1 << 20, server.Length);
        Assert.Contains("            case 299:\n", server);
        Assert.EndsWith("        }\n    }\n}\n", server);
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
                  write_object: boolean
                  equals: boolean
            """,
            new GeneratorOptions("App", GenerateEntryPoint: false));

        Assert.IsTrue(result.Succeeded, string.Join("\n", result.Diagnostics));
        var types = result.Sources.Single(s => s.RelativePath == "T.Types.g.cs").Content;
        foreach (var property in new[] { "TryReadValue", "ToStringValue", "TInputValue", "WriteValue", "WriteObjectValue", "EqualsValue" })
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
        Assert.Contains("if (!global::PForge.Runtime.Generated.ArgumentReader.IsInteger(item1))", types);
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

        Assert.Contains("? global::PForge.Runtime.Generated.ArgumentReader.InvalidText(prefix, \"code\")", types);
        Assert.Contains(": global::PForge.Runtime.Generated.ArgumentReader.WrongType(prefix, \"code\", \"a string\")", types);
        Assert.Contains("error = global::PForge.Runtime.Generated.ArgumentReader.InvalidText(prefix, \"mode\");", types);
        // The runtime's reader of every record reports an escaped lone surrogate in a member name (ArgumentReader.InvalidUnicode).
        Assert.Contains("global::PForge.Runtime.Generated.ArgumentRecord.TryRead<TInput>(json, out value, out error);", types);
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

    [TestMethod]
    public void CliArgumentsAndEnvironmentCompileToCSharpExpressions()
    {
        var server = CliServer(
            """
            command: ls
            args: ["-la", "{{path}}", "--n={{count}}", "{{files}}"]
            env: { HOME_DIR: "${HOME}", X: "${X:-dflt}", LC_ALL: C, MIX: "a-{{count}}-${Y}" }
            params:
              path: { type: string, default: "." }
              count: integer
              files: { type: array, items: string }
            """);

        const string F = "global::PForge.Runtime.Tools.Templating.TemplateFormat";
        Assert.Contains("if (!global::App.TInput.TryRead(arguments, out var input, out var error))", server);
        Assert.Contains(
            $$"""
                                    new global::PForge.Runtime.Tools.Cli.CliInvocation
                                    {
                                        Command = "ls",
                                        Arguments =
                                        [
                                            "-la",
                                            {{F}}.Text(input.Path),
                                            string.Concat("--n=", {{F}}.Text(input.Count)),
                                            .. (input.Files ?? []),
                                        ],
                                        WorkingDirectory = null,
                                        Environment =
                                        [
                                            new("HOME_DIR", {{F}}.Env("HOME", null)),
                                            new("X", {{F}}.Env("X", "dflt")),
                                            new("LC_ALL", "C"),
                                            new("MIX", string.Concat("a-", {{F}}.Text(input.Count), "-", {{F}}.Env("Y", null))),
                                        ],
                                        Timeout = global::System.TimeSpan.FromMilliseconds(30000L),
                                        Stream = false,
                                        MaxOutputBytes = 1048576,
                                    },
                                    context);
            """,
            server);
    }

    [TestMethod]
    public void CliPathsFollowRecordsNullSafelyAndJsonAtRunTime()
    {
        var server = CliServer(
            """
            command: tool
            args: ["{{loc.city}}", "{{home.city}}", "{{loc.meta.a.b}}", "{{json loc.meta.a}}", "{{meta.x-y}}"]
            params:
              loc: { type: object, properties: { city: string, meta: { type: object } } }
              home: { type: object, required: true, properties: { city: { type: string, required: true } } }
              meta: object
            """);

        const string F = "global::PForge.Runtime.Tools.Templating.TemplateFormat";
        Assert.Contains($"{F}.Text(input.Loc?.City),", server);
        Assert.Contains($"{F}.Text(input.Home.City),", server);
        Assert.Contains($"{F}.Text({F}.Path(input.Loc?.Meta, \"a\", \"b\")),", server);
        Assert.Contains($"{F}.Json({F}.Path(input.Loc?.Meta, \"a\")),", server);
        Assert.Contains($"{F}.Text({F}.Path(input.Meta, \"x-y\")),", server);
    }

    [TestMethod]
    public void CliJsonAndTextOfEveryKind()
    {
        var server = CliServer(
            """
            command: tool
            args:
              - "{{json s}}"
              - "{{json n}}"
              - "{{json b}}"
              - "{{json rec}}"
              - "{{json tags}}"
              - "{{json raw}}"
              - "{{rec}}"
              - "{{raw}}"
              - "{{json ids}}"
              - "ids={{ids}}"
              - "{{ids}}"
              - "{{flags}}"
            params:
              s: string
              n: number
              b: { type: boolean, default: true }
              rec: { type: object, properties: { k: string } }
              tags: { type: array, items: { type: object, properties: { k: string } } }
              raw: { type: array }
              ids: { type: array, items: integer, default: [1, 2] }
              flags: { type: array, items: boolean }
            """);

        const string F = "global::PForge.Runtime.Tools.Templating.TemplateFormat";
        Assert.Contains($"{F}.Json(input.S),", server);
        Assert.Contains($"{F}.Json(input.N),", server);
        Assert.Contains($"{F}.Json(input.B),", server);
        Assert.Contains($"{F}.Json(input.Rec, global::App.TInputRec.WriteObject),", server);
        Assert.Contains($"{F}.Json(input.Tags, global::App.TInput.Tags_Writer),", server);
        Assert.Contains($"{F}.Json(input.Raw),", server);
        Assert.Contains($"{F}.Text(input.Rec, global::App.TInputRec.WriteObject),", server);
        Assert.Contains($"{F}.Text(input.Raw),", server);

        // A list is spread into one argument per item only when the element is exactly {{x}}; otherwise it is one
        // argument holding its JSON.
        Assert.Contains($"{F}.Json(input.Ids, global::App.TInput.Ids_Writer),", server);
        Assert.Contains($"string.Concat(\"ids=\", {F}.Text(input.Ids, global::App.TInput.Ids_Writer)),", server);
        Assert.Contains($".. global::System.Linq.Enumerable.Select(input.Ids, static item => {F}.Text(item)),", server);
        Assert.Contains($".. global::System.Linq.Enumerable.Select(input.Flags ?? [], static item => {F}.Text(item)),", server);
    }

    [TestMethod]
    public void CliLiteralsAreEscapedAndSecretsNeverCompiledIn()
    {
        const string Secret = "s3cr3t-value-of-the-build-machine";
        Environment.SetEnvironmentVariable("PFORGE_TEST_SECRET", Secret);
        try
        {
            var server = CliServer(
                """
                command: 'C:\Program Files\tool "x".exe'
                args: ['a "quoted" \ arg', "tab\there"]
                cwd: /srv/{{name}}
                env: { TOKEN: "${PFORGE_TEST_SECRET}", ALT: "${PFORGE_TEST_SECRET:-say \"hi\"}" }
                timeout_ms: 1500
                stream: true
                max_output_bytes: 4096
                params:
                  name: string
                """);

            Assert.Contains("Command = \"C:\\\\Program Files\\\\tool \\\"x\\\".exe\",", server);
            Assert.Contains("\"a \\\"quoted\\\" \\\\ arg\",", server);
            Assert.Contains("\"tab\\there\",", server);
            Assert.Contains("WorkingDirectory = string.Concat(\"/srv/\", global::PForge.Runtime.Tools.Templating.TemplateFormat.Text(input.Name)),", server);
            Assert.Contains("new(\"TOKEN\", global::PForge.Runtime.Tools.Templating.TemplateFormat.Env(\"PFORGE_TEST_SECRET\", null)),", server);
            Assert.Contains("new(\"ALT\", global::PForge.Runtime.Tools.Templating.TemplateFormat.Env(\"PFORGE_TEST_SECRET\", \"say \\\"hi\\\"\")),", server);
            Assert.Contains("Timeout = global::System.TimeSpan.FromMilliseconds(1500L),", server);
            Assert.Contains("Stream = true,", server);
            Assert.Contains("MaxOutputBytes = 4096,", server);
            Assert.DoesNotContain(Secret, server);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PFORGE_TEST_SECRET", null);
        }
    }

    [TestMethod]
    public void CliToolHasNoHandlerAndTheFixedOutputSchema()
    {
        var result = Generator.Run(
            """
            forge: { name: x, version: 1.0.0 }
            tools:
              - { type: native, name: greet }
              - { type: cli, name: list_dir, command: ls, args: ["{{path}}"], params: { path: string } }
            """,
            new GeneratorOptions("App", GenerateEntryPoint: false));

        Assert.IsTrue(result.Succeeded, string.Join("\n", result.Diagnostics));
        CollectionAssert.AreEqual(
            new[] { "PForgeServer.g.cs", "Greet.Types.g.cs", "Greet.Handler.g.cs", "ListDir.Types.g.cs" },
            result.Sources.Select(s => s.RelativePath).ToArray());
        CollectionAssert.AreEqual(
            new[] { "greet.input.json", "list_dir.input.json", "list_dir.output.json" },
            result.Schemas.Select(s => s.RelativePath).ToArray());
        Assert.AreEqual("App.Handlers.GreetHandler", Assert.ContainsSingle(result.HandlerStubs).FullTypeName);

        var server = result.Sources.Single(s => s.RelativePath == "PForgeServer.g.cs").Content;
        Assert.Contains("private global::App.Handlers.GreetHandler? _greet;", server);
        Assert.DoesNotContain("ListDirHandler", server);
        const string OutputSchema = """{"type":"object","properties":{"stdout":{"type":"string"},"stderr":{"type":"string"},"exit_code":{"type":"integer"}},"required":["stdout","stderr","exit_code"]}""";
        Assert.AreEqual(OutputSchema, Schema.CliSchema.Output.Compact);
        Assert.AreEqual(OutputSchema, System.Text.Json.Nodes.JsonNode.Parse(result.Schemas.Single(s => s.RelativePath == "list_dir.output.json").Content)!.ToJsonString());
        Assert.Contains(CSharpNamesLiteral("\"name\":\"list_dir\",\"inputSchema\":{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},\"required\":[\"path\"]},\"outputSchema\":" + OutputSchema + "}"), server);
    }

    [TestMethod]
    public void HttpToolBuildsItsInvocationWithEscapingForEachPlace()
    {
        const string Secret = "s3cr3t-token-of-the-build-machine";
        Environment.SetEnvironmentVariable("PFORGE_TEST_HTTP_TOKEN", Secret);
        try
        {
            var result = Generator.Run(
                """
                forge: { name: x, version: 1.0.0 }
                tools:
                  - type: http
                    name: t
                    method: POST
                    endpoint: "https://api.example.com/users/{{user}}/items?fixed=1"
                    query: { q: "{{text}}", page: "{{page}}" }
                    headers: { Accept: application/json, X-Who: "{{user}}" }
                    body: "{{doc}}"
                    auth: { type: bearer, token: "${PFORGE_TEST_HTTP_TOKEN}" }
                    timeout_ms: 2500
                    max_response_bytes: 4096
                    params:
                      user: string
                      text: string
                      page: { type: integer, default: 1 }
                      doc: object
                """,
                new GeneratorOptions("App", GenerateEntryPoint: false));
            Assert.IsTrue(result.Succeeded, string.Join("\n", result.Diagnostics));

            // No handler and no outputSchema: response bodies vary.
            CollectionAssert.AreEqual(new[] { "PForgeServer.g.cs", "T.Types.g.cs" }, result.Sources.Select(s => s.RelativePath).ToArray());
            CollectionAssert.AreEqual(new[] { "t.input.json" }, result.Schemas.Select(s => s.RelativePath).ToArray());
            Assert.IsEmpty(result.HandlerStubs);
            var server = result.Sources.Single(s => s.RelativePath == "PForgeServer.g.cs").Content;
            Assert.DoesNotContain("outputSchema", server);
            Assert.DoesNotContain(Secret, server);

            const string F = "global::PForge.Runtime.Tools.Templating.TemplateFormat";
            Assert.Contains("global::PForge.Runtime.Tools.Http.HttpToolRunner.SendAsync(", server);
            Assert.Contains("Method = \"POST\",", server);
            Assert.Contains($"Url = string.Concat(\"https://api.example.com/users/\", {F}.PathSegment({F}.Text(input.User)), \"/items?fixed=1\"),", server);
            Assert.Contains($"new(\"q\", {F}.Text(input.Text)),", server);
            Assert.Contains($"new(\"page\", {F}.Text(input.Page)),", server);
            Assert.Contains("new(\"Accept\", \"application/json\"),", server);
            Assert.Contains($"new(\"X-Who\", {F}.Text(input.User)),", server);
            Assert.Contains($"new(\"Authorization\", string.Concat(\"Bearer \", {F}.Env(\"PFORGE_TEST_HTTP_TOKEN\", null))),", server);
            Assert.Contains($"Body = {F}.Json(input.Doc),", server);
            Assert.Contains("ContentType = \"application/json\",", server);
            Assert.Contains("Timeout = global::System.TimeSpan.FromMilliseconds(2500L),", server);
            Assert.Contains("MaxResponseBytes = 4096,", server);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PFORGE_TEST_HTTP_TOKEN", null);
        }
    }

    [TestMethod]
    public void HttpBodiesAuthAndDefaults()
    {
        var result = Generator.Run(
            """
            forge: { name: x, version: 1.0.0 }
            tools:
              - type: http
                name: a
                method: PATCH
                endpoint: https://api.example.com/notes
                body: "note: {{text}} / {{json text}}"
                auth: { type: basic, username: "{{user}}", password: "${PW}" }
                params: { text: string, user: string }
              - type: http
                name: b
                endpoint: https://api.example.com/
                auth: { type: apikey, header: X-Api-Key, key: "${KEY:-dev}" }
            """,
            new GeneratorOptions("App", GenerateEntryPoint: false));
        Assert.IsTrue(result.Succeeded, string.Join("\n", result.Diagnostics));
        var server = result.Sources.Single(s => s.RelativePath == "PForgeServer.g.cs").Content;
        const string F = "global::PForge.Runtime.Tools.Templating.TemplateFormat";
        Assert.Contains($"Body = string.Concat(\"note: \", {F}.Text(input.Text), \" / \", {F}.Json(input.Text)),", server);
        Assert.Contains("ContentType = \"text/plain\",", server);
        Assert.Contains($"new(\"Authorization\", global::PForge.Runtime.Tools.Http.HttpToolRunner.Basic({F}.Text(input.User), {F}.Env(\"PW\", null))),", server);

        // Tool b: GET by default, no input read, no body, the default limits.
        Assert.Contains("TryRead(arguments, out _, out var error)", server);
        Assert.Contains("Method = \"GET\",", server);
        Assert.Contains("Url = \"https://api.example.com/\",", server);
        Assert.Contains($"new(\"X-Api-Key\", {F}.Env(\"KEY\", \"dev\")),", server);
        Assert.Contains("Body = null,", server);
        Assert.Contains("Timeout = global::System.TimeSpan.FromMilliseconds(30000L),", server);
        Assert.Contains("MaxResponseBytes = 1048576,", server);
    }

    [TestMethod]
    public void InputRecordsWriteThemselvesAsJson()
    {
        var types = Types(
            """
            tags: { type: array, items: string }
            point: { type: object, properties: { x: number } }
            """);

        Assert.Contains("public static void WriteObject(global::System.Text.Json.Utf8JsonWriter writer, object value) => Write(writer, (TInput)value);", types);
        Assert.Contains("public readonly partial record struct TInput : global::PForge.Runtime.Generated.IArgumentRecord<TInput>\n", types.ReplaceLineEndings("\n"));
        Assert.Contains("public sealed partial record TInputPoint : global::PForge.Runtime.Generated.IArgumentRecord<TInputPoint>\n", types.ReplaceLineEndings("\n"));
        Assert.Contains("public static void Write(global::System.Text.Json.Utf8JsonWriter writer, TInput value)", types);
        Assert.Contains("public static void Write(global::System.Text.Json.Utf8JsonWriter writer, TInputPoint value)", types);
        Assert.Contains("public static void Tags_Writer(global::System.Text.Json.Utf8JsonWriter writer, object value)", types);
        Assert.Contains("foreach (var item in (global::System.Collections.Generic.IReadOnlyList<string>)value)", types);
    }

    /// <summary>The generated Types file of a tool 't' whose params are <paramref name="paramsYaml"/>.</summary>
    [TestMethod]
    public void TaskToolsAreNamedToTheRuntimeAndTheExtensionIsDeclared()
    {
        var result = Generator.Run(
            """
            forge: { name: x, version: 1.0.0 }
            tools:
              - { type: native, name: a, params: { x: number } }
              - { type: native, name: b, task: true, params: { x: number } }
              - { type: cli, name: c, task: optional, command: /bin/true }
              - { type: native, name: d, task: required }
              - { type: native, name: e, task: required, task_start: handler }
              - { type: native, name: f, task: false }
              - { type: native, name: g, task_start: handler }
            """,
            new GeneratorOptions("App", GenerateEntryPoint: false));
        Assert.IsTrue(result.Succeeded, string.Join("\n", result.Diagnostics));
        var server = result.Sources.Single(s => s.RelativePath == "PForgeServer.g.cs").Content;
        Assert.Contains("public override bool IsTaskTool(int tool) => tool is 1 or 2 or 3 or 4 or 6;", server);
        Assert.Contains("public override bool IsTaskRequired(int tool) => tool is 3 or 4;", server);
        Assert.Contains("public override bool TaskStartsInHandler(int tool) => tool is 4 or 6;", server);
        Assert.Contains(CSharpNamesLiteral("""{"tools":{"listChanged":true},"logging":{},"completions":{},"extensions":{"io.modelcontextprotocol/tasks":{}}}"""), server);

        // Without a task tool: neither.
        var plain = CliServer("command: /bin/true");
        Assert.DoesNotContain("IsTaskTool", plain);
        Assert.DoesNotContain("IsTaskRequired", plain);
        Assert.DoesNotContain("TaskStartsInHandler", plain);
        Assert.DoesNotContain("io.modelcontextprotocol/tasks", plain);
    }

    private static string Types(string paramsYaml)
    {
        var yaml = "forge: { name: x, version: 1.0.0 }\ntools:\n  - type: native\n    name: t\n    params:\n"
            + string.Join('\n', paramsYaml.ReplaceLineEndings("\n").Split('\n').Select(line => "      " + line));
        var result = Generator.Run(yaml, new GeneratorOptions("App", GenerateEntryPoint: false));
        Assert.IsTrue(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Sources.Single(s => s.RelativePath == "T.Types.g.cs").Content;
    }

    /// <summary>The generated registry of a server whose only tool is a cli tool 't' with the keys <paramref name="toolYaml"/>.</summary>
    private static string CliServer(string toolYaml)
    {
        var yaml = "forge: { name: x, version: 1.0.0 }\ntools:\n  - type: cli\n    name: t\n"
            + string.Join('\n', toolYaml.ReplaceLineEndings("\n").Split('\n').Select(line => "    " + line));
        var result = Generator.Run(yaml, new GeneratorOptions("App", GenerateEntryPoint: false));
        Assert.IsTrue(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Sources.Single(s => s.RelativePath == "PForgeServer.g.cs").Content;
    }

    /// <summary>Text as it appears inside the C# literal of the tools/list JSON.</summary>
    private static string CSharpNamesLiteral(string json) => Emit.CSharpNames.StringLiteral(json)[1..^1];
}
