namespace PForge.Tasks.Emit;

/// <summary>A resource, prompt or completion handler: a partial class whose one method the user writes.</summary>
public sealed class HandlerDescriptor
{
    /// <summary><c>resource</c>, <c>prompt</c> or <c>completion</c>.</summary>
    public required string Kind { get; init; }

    public required string Namespace { get; init; }

    public required string ClassName { get; init; }

    public required string Field { get; init; }

    /// <summary>The scaffolded file, relative to the project, with '/' separators.</summary>
    public required string File { get; init; }

    /// <summary>What it handles, for doc comments, e.g. <c>resource 'readme' (docs://readme)</c>.</summary>
    public required string Subject { get; init; }

    /// <summary>The sentence that a stub's error gives.</summary>
    public string NotImplemented => char.ToUpperInvariant(Subject[0]) + Subject[1..] + " is not implemented yet";

    /// <summary>The generated request (resources) or arguments (prompts) class in the root namespace; empty for completion.</summary>
    public string RequestClass { get; init; } = string.Empty;

    public IReadOnlyList<RequestPropertyDescriptor> Properties { get; init; } = [];
}
