using PForge.Runtime.Protocol;

namespace PForge.Runtime.Generated;

/// <summary>For generated code: a prompt's arguments as the client sent them in <c>prompts/get</c>.</summary>
public static class PromptArguments
{
    /// <summary>A required prompt argument, or the -32602 error <paramref name="missing"/>.</summary>
    public static string Required(IReadOnlyDictionary<string, string> arguments, string name, string missing) =>
        arguments.TryGetValue(name, out var value) && value is not null
            ? value
            : throw new McpException(McpErrorCodes.InvalidParams, missing);

    /// <summary>An optional prompt argument, or null when the client did not send it.</summary>
    public static string? Optional(IReadOnlyDictionary<string, string> arguments, string name) =>
        arguments.TryGetValue(name, out var value) ? value : null;
}
