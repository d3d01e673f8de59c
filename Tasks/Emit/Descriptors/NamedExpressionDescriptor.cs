namespace PForge.Tasks.Emit;

/// <summary>A name and a compiled text template: an environment variable of a cli tool's process, an http query parameter or header.</summary>
public sealed class NamedExpressionDescriptor
{
    public required string Name { get; init; }

    public required string Value { get; init; }
}
