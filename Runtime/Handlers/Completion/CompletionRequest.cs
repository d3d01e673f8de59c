namespace PForge.Runtime.Completion;

/// <summary>What <c>completion/complete</c> asks for: which argument of which prompt or resource template, and its text so far.</summary>
public sealed class CompletionRequest
{
    /// <summary>True for <c>ref/prompt</c> (then <see cref="Reference"/> is the prompt name); false for <c>ref/resource</c> (a URI template).</summary>
    public required bool IsPrompt { get; init; }

    /// <summary>The prompt name or the resource URI template.</summary>
    public required string Reference { get; init; }

    /// <summary>The argument (or template variable) being completed.</summary>
    public required string ArgumentName { get; init; }

    /// <summary>What the user typed so far.</summary>
    public required string Value { get; init; }

    /// <summary>Values of arguments already resolved (<c>context.arguments</c>); empty when not given.</summary>
    public IReadOnlyDictionary<string, string> ContextArguments { get; init; } = EmptyArguments;

    private static readonly Dictionary<string, string> EmptyArguments = new(StringComparer.Ordinal);
}
