using System.Text.RegularExpressions;

namespace PForge.IntegrationTests;

/// <summary>dotnet build -t:PForgeBench on samples/calculator: publishes it, drives every tool, writes the report.</summary>
[TestClass]
public sealed partial class BenchTests
{
    [TestMethod]
    [Timeout(900_000, CooperativeCancellation = true)]
    public async Task TheBenchTargetWritesAReportWithEveryFigurePerTool()
    {
        var sample = DotNet.Sample("calculator");
        var report = Path.Combine(Path.GetTempPath(), "pforge-it", $"bench-{Guid.NewGuid():N}.md");
        try
        {
            var (code, log) = await DotNet.RunAsync(sample, TimeSpan.FromMinutes(12),
                "build", Path.Combine(sample, "Calculator.csproj"), "-nologo", "-t:PForgeBench", "-p:PForgeBenchCalls=2000", "-p:PForgeBenchRuns=1", $"-p:PForgeBenchReport={report}");
            Assert.AreEqual(0, code, log);
            StringAssert.Contains(log, "PForge bench: the report is " + report);
            var text = File.ReadAllText(report);
            StringAssert.StartsWith(text, "# PForge bench: Calculator\n");
            StringAssert.Matches(text, ColdStart());
            StringAssert.Matches(text, PeakRss());
            StringAssert.Matches(text, CalculateRow());
            Assert.DoesNotContain("an answer was an error", text);
        }
        finally
        {
            File.Delete(report);
        }
    }

    [GeneratedRegex(@"\| cold start \(spawn → `initialize` response, median of 20\) \| [0-9.]+ ms \|")]
    private static partial Regex ColdStart();

    [GeneratedRegex(@"\| peak RSS after 10,000 calls \| [0-9.]+ MB \|")]
    private static partial Regex PeakRss();

    [GeneratedRegex(@"\| `calculate` \| [0-9,]+ \| [0-9.]+ \| [0-9.]+ \| [0-9,]+ \| [0-9.]+ \| [0-9.]+ \|")]
    private static partial Regex CalculateRow();
}
