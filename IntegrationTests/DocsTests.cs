using System.Text.RegularExpressions;

namespace PForge.IntegrationTests;

/// <summary>The code in the docs is code that compiles: each block marked with its source file appears in that file.</summary>
[TestClass]
public sealed partial class DocsTests
{
    [TestMethod]
    [DataRow("docs/handlers.md")]
    public void EveryMarkedSnippetIsInItsSourceFile(string doc)
    {
        var text = File.ReadAllText(Path.Combine(DotNet.RepoRoot, doc));
        var snippets = Snippet().Matches(text);
        Assert.IsGreaterThan(0, snippets.Count, $"{doc} has no marked snippet");
        foreach (Match snippet in snippets)
        {
            var source = snippet.Groups[1].Value;
            var file = Lines(File.ReadAllText(Path.Combine(DotNet.RepoRoot, source)));
            var block = Lines(snippet.Groups[2].Value);
            var found = Enumerable.Range(0, file.Length - block.Length + 1).Any(start => file.AsSpan(start, block.Length).SequenceEqual(block));
            Assert.IsTrue(found, $"{doc}: this snippet is not in {source} (indentation aside):\n{snippet.Groups[2].Value}");
        }
    }

    private static string[] Lines(string text) => [.. text.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    [GeneratedRegex(@"<!-- from (\S+) -->\n```csharp\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex Snippet();
}
