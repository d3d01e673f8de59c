namespace PForge.Tasks.Diagnostics;

public enum DiagnosticSeverity
{
    Warning,
    Error,

    /// <summary>A note: the build goes on and nothing needs changing (logged as a message of high importance).</summary>
    Info,
}

/// <summary>One finding about <c>pforge.yaml</c>, at a 1-based line and column.</summary>
public sealed record Diagnostic(string Code, DiagnosticSeverity Severity, string Message, int Line, int Column)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>The file it is about when not pforge.yaml (an OpenAPI document), as a full path; null for pforge.yaml.</summary>
    public string? File { get; init; }

    /// <summary>The canonical MSBuild form, e.g. <c>pforge.yaml(12,5): error PF0101: …</c>.</summary>
    public string Format(string file) =>
        $"{file}({Line},{Column}): {Severity switch { DiagnosticSeverity.Error => "error", DiagnosticSeverity.Warning => "warning", _ => "info" }} {Code}: {Message}";

    public override string ToString() => Format("pforge.yaml");
}
