using static PForge.Tasks.Tests.Diagnostics.DiagnosticCase;

namespace PForge.Tasks.Tests.Diagnostics;

/// <summary>PF0001..PF0007: the YAML text itself (syntax, duplicate keys, the size, depth and alias limits).</summary>
[TestClass]
public sealed class YamlDiagnosticTests
{
    public static IEnumerable<object[]> Cases =>
    [
        Case(
            "PF0001 unterminated quoted scalar",
            """
            forge:
              name: "calculator
              version: 1.0.0
            """,
            Error("PF0001", 2, 9, "YAML syntax error: While scanning a multi-line double-quoted scalar")),
        Case(
            "PF0001 key indented too far",
            """
            forge:
              name: calculator
               version: 1.0.0
            """,
            Error("PF0001", 3, 11, "YAML syntax error:")),
        Case(
            "PF0002 only a comment",
            """
            # nothing here yet
            """,
            Error("PF0002", 1, 1, "pforge.yaml is empty")),
        Case("PF0002 empty text", string.Empty, Error("PF0002", 1, 1, "needs at least a 'forge' section")),
        Case(
            "PF0003 duplicate key cites the first line",
            """
            forge:
              name: calculator
              version: 1.0.0
              name: calc
            """,
            Error("PF0003", 4, 3, "Key 'name' is given more than once (first at line 2)")),
        Case("PF0004 a file over 4 MiB", "forge: { name: x, version: 1.0.0 }\n#" + new string('x', 4 * 1024 * 1024),
            Error("PF0004", 1, 1, "pforge.yaml has 4,194,340 characters; the limit is 4,194,304", exact: true)),
        Case("PF0005 nesting past 256 levels", "forge: { name: x, version: 1.0.0 }\ndeep: " + new string('[', 300) + new string(']', 300) + "\n",
            Error("PF0005", 2, 262, "pforge.yaml nests mappings and lists more than 256 levels deep", exact: true)),
        Case(
            "PF0006 aliases standing for a million values",
            "forge: { name: x, version: 1.0.0 }\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
                + string.Concat(Enumerable.Range(1, 6).Select(i => $"l{i}: &l{i} [" + string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10)) + "]\n")),
            Error("PF0006", 7, 45, "pforge.yaml stands for more than 1,000,000 values once its aliases are expanded", exact: true)),
        Case("PF0007 an alias inside its own anchor", "forge: { name: x, version: 1.0.0 }\n&a [*a]: x\n",
            Error("PF0007", 2, 5, "Alias '*a' stands for a node that contains it: pforge.yaml cannot hold a value that contains itself", exact: true)),
    ];

    [TestMethod]
    [DynamicData(nameof(Cases), DynamicDataDisplayName = nameof(DiagnosticCase.Name), DynamicDataDisplayNameDeclaringType = typeof(DiagnosticCase))]
    public void ReportsDiagnostic(string name, string yaml, string[] expected) => DiagnosticAssert.Reports(name, yaml, expected);
}
