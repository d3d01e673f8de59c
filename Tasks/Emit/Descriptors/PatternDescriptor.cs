namespace PForge.Tasks.Emit;

/// <summary>A <c>[GeneratedRegex]</c> method for one pattern.</summary>
public sealed class PatternDescriptor
{
    public required string Method { get; init; }

    /// <summary>Its doc comment, as plain text.</summary>
    public required string Summary { get; init; }

    /// <summary>The .NET form of the pattern (see <see cref="Config.EcmaPattern"/>).</summary>
    public required string Pattern { get; init; }
}
