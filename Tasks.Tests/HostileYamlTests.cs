using System.Text;

namespace PForge.Tasks.Tests;

/// <summary>
/// Any pforge.yaml gives diagnostics or success, never an exception or a hang: the samples' files broken in thousands of
/// seeded ways (bytes flipped, cut, repeated, YAML punctuation dropped in) and plain garbage.
/// </summary>
[TestClass]
public sealed class HostileYamlTests
{
    private const int Mutations = 3000;

    private static readonly string[] Punctuation = ["&a ", "*a", "<<: *a\n", "[", "]", "{", "}", ": ", "- ", "!!binary ", "!tag ", "%YAML 1.2\n", "---\n", "...\n", "|\n", ">-\n", "\"", "'", "#", "\t", "\0", "\uFFFF", "\uD800", "? ", ",", "\n  ", "~", "0x1F", "1e999", "-.inf", ".nan"];

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void BrokenSamplesGiveDiagnosticsNeverAnException()
    {
        var samples = Directory.GetDirectories(Path.Combine(RepoPaths.FindRoot(), "samples"))
            .Select(d => Directory.GetFiles(d, "*.yaml").FirstOrDefault())
            .OfType<string>()
            .Select(File.ReadAllText)
            .ToArray();
        Assert.IsGreaterThanOrEqualTo(5, samples.Length);

        var random = new Random(20261129);
        var failures = new List<string>();
        for (var i = 0; i < Mutations; i++)
        {
            var yaml = Mutate(samples[random.Next(samples.Length)], random);
            Run(yaml, failures);
        }

        Assert.IsEmpty(failures, string.Join("\n\n", failures.Take(3)));
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public void GarbageGivesDiagnosticsNeverAnException()
    {
        var random = new Random(7);
        var failures = new List<string>();
        for (var i = 0; i < 500; i++)
        {
            var bytes = new byte[random.Next(0, 2048)];
            random.NextBytes(bytes);
            Run(i % 2 == 0 ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes), failures);
        }

        Assert.IsEmpty(failures, string.Join("\n\n", failures.Take(3)));
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public void NestingAHundredThousandDeepIsRefusedBeforeItIsLoaded()
    {
        foreach (var (open, close) in new[] { ("[", "]"), ("{a: ", "}"), ("- ", "") })
        {
            // Flow lists, flow mappings, and compact block lists ("- - - 1") on the line after the key.
            var deep = "forge: { name: x, version: 1.0.0 }\nx:\n  " + string.Concat(Enumerable.Repeat(open, 100_000)) + "1" + string.Concat(Enumerable.Repeat(close, 100_000));
            var result = Generator.Run(deep, new GeneratorOptions("App", GenerateEntryPoint: false));
            Assert.AreEqual("PF0005", result.Diagnostics.Single().Code, open);
        }
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public void TheBillionLaughsAreRefusedBeforeTheyAreWalked()
    {
        // Nine levels of ten aliases: 10^9 values in 1 KB, also where a reader turns values into JSON (a default).
        var yaml = "forge: { name: x, version: 1.0.0 }\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
            + string.Concat(Enumerable.Range(1, 8).Select(i => $"l{i}: &l{i} [" + string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10)) + "]\n"))
            + "tools:\n  - { type: native, name: t, params: { x: { type: array, default: *l8 } } }\n";
        var result = Generator.Run(yaml, new GeneratorOptions("App", GenerateEntryPoint: false));
        Assert.AreEqual("PF0006", result.Diagnostics.Single().Code);
    }

    [TestMethod]
    public void ATagThatIsNoUriIsASyntaxError()
    {
        // YamlDotNet throws ArgumentException for it (found by the openapi fuzz target, which reads YAML the same way).
        var result = Generator.Run("forge: !!+! x\n", new GeneratorOptions("App", GenerateEntryPoint: false));
        var diagnostic = result.Diagnostics.Single();
        Assert.AreEqual(("PF0001", "YAML syntax error: Global tags must be valid URIs. (Parameter 'value')"), (diagnostic.Code, diagnostic.Message));
    }

    [TestMethod]
    public async Task WhatTheFuzzerFoundGivesADiagnosticAtOnce()
    {
        // Inputs AFL++ found (scripts/fuzz, target yaml): alias loops overflowed the stack of the process that loaded
        // them (now PF0007); a reserved directive running to the end of a text of 1,024 characters hung YamlDotNet.
        var found = Directory.GetFiles(Path.Combine(RepoPaths.FindRoot(), "Fuzz", "regressions", "yaml"));
        Assert.IsGreaterThanOrEqualTo(7, found.Length);
        foreach (var file in found)
        {
            var result = await Bounded(Encoding.UTF8.GetString(File.ReadAllBytes(file)));
            var error = result.Diagnostics.FirstOrDefault(d => d.IsError)?.Code;
            if (Path.GetFileName(file).StartsWith("recursive-alias", StringComparison.Ordinal))
            {
                Assert.AreEqual("PF0007", error, Path.GetFileName(file));
            }
            else
            {
                Assert.IsNotNull(error, Path.GetFileName(file));
            }
        }
    }

    [TestMethod]
    [DataRow("a: b\n%R ", 1024, DisplayName = "after a mapping, 1,024 characters")]
    [DataRow("a: b\n%R ", 2048, DisplayName = "after a mapping, 2,048 characters")]
    [DataRow("%R ", 1024, DisplayName = "alone, 1,024 characters")]
    public async Task AReservedDirectiveRunningToTheEndOfAKibibyteIsNoHang(string start, int length)
    {
        var result = await Bounded(start + new string('x', length - start.Length));
        Assert.IsTrue(result.Diagnostics.Any(d => d.IsError), string.Join("\n", result.Diagnostics));
    }

    [TestMethod]
    [DataRow("&a [*a]: x\n", "a", 1, 5, DisplayName = "a flow list holding itself, as a key")]
    [DataRow("? &a\n  - *a\n: x\n", "a", 2, 5, DisplayName = "a block list holding itself, as a key")]
    [DataRow("&m { &a [*a]: x }\n", "a", 1, 10, DisplayName = "inside an anchored mapping")]
    [DataRow("forge: { name: x, version: 1.0.0 }\nl: &a [*a]\n? *a\n: y\n", "a", 2, 8, DisplayName = "as a value, then as a key")]
    [DataRow("forge: &f { name: x, version: 1.0.0, me: *f }\n", "f", 1, 42, DisplayName = "a mapping holding itself")]
    public void AnAliasInsideItsOwnAnchorIsRefusedBeforeItIsLoaded(string yaml, string anchor, int line, int column)
    {
        var diagnostic = Generator.Run(yaml, new GeneratorOptions("App", GenerateEntryPoint: false)).Diagnostics.Single();
        Assert.AreEqual(("PF0007", line, column, $"Alias '*{anchor}' stands for a node that contains it: pforge.yaml cannot hold a value that contains itself"),
            (diagnostic.Code, diagnostic.Line, diagnostic.Column, diagnostic.Message));
    }

    [TestMethod]
    public void AnAliasToAnAnchorNamedAgainInsideIsNotRecursive()
    {
        // The alias stands for the latest node with that anchor, which has ended: YAML allows it, and it holds no cycle.
        foreach (var yaml in new[] { "forge: { name: x, version: 1.0.0 }\nl: &a [&a x, *a]\n", "forge: { name: x, version: 1.0.0 }\nl: &a [&a [y], *a]\n" })
        {
            var result = Generator.Run(yaml, new GeneratorOptions("App", GenerateEntryPoint: false));
            Assert.IsFalse(result.Diagnostics.Any(d => d.Code is "PF0007" or "PF0001"), yaml + string.Join("\n", result.Diagnostics));
        }
    }

    /// <summary>The generator's run on <paramref name="yaml"/>, failing the test when it takes longer than a bound (a hang).</summary>
    private static async Task<GeneratorResult> Bounded(string yaml) =>
        await Task.Run(() => Generator.Run(yaml, new GeneratorOptions("App", GenerateEntryPoint: false))).WaitAsync(TimeSpan.FromSeconds(30));

    private static void Run(string yaml, List<string> failures)
    {
        try
        {
            var result = Generator.Run(yaml, new GeneratorOptions("App", GenerateEntryPoint: false));
            if (!result.Succeeded && result.Diagnostics.All(d => !d.IsError))
            {
                failures.Add("failed without an error diagnostic:\n" + yaml);
            }
        }
        catch (Exception ex)
        {
            failures.Add($"{ex.GetType().Name}: {ex.Message}\n{yaml}");
        }
    }

    private static string Mutate(string yaml, Random random)
    {
        var text = new StringBuilder(yaml);
        for (var edits = random.Next(1, 6); edits > 0 && text.Length > 0; edits--)
        {
            var at = random.Next(text.Length);
            switch (random.Next(5))
            {
                case 0:
                    text[at] = (char)random.Next(1, 128);
                    break;
                case 1:
                    text.Remove(at, Math.Min(text.Length - at, random.Next(1, 40)));
                    break;
                case 2:
                    text.Insert(at, Punctuation[random.Next(Punctuation.Length)]);
                    break;
                case 3:
                    var length = Math.Min(text.Length - at, random.Next(1, 200));
                    text.Insert(at, text.ToString(at, length));
                    break;
                default:
                    text.Length = at;
                    break;
            }
        }

        return text.ToString();
    }
}
