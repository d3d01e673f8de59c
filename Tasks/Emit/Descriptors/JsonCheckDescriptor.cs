namespace PForge.Tasks.Emit;

/// <summary>One level of an array kept as a <c>JsonElement</c>: its JSON type, and for arrays the item count and items.</summary>
public sealed class JsonCheckDescriptor
{
    /// <summary>string, integer, number, boolean, array or object.</summary>
    public required string Type { get; init; }

    /// <summary>The type in error messages, e.g. <c>an object</c>.</summary>
    public required string Expected { get; init; }

    public required int? MinLength { get; init; }

    public required int? MaxLength { get; init; }

    /// <summary>The items' level, when 'items' is declared.</summary>
    public JsonCheckDescriptor? Item { get; init; }

    public bool HasLength => MinLength is not null || MaxLength is not null;
}
