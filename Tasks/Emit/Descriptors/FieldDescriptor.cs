namespace PForge.Tasks.Emit;

/// <summary>One member: how it is named, typed, read, checked and written.</summary>
public sealed class FieldDescriptor
{
    public required string JsonName { get; init; }

    public required string PropertyName { get; init; }

    public required string Local { get; init; }

    /// <summary>Its doc comment, as plain text.</summary>
    public required string Summary { get; init; }

    public required bool Required { get; init; }

    /// <summary>
    /// The default: a string, long, double or bool (as <see cref="Kind"/> says), a list of those for arrays, the name
    /// of <see cref="DefaultField"/> for JSON values; null when none.
    /// </summary>
    public required object? Default { get; init; }

    public bool HasDefault => Default is not null;

    /// <summary>For JSON defaults: the static field holding the parsed default, or empty.</summary>
    public string DefaultField { get; init; } = string.Empty;

    /// <summary>The JSON text that <see cref="DefaultField"/> parses.</summary>
    public string DefaultJson { get; init; } = string.Empty;

    /// <summary>string, integer, number, boolean, array, object (a generated record) or json (any JSON value).</summary>
    public required string Kind { get; init; }

    /// <summary>True for values the C# type holds by reference (strings, lists, records): a required one is checked for null.</summary>
    public bool IsReference => Kind is "string" or "array" or "object";

    /// <summary>For objects: the generated record of the value.</summary>
    public string? ObjectClass { get; init; }

    /// <summary>
    /// For typed arrays of input records: the record's static method that writes this list (a <c>StructuredWriter</c>,
    /// for templates that format it as JSON), or empty.
    /// </summary>
    public string ListWriter { get; init; } = string.Empty;

    public required RulesDescriptor Rules { get; init; }

    /// <summary>True when JSON null counts as absent (optional members).</summary>
    public bool NullIsAbsent => !Required;

    /// <summary>
    /// For a tool's parameter bound to the caller's identity (<c>claim:</c>): the claim; the reader refuses the member
    /// when a client sends it, and the call fills it after reading (a non-null string). Null otherwise.
    /// </summary>
    public string? Claim { get; init; }

    /// <summary>True when the C# value may be null (optional members without default, and not claim-bound): its type is nullable.</summary>
    public bool Nullable => !Required && !HasDefault && Claim is null;

    /// <summary>For arrays: the element, with its own kind and rules.</summary>
    public FieldDescriptor? Item { get; init; }

    /// <summary>For json values: the token the value must start with (<c>StartObject</c> or <c>StartArray</c>), as its schema's type says.</summary>
    public string JsonToken { get; init; } = "StartObject";

    /// <summary>For json values: the expected shape in error messages (<c>an object</c> or <c>an array</c>).</summary>
    public string JsonExpected { get; init; } = "an object";

    /// <summary>For arrays kept as JSON: the item count and item types to check, or null.</summary>
    public JsonCheckDescriptor? JsonCheck { get; init; }
}
