using System.Reflection;
using PForge.Tasks.Config;

namespace PForge.Tasks.Tests.Diagnostics;

/// <summary>
/// The rows of the diagnostic tables: a name, a pforge.yaml text, and every diagnostic it yields, in order, each with
/// its code, 1-based line and column, and the key part of its message (or all of it, with exact: true).
/// </summary>
public static class DiagnosticCase
{
    public static object[] Case(string name, string yaml, params string[] expected) => [name, yaml, expected];

    public static string Error(string code, int line, int column, string message, bool exact = false) =>
        Expect(code, DiagnosticSeverity.Error, line, column, message, exact);

    public static string Warning(string code, int line, int column, string message, bool exact = false) =>
        Expect(code, DiagnosticSeverity.Warning, line, column, message, exact);

    public static string Info(string code, int line, int column, string message, bool exact = false) =>
        Expect(code, DiagnosticSeverity.Info, line, column, message, exact);

    /// <summary>The test name of a row: its first column.</summary>
    public static string Name(MethodInfo method, object[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return (string)data[0];
    }

    /// <summary>The expected diagnostics of a row.</summary>
    public static IEnumerable<ExpectedDiagnostic> Expected(object[] row) => ((string[])row[2]).Select(ExpectedDiagnostic.Parse);

    private static string Expect(string code, DiagnosticSeverity severity, int line, int column, string message, bool exact) =>
        new ExpectedDiagnostic(code, severity, line, column, message, exact).ToString();
}
