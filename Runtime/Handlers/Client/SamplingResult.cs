namespace PForge.Runtime.Client;

/// <summary>The client's answer to <c>sampling/createMessage</c>.</summary>
public sealed class SamplingResult
{
    /// <summary><c>assistant</c> or <c>user</c>, as the client sent it.</summary>
    public required string Role { get; init; }

    /// <summary>The text of a text answer; null when the model answered with another content type.</summary>
    public string? Text { get; init; }

    public string? Model { get; init; }

    public string? StopReason { get; init; }

    /// <summary>The whole <c>result</c> object as the client sent it.</summary>
    public required string Json { get; init; }
}
