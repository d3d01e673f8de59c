using PForge.Runtime.Tools;

namespace PForge.Runtime.Server;

/// <summary>
/// What a build of <c>pforge.yaml</c> knows about a server: its identity, constant payloads and tool registry.
/// The code generator writes the one subclass; nothing here is discovered at run time.
/// </summary>
public abstract class McpServerDefinition
{
    /// <summary>The <c>serverInfo</c> object of the initialize result, as UTF-8 JSON.</summary>
    public abstract ReadOnlySpan<byte> ServerInfoJson { get; }

    /// <summary>The <c>capabilities</c> object of the initialize result, as UTF-8 JSON.</summary>
    public abstract ReadOnlySpan<byte> CapabilitiesJson { get; }

    /// <summary>The <c>instructions</c> text of the initialize result, or null.</summary>
    public abstract string? Instructions { get; }

    /// <summary>The whole <c>tools/list</c> result object, as UTF-8 JSON.</summary>
    public abstract ReadOnlySpan<byte> ToolsListJson { get; }

    /// <summary>The <c>forge.name</c> and <c>forge.version</c> of the YAML, for <c>--version</c>.</summary>
    public abstract string Name { get; }

    public abstract string Version { get; }

    /// <summary>The transport the YAML asks for when the command line names none.</summary>
    public virtual string DefaultTransport => "stdio";

    /// <summary>The index of a tool for <see cref="CallToolAsync"/>, or -1 when no tool has that name.</summary>
    public abstract int FindTool(ReadOnlySpan<char> name);

    /// <summary>Reads and validates the arguments of tool <paramref name="tool"/>, then runs its handler.</summary>
    public abstract ValueTask<ToolResult> CallToolAsync(int tool, ReadOnlySpan<byte> arguments, ToolContext context);
}
