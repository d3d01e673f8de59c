using PForge.Tasks.Emit;

namespace PForge.Tasks.Tests;

/// <summary>The generated requests file: values from examples, defaults, enums, or built to pass the rules.</summary>
[TestClass]
public sealed class RequestsFileTests
{
    [TestMethod]
    public void ValuesComeFromExamplesDefaultsEnumsOrTheRules()
    {
        var result = Generator.Run(
            """
            forge: { name: x, version: 1.0.0 }
            tools:
              - type: native
                name: values
                params:
                  example: { type: number, required: true, examples: [6, 7] }
                  fallback: { type: string, default: hi }
                  choice: { type: integer, required: true, enum: [3, 5] }
                  big: { type: integer, required: true, validation: { min: 11 } }
                  negative: { type: number, required: true, max: -0.5 }
                  fraction: { type: number, required: true, min: 0.25, max: 0.75 }
                  flag: boolean
                  long_text: { type: string, required: true, min_length: 3 }
                  slug: { type: string, required: true, pattern: "^[a-z][a-z0-9-]{2,}$" }
                  code: { type: string, required: true, pattern: "^(?:ISO|EN)-\\d{4}(\\.\\d+)?$" }
                  list: { type: array, required: true, items: { type: integer, min: 2 }, min_length: 2 }
                  point: { type: object, required: true, properties: { x: number, y: { type: number, default: 0 }, label: string? } }
                  optional: { type: string }
              - type: cli
                name: echo
                command: echo
                args: ["{{text}}"]
                params: { text: { type: string, required: true, examples: ["a b"] } }
            """.Replace("string?", "{ type: string }", StringComparison.Ordinal),
            new GeneratorOptions("X", GenerateEntryPoint: false));
        Assert.IsEmpty(result.Diagnostics, string.Join("\n", result.Diagnostics));
        Assert.AreEqual(
            """
            {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"pforge-requests","version":"1.0.0"}}}
            {"jsonrpc":"2.0","method":"notifications/initialized"}
            {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"values","arguments":{"example":6,"fallback":"hi","choice":3,"big":11,"negative":-0.5,"fraction":0.75,"flag":true,"long_text":"aaa","slug":"aaa","code":"ISO-0000","list":[2,2],"point":{"x":1,"y":0}}}}
            {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"text":"a b"}}}

            """.ReplaceLineEndings("\n"),
            result.Requests!.Content);
    }

    [TestMethod]
    [DataRow("^[a-z0-9-]{1,32}$", 0, null, "a")]
    [DataRow("^[A-Z]{3}$", 0, null, "AAA")]
    [DataRow("[^a-z]+", 0, null, "0")]
    [DataRow("^\\w+@\\w+\\.com$", 0, null, "a@a.com")]
    [DataRow("^(red|green)-\\d+$", 0, null, "red-0")]
    [DataRow("^[a-z]+$", 4, 6, "aaaa")]
    [DataRow("^\\S+\\s\\S+$", 0, null, "a a")]
    [DataRow("^(?!admin)[a-z]+$", 0, null, null)]
    [DataRow("^(a)\\1$", 0, null, null)]
    [DataRow("^[a-z]{2}$", 3, null, null)]
    public void SimplePatternsGetAMatchingSample(string pattern, int minLength, int? maxLength, string? expected) =>
        Assert.AreEqual(expected, PatternSample.Build(pattern, minLength, maxLength));
}
