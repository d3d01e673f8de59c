namespace PForge.Runtime.Tools.Cli;

/// <summary>One run of a <c>cli</c> tool, as its generated code fills it in from the YAML and the checked input.</summary>
public sealed class CliInvocation
{
    /// <summary>Default cap on captured stdout and on captured stderr, each.</summary>
    public const int DefaultMaxOutputBytes = 1 << 20;

    /// <summary>The program, run directly (never through a shell); found on PATH when it has no directory part.</summary>
    public required string Command { get; init; }

    /// <summary>The argv elements after the program, each passed as exactly one argument.</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>The working directory; null for the server's own.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables set for the child on top of the server's environment.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>True: each stdout line is reported while the process runs (progress when the client asked for it).</summary>
    public bool Stream { get; init; }

    public int MaxOutputBytes { get; init; } = DefaultMaxOutputBytes;
}
