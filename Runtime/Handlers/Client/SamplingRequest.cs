using PForge.Runtime.Prompts;

namespace PForge.Runtime.Client;

/// <summary>What a handler asks the client's model with <c>sampling/createMessage</c>.</summary>
public sealed class SamplingRequest
{
    public SamplingRequest(IReadOnlyList<PromptMessage> messages, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTokens);
        Messages = messages;
        MaxTokens = maxTokens;
    }

    /// <summary>One user message with this text.</summary>
    public SamplingRequest(string prompt, int maxTokens)
        : this([PromptMessage.User(prompt)], maxTokens)
    {
    }

    public IReadOnlyList<PromptMessage> Messages { get; }

    public int MaxTokens { get; }

    public string? SystemPrompt { get; init; }

    public double? Temperature { get; init; }
}
