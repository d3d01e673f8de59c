namespace PForge.Tasks.Emit;

/// <summary>A cli tool's <c>CliInvocation</c>: its text templates compiled to expressions over the checked input.</summary>
public sealed class CliDescriptor
{
    public required string Command { get; init; }

    /// <summary>True when a template reads the arguments: the reader's out argument is then a local, else a discard.</summary>
    public required bool ReadsInput { get; init; }

    /// <summary>The elements of the argv collection expression (compiled text templates): one argument each, or a spread (<c>.. list</c>).</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>A compiled text template, or null.</summary>
    public required string? WorkingDirectory { get; init; }

    public required IReadOnlyList<NamedExpressionDescriptor> Environment { get; init; }

    public required long TimeoutMs { get; init; }

    public required bool Stream { get; init; }

    public required int MaxOutputBytes { get; init; }
}
