using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using PForge.Tasks.Config;

namespace PForge.Tasks.Diagnostics;

/// <summary>Logs a <see cref="Diagnostic"/> in MSBuild's canonical form, at the file's line and column.</summary>
internal static class DiagnosticLog
{
    public static void Report(this TaskLoggingHelper log, Diagnostic diagnostic, string file)
    {
        if (diagnostic.IsError)
        {
            log.LogError(null, diagnostic.Code, null, file, diagnostic.Line, diagnostic.Column, 0, 0, diagnostic.Message);
        }
        else if (diagnostic.Severity == DiagnosticSeverity.Warning)
        {
            log.LogWarning(null, diagnostic.Code, null, file, diagnostic.Line, diagnostic.Column, 0, 0, diagnostic.Message);
        }
        else
        {
            log.LogMessage(null, diagnostic.Code, null, file, diagnostic.Line, diagnostic.Column, 0, 0, MessageImportance.High, diagnostic.Message);
        }
    }
}
