using System.Globalization;
using PForge.Tasks.Config;

namespace PForge.Tasks.Tests.Diagnostics;

/// <summary>An expected diagnostic, carried as text so the data rows stay serializable for test discovery.</summary>
public sealed record ExpectedDiagnostic(string Code, DiagnosticSeverity Severity, int Line, int Column, string Message, bool Exact)
{
    public override string ToString() => string.Join('\u001f', Code, Severity, Line, Column, Exact, Message);

    public static ExpectedDiagnostic Parse(string text)
    {
        var parts = text.Split('\u001f', 6);
        return new(
            parts[0],
            Enum.Parse<DiagnosticSeverity>(parts[1]),
            int.Parse(parts[2], CultureInfo.InvariantCulture),
            int.Parse(parts[3], CultureInfo.InvariantCulture),
            parts[5],
            bool.Parse(parts[4]));
    }
}
