using System.Text.RegularExpressions;
using PForge.Tasks.Config;

namespace PForge.Tasks.Tests;

/// <summary>
/// Patterns mean what JSON Schema says (ECMA-262): the translated .NET pattern, compiled and run here, must accept and
/// reject what a JavaScript engine would.
/// </summary>
[TestClass]
public sealed class EcmaPatternTests
{
    [TestMethod]
    [DataRow("^[a-z]+$", "abc", true)]
    [DataRow("^[a-z]+$", "abc\n", false)] // .NET's '$' matches before a final newline; ECMA-262's does not.
    [DataRow("^\\d+$", "0123456789", true)]
    [DataRow("^\\d+$", "١٢٣", false)] // Arabic-Indic digits are \d in .NET only.
    [DataRow("^\\D+$", "١٢٣", true)]
    [DataRow("^\\D+$", "a1", false)]
    [DataRow("^\\w+$", "snake_Case9", true)]
    [DataRow("^\\w+$", "été", false)]
    [DataRow("^\\W+$", "é-", true)]
    [DataRow("^\\W+$", "a", false)]
    [DataRow("^[\\d_]+$", "1_2", true)]
    [DataRow("^[\\d_]+$", "١", false)]
    [DataRow("^[^\\w]+$", "é", true)]
    [DataRow("^[^\\w]+$", "a", false)]
    [DataRow("^[\\W]+$", "é ", true)]
    [DataRow("^[\\W]+$", "Z", false)]
    [DataRow("^[\\D]+$", "x١", true)]
    [DataRow("^[\\D]+$", "7", false)]
    [DataRow("^[\\w-z]+$", "-", true)] // \w, '-' and 'z': not a range from '_' to 'z'.
    [DataRow("^[\\w-z]+$", "`", false)]
    [DataRow("^[\\w-[_]]+$", "ab", true)] // .NET class subtraction still works.
    [DataRow("^[\\w-[_]]+$", "_", false)]
    [DataRow("^\\s$", "\u00A0", true)]
    [DataRow("^\\s$", "\uFEFF", true)] // ECMA-262 whitespace, not .NET's.
    [DataRow("^\\s$", "\u0085", false)] // NEL is .NET whitespace only.
    [DataRow("^[\\S]$", "\u0085", true)]
    [DataRow("^\\bab\\b$", "ab", true)]
    [DataRow("\\bé", "xé", true)] // 'é' is no word character in ECMA-262, so 'x' then 'é' is a word boundary; not in .NET.
    [DataRow("^a.b$", "a\rb", false)] // '.' excludes every line terminator in ECMA-262.
    [DataRow("^a.b$", "a\u2028b", false)]
    [DataRow("^a.b$", "a\tb", true)]
    [DataRow("^a\\$$", "a$", true)] // An escaped '$' is a dollar sign.
    [DataRow("^[$]+$", "$$", true)] // So is one in a class.
    [DataRow("^\\\\$", "\\", true)] // An escaped backslash before a real '$'.
    [DataRow("^\\\\$", "\\\n", false)]
    [DataRow("^[]a]+$", "]a", true)] // .NET reads a leading ']' literally.
    [DataRow("(?#comment with $ and [)^x$", "x", true)]
    [DataRow("(?m)^a$", "a\nb", true)] // With .NET's multiline option, '$' keeps its .NET meaning.
    public void MatchesAsEcma262(string pattern, string input, bool expected)
    {
        var translated = EcmaPattern.ToDotNet(pattern);
        Assert.AreEqual(expected, new Regex(translated, RegexOptions.None, TimeSpan.FromSeconds(1)).IsMatch(input), $"'{pattern}' as '{translated}'");
    }

    [TestMethod]
    public void DotNetAloneWouldAcceptWhatTheSchemaRejects()
    {
        // The reason for the translation: these hold for the untranslated patterns.
        Assert.IsTrue(Regex.IsMatch("abc\n", "^[a-z]+$"));
        Assert.IsTrue(Regex.IsMatch("١٢٣", @"^\d+$"));
    }

    [TestMethod]
    [DataRow("^[a-z]+$", @"^[a-z]+\z")]
    [DataRow(@"^\d{3}-\w+$", @"^[0-9]{3}-[a-zA-Z0-9_]+\z")]
    [DataRow(@"^[\d.]+\D$", @"^[0-9.]+[^0-9]\z")]
    [DataRow(@"[\w-]", @"[a-zA-Z0-9_-]")]
    [DataRow(@"[\w-z]", @"[a-zA-Z0-9_\-z]")]
    [DataRow(@"\$[$]\\$", @"\$[$]\\\z")]
    [DataRow(@"\p{L}\k<x>\cJ", @"\p{L}\k<x>\cJ")]
    [DataRow("(?m)a$", "(?m)a$")]
    [DataRow("(?s)a.", "(?s)a.")]
    [DataRow("(?-m)a$", @"(?-m)a\z")]
    public void Translation(string pattern, string expected) => Assert.AreEqual(expected, EcmaPattern.ToDotNet(pattern));

    [TestMethod]
    public void TranslationsOfValidPatternsParse()
    {
        foreach (var pattern in new[] { @"[\W\D\S]", @"[^\W\d]", @"[\w-[\d]]", @"[a-z-[\W]]", @"\B\b", @"(?<year>\d{4})-(?<m>\d\d)", @"\c[", @"[\b]" })
        {
            _ = new Regex(pattern);
            _ = new Regex(EcmaPattern.ToDotNet(pattern));
        }
    }
}
