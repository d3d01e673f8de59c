namespace PForge.Runtime.Tools;

/// <summary>
/// The tools of a server, called by index: what a pipeline calls its steps through and a tool policy runs each attempt
/// on. The generated server definition (<c>McpServerDefinition</c>) is the one implementation.
/// </summary>
public interface IToolRegistry
{
    /// <summary>Reads and validates the arguments of tool <paramref name="tool"/>, then runs it under its policies.</summary>
    ValueTask<ToolResult> CallToolAsync(int tool, ReadOnlySpan<byte> arguments, ToolContext context);

    /// <summary>Calls tool <paramref name="tool"/> without its policies: one attempt of a policy.</summary>
    internal ValueTask<ToolResult> CallToolUnguardedAsync(int tool, ReadOnlySpan<byte> arguments, ToolContext context);
}
