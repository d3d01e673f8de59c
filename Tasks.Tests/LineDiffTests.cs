namespace PForge.Tasks.Tests;

[TestClass]
public sealed class LineDiffTests
{
    [TestMethod]
    public void ShowsEachChangeWithContextAndLineNumbers()
    {
        var expected = string.Join('\n', Enumerable.Range(1, 20).Select(i => $"line {i}"));
        var actual = expected.Replace("line 5\n", "line five\n", StringComparison.Ordinal).Replace("line 15\n", string.Empty, StringComparison.Ordinal);

        Assert.AreEqual(
            Lines(
                "--- expected/a.cs",
                "+++ actual/a.cs",
                "@@ -2,7 +2,7 @@",
                "     2 | line 2",
                "     3 | line 3",
                "     4 | line 4",
                "-    5 | line 5",
                "+    5 | line five",
                "     6 | line 6",
                "     7 | line 7",
                "     8 | line 8",
                "@@ -12,7 +12,6 @@",
                "    12 | line 12",
                "    13 | line 13",
                "    14 | line 14",
                "-   15 | line 15",
                "    16 | line 16",
                "    17 | line 17",
                "    18 | line 18"),
            LineDiff.Unified(expected, actual, "a.cs"));
    }

    [TestMethod]
    public void ShowsAddedLinesAtTheEnd() =>
        Assert.AreEqual(
            Lines(
                "--- expected/b.json",
                "+++ actual/b.json",
                "@@ -1,1 +1,2 @@",
                "     1 | {}",
                "+    2 | "),
            LineDiff.Unified("{}", "{}\n", "b.json"));

    private static string Lines(params string[] lines) => string.Concat(lines.Select(line => line + Environment.NewLine));
}
