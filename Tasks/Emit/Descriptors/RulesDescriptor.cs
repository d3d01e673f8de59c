namespace PForge.Tasks.Emit;

/// <summary>The checks on one value.</summary>
public sealed class RulesDescriptor
{
    /// <summary>The allowed values (strings, longs, doubles or bools, as the value's kind says), or empty.</summary>
    public required IReadOnlyList<object> Enum { get; init; }

    /// <summary>The allowed values as the error message lists them, or empty.</summary>
    public required string EnumText { get; init; }

    public required double? Min { get; init; }

    public required double? Max { get; init; }

    public required int? MinLength { get; init; }

    public required int? MaxLength { get; init; }

    /// <summary>The generated regex method, or empty.</summary>
    public required string PatternMethod { get; init; }

    /// <summary>The pattern as written in pforge.yaml (for error messages), or empty.</summary>
    public required string Pattern { get; init; }

    public bool HasLength => MinLength is not null || MaxLength is not null;
}
