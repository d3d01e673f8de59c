namespace PForge.Runtime.Client;

/// <summary>The client's answer to <c>elicitation/create</c>.</summary>
public sealed class ElicitationResult
{
    /// <summary><c>accept</c>, <c>decline</c> or <c>cancel</c>.</summary>
    public required string Action { get; init; }

    /// <summary>The <c>content</c> object as JSON when the user accepted; null otherwise.</summary>
    public string? ContentJson { get; init; }

    /// <summary>The whole <c>result</c> object as the client sent it.</summary>
    public required string Json { get; init; }
}
