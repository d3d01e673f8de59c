namespace PForge.Tasks.Emit;

/// <summary>How one prompt argument is read from the client's map and checked.</summary>
public sealed class PromptArgumentDescriptor
{
    public required string Name { get; init; }

    public required string Local { get; init; }

    /// <summary>The property of the handler's arguments class.</summary>
    public required string PropertyName { get; init; }

    /// <summary>True when a missing argument is an error (<see cref="MissingMessage"/>).</summary>
    public required bool Required { get; init; }

    public required string MissingMessage { get; init; }

    /// <summary>The value of an optional argument the client did not send, or null.</summary>
    public required string? Default { get; init; }

    /// <summary>The allowed values, or empty (any value).</summary>
    public required IReadOnlyList<string> Enum { get; init; }

    /// <summary>The message of the error when the value is not one of <see cref="Enum"/>.</summary>
    public required string EnumMessage { get; init; }

    /// <summary>True when the local may be null (optional, no default).</summary>
    public required bool Nullable { get; init; }
}
