using System.Text.RegularExpressions;

namespace PForge.Tasks.Tests;

/// <summary>docs/diagnostics.md lists exactly the codes of DiagnosticCodes.cs, each with its severity.</summary>
[TestClass]
public sealed partial class DiagnosticsDocTests
{
    [TestMethod]
    public void DocListsEveryCodeAndNoOther()
    {
        var source = SourceCodes();
        var documented = Row().Matches(Doc()).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var mentioned = DocCode().Matches(Doc()).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

        Assert.IsGreaterThan(20, source.Count, "DiagnosticCodes.cs should define the PF codes");
        var undocumented = source.Keys.Where(code => !documented.Contains(code)).Order(StringComparer.Ordinal).ToList();
        Assert.IsEmpty(undocumented, $"Codes in DiagnosticCodes.cs without a row in docs/diagnostics.md: {string.Join(", ", undocumented)}");
        var unknown = mentioned.Where(code => !source.ContainsKey(code)).Order(StringComparer.Ordinal).ToList();
        Assert.IsEmpty(unknown, $"Codes in docs/diagnostics.md that DiagnosticCodes.cs does not define: {string.Join(", ", unknown)}");
    }

    [TestMethod]
    public void DocGivesEachCodeOnceWithItsSeverity()
    {
        var source = SourceCodes();
        var rows = Row().Matches(Doc()).Select(m => (Code: m.Groups[1].Value, Severity: m.Groups[2].Value)).ToList();

        var repeated = rows.GroupBy(r => r.Code).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.IsEmpty(repeated, $"Codes with more than one row: {string.Join(", ", repeated)}");
        foreach (var (code, severity) in rows.Where(r => source.ContainsKey(r.Code)))
        {
            Assert.AreEqual(source[code], severity, $"Severity of {code} in docs/diagnostics.md");
        }
    }

    [TestMethod]
    public void DocGroupsCodesByRange()
    {
        var doc = Doc();
        int Section(string heading) => doc.IndexOf(heading, StringComparison.Ordinal);
        var configuration = Section("## PF0xxx");
        var generation = Section("## PF1xxx");
        var build = Section("## PF2xxx");
        Assert.IsTrue(configuration > 0 && configuration < generation && generation < build, "sections PF0xxx, PF1xxx, PF2xxx in this order");

        foreach (Match row in Row().Matches(doc))
        {
            var expected = row.Groups[1].Value[2] switch
            {
                '0' => configuration,
                '1' => generation,
                _ => build,
            };
            var next = new[] { configuration, generation, build, doc.Length }.Where(start => start > expected).Min();
            Assert.IsTrue(row.Index > expected && row.Index < next, $"{row.Groups[1].Value} is in the section of its range");
        }
    }

    /// <summary>
    /// Code → severity ("Error", "Warning" or "Info"), read from the factory methods' source text, and from the
    /// <c>&lt;Error Code="PF…"&gt;</c> and <c>&lt;Warning Code="PF…"&gt;</c> tasks of Sdk/build/*.targets: diagnostics that
    /// MSBuild raises itself (publishing, PGO) are defined there.
    /// </summary>
    private static Dictionary<string, string> SourceCodes()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.FindRoot(), "Tasks", "Diagnostics", "DiagnosticCodes.cs"));
        var codes = SourceCode().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var severities = Factory().Matches(text).ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value, StringComparer.Ordinal);
        Assert.IsTrue(codes.SetEquals(severities.Keys), "every code in DiagnosticCodes.cs is created by Error(...), Warning(...) or Info(...)");

        foreach (var targets in Directory.GetFiles(Path.Combine(RepoPaths.FindRoot(), "Sdk", "build"), "*.targets"))
        {
            foreach (Match task in TargetsTask().Matches(File.ReadAllText(targets)))
            {
                var (severity, code) = (task.Groups[1].Value, task.Groups[2].Value);
                if (severities.TryGetValue(code, out var known))
                {
                    Assert.AreEqual(known, severity, $"{code} has one severity in DiagnosticCodes.cs and {Path.GetFileName(targets)}");
                }

                severities[code] = severity;
            }
        }

        return severities;
    }

    private static string Doc() => File.ReadAllText(Path.Combine(RepoPaths.FindRoot(), "docs", "diagnostics.md"));

    /// <summary>A code as the source writes it: a string literal.</summary>
    [GeneratedRegex(@"""(PF\d{4})""")]
    private static partial Regex SourceCode();

    /// <summary>A code anywhere in the doc (rows, prose, examples).</summary>
    [GeneratedRegex(@"\bPF\d{4}\b")]
    private static partial Regex DocCode();

    [GeneratedRegex(@"\b(Error|Warning|Info)\(""(PF\d{4})""")]
    private static partial Regex Factory();

    /// <summary>An MSBuild Error or Warning task with a PF code.</summary>
    [GeneratedRegex(@"<(Error|Warning)\s[^>]*?\bCode=""(PF\d{4})""")]
    private static partial Regex TargetsTask();

    [GeneratedRegex(@"^\|\s*(PF\d{4})\s*\|\s*(Error|Warning|Info)\s*\|", RegexOptions.Multiline)]
    private static partial Regex Row();
}
