using PForge.Tasks.Config;
using PForge.Tasks.Diagnostics;
using PForge.Tasks.Emit;

namespace PForge.Tasks;

/// <summary>What the generator needs besides the YAML.</summary>
/// <param name="Http">True when PForge.Runtime.Http is compiled in (<c>PForgeHttp</c>): the entry point then serves HTTP.</param>
/// <param name="ProjectDirectory">Where files named by resources are read from; null: the current directory.</param>
public sealed record GeneratorOptions(string RootNamespace, bool GenerateEntryPoint, string GeneratorVersion = "dev", bool Http = false, string? ProjectDirectory = null)
{
    /// <summary>True when PForge.Runtime.State.Sqlite is compiled in (<c>PForgeStateSqlite</c>); null: as the YAML's <c>state.backend</c> says.</summary>
    public bool? StateSqlite { get; init; }

    /// <summary>True when PForge.Runtime.State.Redis is compiled in (<c>PForgeStateRedis</c>); null: as the YAML's <c>state.backend</c> says.</summary>
    public bool? StateRedis { get; init; }
}

/// <summary>The outcome of one run: diagnostics, generated C# and schemas, and the handler stubs a project may lack.</summary>
public sealed record GeneratorResult(
    IReadOnlyList<Diagnostic> Diagnostics,
    IReadOnlyList<GeneratedFile> Sources,
    IReadOnlyList<GeneratedFile> Schemas,
    IReadOnlyList<HandlerStub> HandlerStubs)
{
    /// <summary>Files besides pforge.yaml that the generated code compiles in (full paths): a change to one must regenerate.</summary>
    public IReadOnlyList<string> InputFiles { get; init; } = [];

    /// <summary><c>pforge.requests.jsonl</c>: initialize, then one valid <c>tools/call</c> per tool (see <see cref="RequestsFile"/>); null on errors.</summary>
    public GeneratedFile? Requests { get; init; }

    public bool Succeeded => !Diagnostics.Any(d => d.IsError);
}

/// <summary>A handler stub: the type it must declare and the file it goes to (relative to the project).</summary>
public sealed record HandlerStub(string TypeName, string FullTypeName, GeneratedFile File);

/// <summary>
/// The pipeline: Configuration (load, validate, check text templates) → Descriptors (names, types, schemas, bound
/// text templates; built feature by feature in Emit/Builders) → Emit (the codegen templates, Scriban). A cli or http
/// tool gets its input record and a case in the registry, no handler.
/// </summary>
public static class Generator
{
    public static GeneratorResult Run(string yaml, GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var diagnostics = new List<Diagnostic>();
        try
        {
            var (config, loadDiagnostics) = ConfigLoader.Load(yaml, options.ProjectDirectory);
            diagnostics.AddRange(loadDiagnostics);
            if (config is not null && config.Forge.Transport == "http" && !options.Http)
            {
                diagnostics.Add(DiagnosticCodes.HttpNotCompiledIn(config.Forge.TransportPosition));
            }

            // forge.http is allowed on a stdio server for --transport http; without the HTTP transport, auth does nothing.
            if (config is { Forge: { Transport: "stdio", Http.Auth: { } auth } } && !options.Http)
            {
                diagnostics.Add(DiagnosticCodes.AuthOnStdio(auth.Position));
            }

            if (config?.State is { Backend: not StateBackendKind.Memory } state && !StoreCompiledIn(state.Backend, config, options))
            {
                var name = state.Backend == StateBackendKind.Sqlite ? "sqlite" : "redis";
                diagnostics.Add(DiagnosticCodes.StateBackendNotCompiledIn(state.BackendPosition, name, name == "sqlite" ? "PForgeStateSqlite" : "PForgeStateRedis"));
            }

            return config is null || diagnostics.Any(d => d.IsError)
                ? new GeneratorResult(diagnostics, [], [], [])
                : Emit(config, options, diagnostics) with { InputFiles = config.InputFiles };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A generator bug (in the loader, a descriptor, a schema or a template) is a diagnostic, never an MSBuild
            // crash (MSB4018 with a stack trace).
            diagnostics.Add(DiagnosticCodes.GenerationFailed(ex is InvalidOperationException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}"));
            return new GeneratorResult(diagnostics, [], [], []);
        }
    }

    private static GeneratorResult Emit(PForgeConfig config, GeneratorOptions options, List<Diagnostic> diagnostics)
    {
        var server = new DescriptorBuilder(options.RootNamespace, diagnostics).Build(config, options.GeneratorVersion, options.Http);
        if (diagnostics.Any(d => d.IsError))
        {
            return new GeneratorResult(diagnostics, [], [], []);
        }

        var sources = new List<GeneratedFile> { new("PForgeServer.g.cs", CodeTemplateRenderer.Render("Server", server)) };
        var schemas = new List<GeneratedFile>();
        var stubs = new List<HandlerStub>();
        foreach (var tool in server.Tools)
        {
            var model = new { tool, server.Namespace, server.GeneratorVersion };
            var pascal = CSharpNames.Pascal(tool.Name);
            sources.Add(new($"{pascal}.Types.g.cs", CodeTemplateRenderer.Render("Types", model)));
            if (tool.IsNative)
            {
                sources.Add(new($"{pascal}.Handler.g.cs", CodeTemplateRenderer.Render("Handler", model)));
            }

            schemas.Add(new($"{tool.Name}.input.json", tool.InputSchemaIndented + "\n"));
            if (tool.OutputSchemaIndented is { } output)
            {
                schemas.Add(new($"{tool.Name}.output.json", output + "\n"));
            }

            if (tool.IsNative)
            {
                stubs.Add(new HandlerStub(tool.HandlerClass, $"{tool.HandlerNamespace}.{tool.HandlerClass}", new(tool.HandlerFile, CodeTemplateRenderer.Render("HandlerStub", model))));
            }
        }

        foreach (var handler in server.Handlers)
        {
            var kind = CSharpNames.Pascal(handler.Kind);
            var model = new { handler, server.Namespace, server.GeneratorVersion };
            sources.Add(new($"{handler.ClassName}.{kind}.g.cs", CodeTemplateRenderer.Render(kind + "Handler", model)));
            stubs.Add(new HandlerStub(handler.ClassName, $"{handler.Namespace}.{handler.ClassName}", new(handler.File, CodeTemplateRenderer.Render(kind + "Stub", model))));
        }

        var state = StateBuilder.Build(
            config.State,
            StoreCompiledIn(StateBackendKind.Sqlite, config, options),
            StoreCompiledIn(StateBackendKind.Redis, config, options),
            server.Namespace,
            server.ServerClass,
            server.GeneratorVersion);
        if (state is not null)
        {
            sources.Add(new("PForgeState.g.cs", CodeTemplateRenderer.Render("State", state)));
        }

        if (options.GenerateEntryPoint)
        {
            sources.Add(new("PForgeProgram.g.cs", CodeTemplateRenderer.Render("EntryPoint", server)));
        }

        var requests = new GeneratedFile(RequestsFile.FileName, RequestsFile.Build(config, diagnostics));
        return new GeneratorResult(diagnostics, sources, schemas, stubs) { Requests = requests };
    }

    /// <summary>Whether the store of <paramref name="backend"/> is compiled in: as the project says, else when the YAML names it.</summary>
    private static bool StoreCompiledIn(StateBackendKind backend, PForgeConfig config, GeneratorOptions options) =>
        (backend == StateBackendKind.Sqlite ? options.StateSqlite : options.StateRedis) ?? config.State?.Backend == backend;
}
