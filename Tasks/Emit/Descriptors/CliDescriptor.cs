namespace PForge.Tasks.Emit;

/// <summary>A cli tool's <c>CliInvocation</c>: the process, its argv and environment as text templates over the checked input.</summary>
public sealed class CliDescriptor
{
    public required string Command { get; init; }

    /// <summary>True when a template reads the arguments: the reader's out argument is then a local, else a discard.</summary>
    public required bool ReadsInput { get; init; }

    /// <summary>The elements of argv: one argument each, or the spread of an array.</summary>
    public required IReadOnlyList<CliArgumentDescriptor> Arguments { get; init; }

    public required TextTemplateDescriptor? WorkingDirectory { get; init; }

    public required IReadOnlyList<NamedTextDescriptor> Environment { get; init; }

    public required long TimeoutMs { get; init; }

    public required bool Stream { get; init; }

    public required int MaxOutputBytes { get; init; }
}
