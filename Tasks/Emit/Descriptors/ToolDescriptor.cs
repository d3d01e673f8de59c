using PForge.Tasks.Config;

namespace PForge.Tasks.Emit;

/// <summary>One tool: its name, how it runs (a handler, or a process for cli), input and output types.</summary>
public sealed class ToolDescriptor
{
    public required int Index { get; init; }

    public required string Name { get; init; }

    /// <summary>For doc comments, as plain text.</summary>
    public required string Description { get; init; }

    /// <summary><c>native</c> (a handler written in C#), <c>cli</c> (a process), <c>http</c> (a request) or <c>pipeline</c> (steps over other tools).</summary>
    public required string Kind { get; init; }

    public bool IsNative => Kind == "native";

    /// <summary>True when the input is a raw <c>input_schema</c>: the input class holds the arguments as a <c>JsonElement</c>.</summary>
    public bool RawInput { get; init; }

    /// <summary>For native tools: the handler's namespace (empty otherwise), and so on for the handler members.</summary>
    public string HandlerNamespace { get; init; } = string.Empty;

    public string HandlerClass { get; init; } = string.Empty;

    public string HandlerField { get; init; } = string.Empty;

    /// <summary>The scaffolded file for the handler, relative to the project, with '/' separators.</summary>
    public string HandlerFile { get; init; } = string.Empty;

    /// <summary>For cli tools: the process to run.</summary>
    public CliDescriptor? Cli { get; init; }

    /// <summary>For http tools: the request to send.</summary>
    public HttpDescriptor? Http { get; init; }

    /// <summary>For pipeline tools: the steps to run.</summary>
    public PipelineDescriptor? Pipeline { get; init; }

    /// <summary>The tool's merged policies, or null when it has none (it is then called directly).</summary>
    public PolicyConfig? Policy { get; init; }

    /// <summary><c>task: true</c>, optional or required: served as a task to a client that declares the Tasks extension.</summary>
    public bool IsTask { get; init; }

    /// <summary><c>task: required</c>: a 2026-07-28 request that does not declare the extension is refused.</summary>
    public bool IsTaskRequired { get; init; }

    /// <summary><c>task_start: handler</c>: the handler runs in the call until it continues as a task.</summary>
    public bool TaskStartsInHandler { get; init; }

    public required ObjectDescriptor Input { get; init; }

    /// <summary>The input's members bound to the caller's identity (<c>claim:</c>), which the call fills after reading the arguments.</summary>
    public IReadOnlyList<FieldDescriptor> Claims => [.. Input.Fields.Where(f => f.Claim is not null)];

    /// <summary>
    /// The scopes a caller needs for the tool (a pipeline's: its own and those of every tool its steps call), and the
    /// static array of the server holding them; empty when it needs none.
    /// </summary>
    public IReadOnlyList<string> Scopes { get; set; } = [];

    public string ScopesField { get; set; } = string.Empty;

    /// <summary>The generated output record of a native tool with <c>output:</c>.</summary>
    public ObjectDescriptor? Output { get; init; }

    /// <summary>Every object type the tool needs (input, output and nested objects), each emitted once.</summary>
    public required IReadOnlyList<ObjectDescriptor> Types { get; init; }

    public required string InputSchemaCompact { get; init; }

    public string? OutputSchemaCompact { get; init; }

    public required string InputSchemaIndented { get; init; }

    public string? OutputSchemaIndented { get; init; }
}
