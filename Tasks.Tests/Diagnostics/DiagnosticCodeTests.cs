using System.Reflection;
using PForge.Tasks.Config;

namespace PForge.Tasks.Tests.Diagnostics;

/// <summary>
/// Every code of DiagnosticCodes has a row in one of the tables, and the codes no YAML reaches (the generator's own,
/// the task's and MSBuild's) say what they must.
/// </summary>
[TestClass]
public sealed class DiagnosticCodeTests
{
    /// <summary>The rows of every table, in the order of the codes' ranges.</summary>
    public static IEnumerable<object[]> AllCases =>
    [
        .. YamlDiagnosticTests.Cases,
        .. KeyDiagnosticTests.Cases,
        .. ToolDiagnosticTests.Cases,
        .. CliDiagnosticTests.Cases,
        .. ParamDiagnosticTests.Cases,
        .. TemplateDiagnosticTests.Cases,
        .. HttpDiagnosticTests.Cases,
        .. PipelineDiagnosticTests.Cases,
        .. ResourceDiagnosticTests.Cases,
        .. PromptDiagnosticTests.Cases,
        .. GenerationDiagnosticTests.Cases,
        .. ForgeDiagnosticTests.Cases,
        .. StateDiagnosticTests.Cases,
        .. PolicyDiagnosticTests.Cases,
        .. AuthDiagnosticTests.Cases,
        .. OpenApiDiagnosticTests.Cases,
    ];

    [TestMethod]
    public void EveryCodeHasACase()
    {
        // Every factory of DiagnosticCodes, called with placeholder arguments, names its code.
        var all = typeof(DiagnosticCodes).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.ReturnType == typeof(Diagnostic))
            .Select(m => ((Diagnostic)m.Invoke(null, [.. m.GetParameters().Select(Placeholder)])!).Code)
            .ToHashSet(StringComparer.Ordinal);
        var covered = AllCases.SelectMany(DiagnosticCase.Expected).Select(e => e.Code).ToHashSet(StringComparer.Ordinal);

        // PF1002 (a generator bug) has no YAML that reaches it, PF2001 (no file) is the task's, and PF2002 (no runtime)
        // MSBuild's: tested on their own. PF0204 (a tool type read but not built) is reserved: every type is built now.
        // PF2008..PF2012 belong to the perf gate (its targets and MeasurePForgeInstructions), tested there.
        // PF1106 (a state store switched off in the project) needs GeneratorOptions of its own: StateReaderTests.
        // PF1301 (a registry name of .mcp/server.json) is the pack task's: McpServerJsonTests.
        covered.UnionWith(["PF0204", "PF1002", "PF1106", "PF1301", "PF2001", "PF2002", "PF2008", "PF2009", "PF2010", "PF2011", "PF2012"]);
        var missing = all.Except(covered).Order(StringComparer.Ordinal).ToList();
        Assert.IsEmpty(missing, $"Codes without a case in {nameof(AllCases)}: {string.Join(", ", missing)}");
        Assert.IsEmpty(covered.Except(all).ToList(), $"cases name codes DiagnosticCodes does not define: {string.Join(", ", covered.Except(all))}");

        static object Placeholder(ParameterInfo parameter) =>
            parameter.ParameterType == typeof(SourcePosition) ? SourcePosition.Start
            : parameter.ParameterType == typeof(int) ? 1
            : parameter.ParameterType == typeof(string) ? "x"
            : parameter.ParameterType == typeof(bool) ? false
            : throw new InvalidOperationException($"no placeholder for {parameter.ParameterType}");
    }

    [TestMethod]
    public void GenerationFailedIsAnErrorAtTheStartOfTheFile()
    {
        // PF1002 guards against a generator bug (a template or schema failure); no valid YAML should reach it.
        var diagnostic = DiagnosticCodes.GenerationFailed("template 'Types' does not parse");
        Assert.AreEqual("PF1002", diagnostic.Code);
        Assert.AreEqual(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.AreEqual((1, 1), (diagnostic.Line, diagnostic.Column));
        Assert.AreEqual("pforge.yaml(1,1): error PF1002: Code generation failed: template 'Types' does not parse", diagnostic.ToString());
    }

    [TestMethod]
    public void RuntimeNotReferencedIsRaisedByMSBuildWithTheSameText()
    {
        // PF2002 comes from an Error task in the SDK's targets: the factory and the targets must say the same.
        var diagnostic = DiagnosticCodes.RuntimeNotReferenced();
        var targets = File.ReadAllText(Path.Combine(RepoPaths.FindRoot(), "Sdk", "build", "PForge.Runtime.targets"));
        Assert.AreEqual(("PF2002", DiagnosticSeverity.Error), (diagnostic.Code, diagnostic.Severity));
        Assert.Contains($"<Error Code=\"{diagnostic.Code}\" Text=\"{diagnostic.Message}\" />", targets);
    }

    [TestMethod]
    public void PerfGateErrorsAreRaisedByMSBuildWithTheSameTexts()
    {
        // PF2008..PF2011 come from Error tasks in PForge.PerfGate.targets, their figures and paths from properties.
        var targets = File.ReadAllText(Path.Combine(RepoPaths.FindRoot(), "Sdk", "build", "PForge.PerfGate.targets"));
        Diagnostic[] raised =
        [
            DiagnosticCodes.ValgrindMissing("$(PForgeValgrind)"),
            DiagnosticCodes.PerfRegression("$(_PForgePerfMeasured)", "$(_PForgePerfPercent)", "$(_PForgePerfBaselineFigure)", "$(PForgePerfBaseline)", "$(PForgePerfTolerancePercent)"),
            DiagnosticCodes.PerfBaselineMissing("$(PForgePerfBaseline)"),
            DiagnosticCodes.PerfRequestsMissing("$(PForgeRequestsFile)"),
        ];
        foreach (var diagnostic in raised)
        {
            Assert.AreEqual(DiagnosticSeverity.Error, diagnostic.Severity);
            Assert.Contains($"<Error Code=\"{diagnostic.Code}\" Condition=", targets);
            Assert.Contains($" Text=\"{diagnostic.Message}\" />", targets, diagnostic.Code);
        }

        // PF2012 is the measuring task's own.
        Assert.AreEqual("PF2012", DiagnosticCodes.PerfRunFailed("x").Code);
    }

    [TestMethod]
    public void FormatIsTheMSBuildCanonicalForm()
    {
        var diagnostic = new Diagnostic("PF0102", DiagnosticSeverity.Warning, "Unknown key", 12, 5);
        Assert.AreEqual("/src/pforge.yaml(12,5): warning PF0102: Unknown key", diagnostic.Format("/src/pforge.yaml"));
    }
}
