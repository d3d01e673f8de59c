namespace PForge.Tasks.Config;

/// <summary>A 1-based line and column in <c>pforge.yaml</c>.</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    public static SourcePosition Start { get; } = new(1, 1);
}
