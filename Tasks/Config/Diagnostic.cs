namespace PForge.Tasks.Config;

public enum DiagnosticSeverity
{
    Warning,
    Error,
}

/// <summary>One finding about <c>pforge.yaml</c>, at a 1-based line and column.</summary>
public sealed record Diagnostic(string Code, DiagnosticSeverity Severity, string Message, int Line, int Column)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>The canonical MSBuild form, e.g. <c>pforge.yaml(12,5): error PF0101: …</c>.</summary>
    public string Format(string file) =>
        $"{file}({Line},{Column}): {(IsError ? "error" : "warning")} {Code}: {Message}";

    public override string ToString() => Format("pforge.yaml");
}
