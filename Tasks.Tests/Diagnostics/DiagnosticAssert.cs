using PForge.Tasks.Config;

namespace PForge.Tasks.Tests.Diagnostics;

/// <summary>The one check of every diagnostic row: the generator run on its YAML yields exactly its diagnostics.</summary>
public static class DiagnosticAssert
{
    public static void Reports(string name, string yaml, string[] expected, GeneratorOptions? options = null)
    {
        var result = Generator.Run(yaml, options ?? new GeneratorOptions("App", GenerateEntryPoint: true));
        var actual = result.Diagnostics;
        var listing = $"{name}: got\n  {string.Join("\n  ", actual)}";
        Assert.HasCount(expected.Length, actual, listing);
        var wanted = expected.Select(ExpectedDiagnostic.Parse).ToList();
        for (var i = 0; i < wanted.Count; i++)
        {
            var want = wanted[i];
            var got = actual[i];
            Assert.AreEqual(want.Code, got.Code, listing);
            Assert.AreEqual(want.Severity, got.Severity, listing);
            Assert.AreEqual(want.Line, got.Line, $"line of {want.Code}; {listing}");
            Assert.AreEqual(want.Column, got.Column, $"column of {want.Code}; {listing}");
            if (want.Exact)
            {
                Assert.AreEqual(want.Message, got.Message, listing);
            }
            else
            {
                Assert.Contains(want.Message, got.Message, listing);
            }
        }

        // Errors stop generation; warnings alone do not.
        Assert.AreEqual(wanted.Any(e => e.Severity == DiagnosticSeverity.Error), !result.Succeeded, listing);
        Assert.AreEqual(result.Succeeded, result.Sources.Count > 0, listing);
    }
}
