using System.Text.Json;
using PForge.Tasks.Config;
using PForge.Tasks.Diagnostics;
using PForge.Tasks.Schema;

namespace PForge.Tasks.Emit;

/// <summary>The tools: names, handlers, records, schemas, and how each runs (handler, cli, http or pipeline).</summary>
internal sealed class ToolBuilder
{
    private readonly DescriptorContext _context;
    private readonly RecordBuilder _records;

    public ToolBuilder(DescriptorContext context)
    {
        _context = context;
        _records = new RecordBuilder(context);
    }

    /// <summary>Every tool whose names do not collide, each at its registry index.</summary>
    public List<ToolDescriptor> Build(IReadOnlyList<ToolConfig> configs)
    {
        var tools = new List<ToolDescriptor>();
        var toolNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tool in configs)
        {
            var pascal = CSharpNames.Pascal(tool.Name);
            if (pascal.Length == 0)
            {
                _context.Diagnostics.Add(DiagnosticCodes.NoIdentifier(tool.Position, tool.Name));
                continue;
            }

            if (_context.Collides(toolNames, pascal, tool.Name, tool.Position))
            {
                continue;
            }

            var descriptor = BuildTool(tool, tools.Count, pascal);
            if (descriptor.IsNative && _context.Collides(_context.HandlerNames, $"global::{descriptor.HandlerNamespace}.{descriptor.HandlerClass}", tool.Name, tool.Handler?.Position ?? tool.Position))
            {
                continue;
            }

            tools.Add(descriptor);
        }

        // Pipeline steps name tools by name: each gets its registry index once every tool has one.
        var indexes = tools.ToDictionary(t => t.Name, t => t.Index, StringComparer.Ordinal);
        foreach (var step in tools.Where(t => t.Pipeline is not null).SelectMany(t => t.Pipeline!.Steps))
        {
            step.ToolIndex = indexes.TryGetValue(step.Tool, out var index) ? index : -1;
        }

        return tools;
    }

    private static string Indented(string compact)
    {
        using var document = JsonDocument.Parse(compact);
        return JsonText.Write(document.RootElement.WriteTo, indented: true);
    }

    private ToolDescriptor BuildTool(ToolConfig tool, int index, string pascal)
    {
        var types = new List<ObjectDescriptor>();
        var raw = tool.InputSchema is not null;
        ObjectDescriptor input;
        (string Compact, string Indented) inputSchema;
        if (raw)
        {
            // A raw input_schema: the arguments stay JSON, and the schema is served as written.
            _context.Collides(_context.ClassNames, pascal + "Input", tool.Name, tool.Position);
            input = new ObjectDescriptor { ClassName = pascal + "Input", Summary = $"The arguments of tool '{tool.Name}', as JSON (its input_schema is not checked here).", IsOutput = false, IsRoot = true, Fields = [], Patterns = [] };
            using var document = JsonDocument.Parse(tool.InputSchema!);
            inputSchema = (tool.InputSchema!, JsonText.Write(document.RootElement.WriteTo, indented: true));
        }
        else
        {
            input = _records.Build(pascal + "Input", $"The arguments of tool '{tool.Name}'.", tool.Params, isOutput: false, types, tool.Name, tool.Position, isRoot: true);
            // Claim-bound parameters come from the caller's identity: the client is not told of them.
            inputSchema = SchemaBuilder.Build([.. tool.Params.Where(p => p.Claim is null)]);
        }

        var native = tool.Kind == ToolKind.Native;
        var output = native && tool.Output is not null
            ? _records.Build(pascal + "Output", $"The output of tool '{tool.Name}'.", tool.Output, isOutput: true, types, tool.Name, tool.Position, isRoot: true)
            : null;

        // cli and pipeline results have fixed shapes; http response bodies vary, so an http tool declares none unless its
        // OpenAPI document gives the 2xx response's.
        (string Compact, string Indented)? outputSchema = tool.Kind switch
        {
            ToolKind.Http when tool.OutputSchema is { } declared => (declared, Indented(declared)),
            ToolKind.Cli => CliSchema.Output,
            ToolKind.Pipeline => (PipelineSchema.OutputCompact, PipelineSchema.OutputIndented),
            ToolKind.Native when tool.Output is not null => SchemaBuilder.Build(tool.Output),
            _ => null,
        };
        var handlerNamespace = tool.Handler is { } h ? h.Namespace : ["Handlers"];
        var handlerClass = tool.Handler?.TypeName ?? pascal + "Handler";
        return new ToolDescriptor
        {
            Index = index,
            Name = tool.Name,
            Description = tool.Description ?? tool.Name,
            Kind = tool.Kind.ToString().ToLowerInvariant(),
            RawInput = raw,
            HandlerNamespace = native ? string.Join('.', new[] { _context.RootNamespace }.Concat(handlerNamespace)) : string.Empty,
            HandlerClass = native ? handlerClass : string.Empty,
            HandlerField = native ? "_" + CSharpNames.Camel(tool.Name).TrimStart('@') : string.Empty,
            HandlerFile = native ? string.Join('/', handlerNamespace.Append(handlerClass + ".cs")) : string.Empty,
            Cli = tool.Kind == ToolKind.Cli ? CliToolBuilder.Build(_context.TextTemplates(), tool.Cli!) : null,
            Http = tool.Kind == ToolKind.Http ? HttpToolBuilder.Build(_context.TextTemplates(), tool.Http!) : null,
            Pipeline = tool.Kind == ToolKind.Pipeline ? PipelineToolBuilder.Build(tool.Pipeline!) : null,
            Policy = tool.Policies,
            IsTask = tool.Task != TaskSupport.None,
            IsTaskRequired = tool.Task == TaskSupport.Required,
            TaskStartsInHandler = tool.TaskStartsInHandler,
            Input = input,
            Output = output,
            Types = types,
            InputSchemaCompact = inputSchema.Compact,
            OutputSchemaCompact = outputSchema?.Compact,
            InputSchemaIndented = inputSchema.Indented,
            OutputSchemaIndented = outputSchema?.Indented,
        };
    }
}
