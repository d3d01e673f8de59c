using System.Globalization;
using System.Text.RegularExpressions;

namespace PForge.IntegrationTests;

/// <summary>
/// dotnet build -t:PForgePerfGate on samples/calculator: passes against the committed baseline, and fails with PF2009
/// showing both figures when the baseline is lowered beyond the tolerance (the second run reuses the first's publish).
/// </summary>
[TestClass]
public sealed partial class PerfGateTests
{
    private static string Project => Path.Combine(DotNet.Sample("calculator"), "Calculator.csproj");

    [TestMethod]
    [Timeout(900_000, CooperativeCancellation = true)]
    public async Task TheGatePassesAgainstTheBaselineAndFailsWhenTheBaselineIsLowered()
    {
        RequireValgrind();
        var sample = DotNet.Sample("calculator");
        var baselineFile = Path.Combine(sample, "perf", "baseline.txt");
        var committed = File.ReadAllText(baselineFile);
        var baseline = long.Parse(committed.Split('\n').Select(l => l.Trim()).First(l => l.Length > 0 && !l.StartsWith('#')), CultureInfo.InvariantCulture);

        var (code, output) = await DotNet.RunAsync(sample, TimeSpan.FromMinutes(12), "build", Project, "-nologo", "-t:PForgePerfGate");
        Assert.AreEqual(0, code, output);
        var passed = Passed().Match(output);
        Assert.IsTrue(passed.Success, output);
        Assert.AreEqual(baseline.ToString(CultureInfo.InvariantCulture), passed.Groups[2].Value, output);
        var measured = long.Parse(passed.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.IsLessThanOrEqualTo(2.0, Math.Abs(measured - baseline) * 100.0 / baseline, output);

        // A baseline 10% lower than the measured figure: the same binary now fails the gate.
        var lowered = Path.Combine(Path.GetTempPath(), "pforge-it", $"baseline-{Guid.NewGuid():N}.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(lowered)!);
        var low = measured * 9 / 10;
        File.WriteAllText(lowered, $"# lowered by the test\n{low}\n");
        try
        {
            (code, output) = await DotNet.RunAsync(sample, TimeSpan.FromMinutes(12), "build", Project, "-nologo", "-t:PForgePerfGate",
                $"-p:PForgePerfBaseline={lowered}", "-p:PForgePerfExecutable=obj/pforge-perf/publish/Calculator");
            Assert.AreNotEqual(0, code, output);
            var failed = Failed().Match(output);
            Assert.IsTrue(failed.Success, output);
            var again = long.Parse(failed.Groups[1].Value, CultureInfo.InvariantCulture);
            // As the targets compute it: hundredths of a percent rounded half up, in integers.
            var percent = ((again - low) * 10000 + low / 2) / low / 100.0;
            StringAssert.Contains(output,
                $"error PF2009: Perf gate failed: {again} instructions per request is {percent.ToString(CultureInfo.InvariantCulture)}% above the baseline {low} ({lowered}), beyond the tolerance of 2%. Find what made requests slower; if the cost is intended, rewrite the baseline with -p:PForgePerfUpdateBaseline=true and commit it saying why");
        }
        finally
        {
            File.Delete(lowered);
        }

        Assert.AreEqual(committed, File.ReadAllText(baselineFile), "the gate never rewrites the baseline unless asked");
    }

    [TestMethod]
    public async Task WithoutValgrindTheGateSaysToInstallItBeforePublishing()
    {
        var (code, output) = await DotNet.RunAsync(DotNet.Sample("calculator"), TimeSpan.FromMinutes(5), "build", Project, "-nologo", "-t:PForgePerfGate", "-p:PForgeValgrind=no-such-valgrind");
        Assert.AreNotEqual(0, code, output);
        StringAssert.Contains(output, "error PF2008: The perf gate counts instructions with valgrind, but 'no-such-valgrind' cannot be run: install valgrind (Debian and Ubuntu: sudo apt-get install valgrind) or set PForgeValgrind to its path");
        Assert.IsFalse(output.Contains("Generating native code", StringComparison.Ordinal), output);
    }

    private static void RequireValgrind()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, "valgrind")));
        if (!found)
        {
            Assert.Inconclusive("valgrind is not installed (CI installs it: .ci/run)");
        }
    }

    [GeneratedRegex(@"PForge perf gate passed: (\d+) instructions per request, [0-9.]+% (?:above|below) the baseline (\d+) ")]
    private static partial Regex Passed();

    [GeneratedRegex(@"error PF2009: Perf gate failed: (\d+) instructions per request")]
    private static partial Regex Failed();
}
