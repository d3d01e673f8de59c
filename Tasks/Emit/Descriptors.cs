namespace PForge.Tasks.Emit;

// What the templates see: every name, type and literal decided, so a template only shapes text.
// Scriban exposes these members in snake_case (ClassName → class_name).

/// <summary>The whole generated server.</summary>
public sealed class ServerDescriptor
{
    public required string Namespace { get; init; }

    public required string ServerClass { get; init; }

    public required string NameLiteral { get; init; }

    public required string VersionLiteral { get; init; }

    public required string TransportLiteral { get; init; }

    public required string ServerInfoJsonLiteral { get; init; }

    public required string CapabilitiesJsonLiteral { get; init; }

    /// <summary>A C# string literal, or <c>null</c>.</summary>
    public required string InstructionsLiteral { get; init; }

    public required string ToolsListJsonLiteral { get; init; }

    public required IReadOnlyList<ToolDescriptor> Tools { get; init; }

    /// <summary>The tools run by a handler, each a field of the server.</summary>
    public IReadOnlyList<ToolDescriptor> NativeTools => [.. Tools.Where(t => t.IsNative)];

    public required string GeneratorVersion { get; init; }

    /// <summary>The <c>resources/list</c>, <c>resources/templates/list</c> and <c>prompts/list</c> results as UTF-8 literals; empty when nothing is declared.</summary>
    public string ResourcesListJsonLiteral { get; init; } = string.Empty;

    public string ResourceTemplatesListJsonLiteral { get; init; } = string.Empty;

    public string PromptsListJsonLiteral { get; init; } = string.Empty;

    public IReadOnlyList<ResourceDescriptor> Resources { get; init; } = [];

    public IReadOnlyList<ResourceDescriptor> StaticResources => [.. Resources.Where(r => !r.IsTemplate)];

    public IReadOnlyList<ResourceDescriptor> TemplateResources => [.. Resources.Where(r => r.IsTemplate)];

    /// <summary>True when a resource's contents come from a handler: the server then has its pending-result helpers.</summary>
    public bool HasResourceHandlers => Resources.Any(r => r.Handler is not null);

    public IReadOnlyList<PromptDescriptor> Prompts { get; init; } = [];

    /// <summary>The handler of <c>completion/complete</c>, or null.</summary>
    public HandlerDescriptor? Completion { get; init; }

    /// <summary>The values that complete prompt arguments and template variables, each a static array of the server.</summary>
    public IReadOnlyList<CompletionDescriptor> Completions { get; init; } = [];

    /// <summary>Every resource, prompt and completion handler: each a field of the server.</summary>
    public IReadOnlyList<HandlerDescriptor> Handlers { get; init; } = [];

    /// <summary><c>forge.page_size</c> as a C# literal, or empty (the runtime's default).</summary>
    public string PageSizeLiteral { get; init; } = string.Empty;

    /// <summary>True when a tool has a policy: <c>CallToolAsync</c> then runs those tools' policies around <c>CallToolUnguardedAsync</c>.</summary>
    public bool HasPolicies => Tools.Any(t => t.Policy is not null);

    /// <summary>The C# literal of <c>forge.log_level</c>, or empty when not given.</summary>
    public string LogLevelLiteral { get; init; } = string.Empty;

    /// <summary><c>forge.max_message_bytes</c> as a C# literal, or empty (the runtime's default).</summary>
    public string MaxMessageBytesLiteral { get; init; } = string.Empty;

    /// <summary>The initializers of the <c>HttpSettings</c> of <c>forge.http</c> (e.g. <c>Port = 8080,</c>), or null when absent.</summary>
    public IReadOnlyList<string>? HttpSettings { get; init; }

    /// <summary>True when the entry point serves Streamable HTTP (PForge.Runtime.Http is compiled in).</summary>
    public bool HttpHost { get; init; }
}

/// <summary>A resource, prompt or completion handler: a partial class whose one method the user writes.</summary>
public sealed class HandlerDescriptor
{
    /// <summary><c>resource</c>, <c>prompt</c> or <c>completion</c>.</summary>
    public required string Kind { get; init; }

    public required string Namespace { get; init; }

    public required string ClassName { get; init; }

    public required string FullName { get; init; }

    public required string Field { get; init; }

    /// <summary>The scaffolded file, relative to the project, with '/' separators.</summary>
    public required string File { get; init; }

    /// <summary>What it handles, for doc comments, e.g. <c>resource 'readme' (docs://readme)</c>.</summary>
    public required string Subject { get; init; }

    /// <summary>The sentence that a stub's error gives, as a C# literal.</summary>
    public string NotImplementedLiteral => CSharpNames.StringLiteral(char.ToUpperInvariant(Subject[0]) + Subject[1..] + " is not implemented yet");

    /// <summary>The generated request (resources) or arguments (prompts) class in the root namespace; empty for completion.</summary>
    public string RequestClass { get; init; } = string.Empty;

    public IReadOnlyList<RequestPropertyDescriptor> Properties { get; init; } = [];
}

/// <summary>A string property of a generated request or arguments class.</summary>
public sealed class RequestPropertyDescriptor
{
    public required string PropertyName { get; init; }

    public required string Summary { get; init; }

    /// <summary><c>string</c>, or <c>string?</c> for an optional prompt argument without default.</summary>
    public required string CSharpType { get; init; }

    public bool Required => !CSharpType.EndsWith('?');
}

/// <summary>One resource: a static URI or a template, and where its contents come from.</summary>
public sealed class ResourceDescriptor
{
    public required int Index { get; init; }

    public required bool IsTemplate { get; init; }

    /// <summary>The URI (static) or the URI template, as a C# literal.</summary>
    public required string UriLiteral { get; init; }

    /// <summary><c>Readable</c> or <c>Subscribable</c>.</summary>
    public required string Match { get; init; }

    /// <summary>For contents compiled in: the static field of the result and its initializer; empty otherwise.</summary>
    public string StaticField { get; init; } = string.Empty;

    public string StaticInit { get; init; } = string.Empty;

    public HandlerDescriptor? Handler { get; init; }

    /// <summary>For templates: the generated regex method and its pattern literal.</summary>
    public string RegexMethod { get; init; } = string.Empty;

    public string RegexLiteral { get; init; } = string.Empty;

    /// <summary>For templates: the request's variable properties, in template order (group i + 1).</summary>
    public IReadOnlyList<RequestPropertyDescriptor> Variables { get; init; } = [];
}

/// <summary>One prompt: its argument reads and checks, and its messages (or handler).</summary>
public sealed class PromptDescriptor
{
    public required int Index { get; init; }

    public required string NameLiteral { get; init; }

    public required IReadOnlyList<PromptArgumentDescriptor> Arguments { get; init; }

    /// <summary>C# expressions of <c>PromptMessage</c>s over the argument locals; empty with a handler.</summary>
    public required IReadOnlyList<string> Messages { get; init; }

    /// <summary>The result's description as a C# literal, or <c>null</c>.</summary>
    public required string DescriptionLiteral { get; init; }

    public HandlerDescriptor? Handler { get; init; }
}

/// <summary>How one prompt argument is read from the client's map and checked.</summary>
public sealed class PromptArgumentDescriptor
{
    public required string NameLiteral { get; init; }

    public required string Local { get; init; }

    /// <summary>The property of the handler's arguments class.</summary>
    public required string PropertyName { get; init; }

    /// <summary>The expression reading it: required (throws when missing), with its default, or nullable.</summary>
    public required string Read { get; init; }

    /// <summary>A C# pattern of the allowed values, or empty.</summary>
    public required string EnumPattern { get; init; }

    public required bool Nullable { get; init; }

    /// <summary>The message of the error when the value is not allowed, as a C# literal.</summary>
    public required string EnumMessageLiteral { get; init; }
}

/// <summary>Declared values that complete one prompt argument or template variable.</summary>
public sealed class CompletionDescriptor
{
    public required bool IsPrompt { get; init; }

    /// <summary>The prompt name or URI template, as a C# literal.</summary>
    public required string ReferenceLiteral { get; init; }

    public required string ArgumentLiteral { get; init; }

    public required string Field { get; init; }

    /// <summary>The collection expression of the values.</summary>
    public required string ValuesInit { get; init; }
}

/// <summary>One tool: its name, how it runs (a handler, or a process for cli), input and output types.</summary>
public sealed class ToolDescriptor
{
    public required int Index { get; init; }

    public required string Name { get; init; }

    public required string NameLiteral { get; init; }

    public required string Description { get; init; }

    /// <summary><c>native</c> (a handler written in C#), <c>cli</c> (a process), <c>http</c> (a request) or <c>pipeline</c> (steps over other tools).</summary>
    public required string Kind { get; init; }

    public bool IsNative => Kind == "native";

    /// <summary>True when the input is a raw <c>input_schema</c>: the input class holds the arguments as a <c>JsonElement</c>.</summary>
    public bool RawInput { get; init; }

    /// <summary>For native tools: the handler's namespace (empty otherwise), and so on for the handler members.</summary>
    public string HandlerNamespace { get; init; } = string.Empty;

    public string HandlerClass { get; init; } = string.Empty;

    public string HandlerFullName { get; init; } = string.Empty;

    public string HandlerField { get; init; } = string.Empty;

    /// <summary>The scaffolded file for the handler, relative to the project, with '/' separators.</summary>
    public string HandlerFile { get; init; } = string.Empty;

    /// <summary>For cli tools: the process to run.</summary>
    public CliDescriptor? Cli { get; init; }

    /// <summary>For http tools: the request to send.</summary>
    public HttpDescriptor? Http { get; init; }

    /// <summary>For pipeline tools: the steps to run.</summary>
    public PipelineDescriptor? Pipeline { get; init; }

    /// <summary>The initializers of the tool's <c>PolicySettings</c>, or null when it has no policy (it is then called directly).</summary>
    public IReadOnlyList<string>? Policy { get; init; }

    public required ObjectDescriptor Input { get; init; }

    /// <summary>The generated output record of a native tool with <c>output:</c>.</summary>
    public ObjectDescriptor? Output { get; init; }

    /// <summary>Every object type the tool needs (input, output and nested objects), each emitted once.</summary>
    public required IReadOnlyList<ObjectDescriptor> Types { get; init; }

    public required string InputSchemaCompact { get; init; }

    public string? OutputSchemaCompact { get; init; }

    public required string InputSchemaIndented { get; init; }

    public string? OutputSchemaIndented { get; init; }
}

/// <summary>A cli tool's <c>CliInvocation</c>: each member as a C# expression over the checked input.</summary>
public sealed class CliDescriptor
{
    public required string CommandLiteral { get; init; }

    /// <summary>The out argument of the reader: <c>var input</c>, or <c>_</c> when no template reads the arguments.</summary>
    public required string InputDeclaration { get; init; }

    /// <summary>The elements of the argv collection expression: one argument each, or a spread (<c>.. list</c>).</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>A string expression, or <c>null</c>.</summary>
    public required string WorkingDirectory { get; init; }

    public required IReadOnlyList<CliEnvDescriptor> Environment { get; init; }

    /// <summary>Milliseconds, as a C# long literal.</summary>
    public required string TimeoutLiteral { get; init; }

    public required string StreamLiteral { get; init; }

    public required string MaxOutputBytesLiteral { get; init; }
}

/// <summary>An http tool's <c>HttpInvocation</c>: each member as a C# expression over the checked input.</summary>
public sealed class HttpDescriptor
{
    public required string MethodLiteral { get; init; }

    /// <summary>The out argument of the reader: <c>var input</c>, or <c>_</c> when no template reads the arguments.</summary>
    public required string InputDeclaration { get; init; }

    /// <summary>A string expression: the endpoint with its path values escaped.</summary>
    public required string Url { get; init; }

    public required IReadOnlyList<CliEnvDescriptor> Query { get; init; }

    /// <summary>The declared headers, then the authentication header.</summary>
    public required IReadOnlyList<CliEnvDescriptor> Headers { get; init; }

    /// <summary>A string expression, or <c>null</c>.</summary>
    public required string Body { get; init; }

    /// <summary>A C# string literal, or <c>null</c>.</summary>
    public required string ContentTypeLiteral { get; init; }

    public required string TimeoutLiteral { get; init; }

    public required string MaxResponseBytesLiteral { get; init; }
}

/// <summary>A pipeline tool's steps, each compiled to C#.</summary>
public sealed class PipelineDescriptor
{
    public required IReadOnlyList<PipelineStepDescriptor> Steps { get; init; }
}

/// <summary>One step: the tool's registry index, the statements writing its input, its variable, condition and policy.</summary>
public sealed class PipelineStepDescriptor
{
    public required string Tool { get; init; }

    public required string ToolLiteral { get; init; }

    /// <summary>The step tool's index, filled in once every tool has one.</summary>
    public int ToolIndex { get; set; } = -1;

    /// <summary>Statements over <c>writer</c> and <c>variables</c>.</summary>
    public required IReadOnlyList<string> InputStatements { get; init; }

    /// <summary>A C# string literal, or <c>null</c>.</summary>
    public required string OutputVariableLiteral { get; init; }

    /// <summary>A lambda over <c>variables</c>, or <c>null</c>.</summary>
    public required string Condition { get; init; }

    public required string ContinueOnErrorLiteral { get; init; }
}

/// <summary>A name and a string expression: an environment variable of a cli tool's process, an http query parameter or header.</summary>
public sealed class CliEnvDescriptor
{
    public required string NameLiteral { get; init; }

    public required string Value { get; init; }
}

/// <summary>A generated record with its reader (inputs) or writer (outputs).</summary>
public sealed class ObjectDescriptor
{
    public required string ClassName { get; init; }

    public required string Summary { get; init; }

    public required bool IsOutput { get; init; }

    /// <summary>A tool's input or output: a record struct, so that a call allocates none; nested objects are records.</summary>
    public bool IsRoot { get; init; }

    /// <summary>What an out parameter holds when reading failed.</summary>
    public string None => IsRoot ? "default" : "null";

    /// <summary>The type of the value an argument reader gives out.</summary>
    public string ReadType => IsRoot ? ClassName : ClassName + "?";

    public required IReadOnlyList<FieldDescriptor> Fields { get; init; }

    public required IReadOnlyList<PatternDescriptor> Patterns { get; init; }
}

/// <summary>One member: how it is named, typed, read, checked and written.</summary>
public sealed class FieldDescriptor
{
    public required string JsonName { get; init; }

    public required string JsonNameLiteral { get; init; }

    public required string PropertyName { get; init; }

    public required string Local { get; init; }

    public required string Summary { get; init; }

    /// <summary>The property's C# type, e.g. <c>double</c>, <c>string?</c>, <c>global::System.Collections.Generic.IReadOnlyList&lt;long&gt;</c>.</summary>
    public required string CSharpType { get; init; }

    public required bool Required { get; init; }

    /// <summary>The C# expression of the default, or empty.</summary>
    public required string DefaultExpression { get; init; }

    /// <summary>For JSON defaults: the static field holding the parsed default (the default expression names it), or empty.</summary>
    public string DefaultField { get; init; } = string.Empty;

    /// <summary>The initializer of <see cref="DefaultField"/>.</summary>
    public string DefaultFieldInit { get; init; } = string.Empty;

    /// <summary>string, integer, number, boolean, array, object (a generated record) or json (any JSON value).</summary>
    public required string Kind { get; init; }

    /// <summary>For objects: the generated record of the value.</summary>
    public string? ObjectClass { get; init; }

    /// <summary>
    /// For typed arrays of input records: the record's static method that writes this list (a <c>StructuredWriter</c>,
    /// for templates that format it as JSON), or empty.
    /// </summary>
    public string ListWriter { get; init; } = string.Empty;

    public required RulesDescriptor Rules { get; init; }

    /// <summary>The type of the reader's local: nullable until the value is known.</summary>
    public required string LocalType { get; init; }

    /// <summary>The local's starting value: the default, or null/default.</summary>
    public required string LocalInit { get; init; }

    /// <summary>The expression that moves the local into the record (with '!' where a required value was checked).</summary>
    public required string ConstructValue { get; init; }

    /// <summary>True when JSON null counts as absent (optional members).</summary>
    public bool NullIsAbsent => !Required;

    /// <summary>True when the C# value may be null when written (optional members without default).</summary>
    public bool Nullable => CSharpType.EndsWith('?');

    /// <summary>For arrays: the element, with its own kind and rules.</summary>
    public FieldDescriptor? Item { get; init; }

    /// <summary>For json values: the token the value must start with (<c>StartObject</c> or <c>StartArray</c>), as its schema's type says.</summary>
    public string JsonToken { get; init; } = "StartObject";

    /// <summary>For json values: the expected shape in error messages (<c>an object</c> or <c>an array</c>).</summary>
    public string JsonExpected { get; init; } = "an object";

    /// <summary>For arrays kept as JSON: the item count and item types to check, or null.</summary>
    public JsonCheckDescriptor? JsonCheck { get; init; }
}

/// <summary>One level of an array kept as a <c>JsonElement</c>: its JSON type, and for arrays the item count and items.</summary>
public sealed class JsonCheckDescriptor
{
    /// <summary>string, integer, number, boolean, array or object.</summary>
    public required string Type { get; init; }

    /// <summary>The type in error messages, e.g. <c>an object</c>.</summary>
    public required string Expected { get; init; }

    public required string MinLengthLiteral { get; init; }

    public required string MaxLengthLiteral { get; init; }

    /// <summary>The items' level, when 'items' is declared.</summary>
    public JsonCheckDescriptor? Item { get; init; }

    public bool HasLength => MinLengthLiteral != "null" || MaxLengthLiteral != "null";
}

/// <summary>The checks on one value, as C# literals.</summary>
public sealed class RulesDescriptor
{
    /// <summary>A C# pattern such as <c>"add" or "subtract"</c>, or empty.</summary>
    public required string EnumPattern { get; init; }

    public required string EnumText { get; init; }

    /// <summary>For string enums: each allowed value as a C# literal, matched against the UTF-8 bytes without decoding.</summary>
    public required IReadOnlyList<string> EnumStrings { get; init; }

    public required string MinLiteral { get; init; }

    public required string MaxLiteral { get; init; }

    public required string MinLengthLiteral { get; init; }

    public required string MaxLengthLiteral { get; init; }

    /// <summary>The generated regex method, or empty.</summary>
    public required string PatternMethod { get; init; }

    public required string PatternLiteral { get; init; }

    public bool HasLength => MinLengthLiteral != "null" || MaxLengthLiteral != "null";
}

/// <summary>A <c>[GeneratedRegex]</c> method for one pattern.</summary>
public sealed class PatternDescriptor
{
    public required string Method { get; init; }

    public required string Summary { get; init; }

    /// <summary>The .NET form of the pattern (see <see cref="Config.EcmaPattern"/>), as a C# literal.</summary>
    public required string PatternLiteral { get; init; }
}

/// <summary>A handler stub written once into the user's project.</summary>
public sealed class HandlerStubDescriptor
{
    public required ToolDescriptor Tool { get; init; }

    public required string Namespace { get; init; }
}
