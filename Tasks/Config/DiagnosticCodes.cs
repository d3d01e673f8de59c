namespace PForge.Tasks.Config;

/// <summary>
/// Every PF diagnostic, created in one place so codes stay stable. Ranges: PF0xxx configuration,
/// PF1xxx code generation, PF2xxx build. A code is never reused; docs/diagnostics.md lists them all.
/// </summary>
public static class DiagnosticCodes
{
    public static Diagnostic YamlSyntax(SourcePosition at, string detail) =>
        Error("PF0001", $"YAML syntax error: {detail}", at);

    public static Diagnostic EmptyDocument() =>
        Error("PF0002", "pforge.yaml is empty: it needs at least a 'forge' section with 'name' and 'version'", SourcePosition.Start);

    public static Diagnostic DuplicateKey(SourcePosition at, string key, int firstLine) =>
        Error("PF0003", $"Key '{key}' is given more than once (first at line {firstLine})", at);

    public static Diagnostic MissingKey(SourcePosition at, string key, string where) =>
        Error("PF0101", $"Missing required key '{key}' in {where}", at);

    public static Diagnostic UnknownKey(SourcePosition at, string key, string where, string? suggestion) =>
        Warning("PF0102", $"Unknown key '{key}' in {where} is ignored" + (suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?"), at);

    public static Diagnostic WrongShape(SourcePosition at, string key, string expected) =>
        Error("PF0103", $"'{key}' must be {expected}", at);

    public static Diagnostic InvalidValue(SourcePosition at, string key, string value, string expected) =>
        Error("PF0104", $"Invalid value '{value}' for '{key}': expected {expected}", at);

    public static Diagnostic NotSupportedYet(SourcePosition at, string section) =>
        Warning("PF0105", $"'{section}' is not served by this version of PForge yet and is ignored", at);

    public static Diagnostic WebSocketTransport(SourcePosition at) =>
        Error("PF0106", "Transport 'websocket' has no MCP standard transport; use 'http' (Streamable HTTP) or 'stdio'", at);

    public static Diagnostic DuplicateToolName(SourcePosition at, string name, int firstLine) =>
        Error("PF0201", $"Duplicate tool name '{name}' (first declared at line {firstLine})", at);

    public static Diagnostic InvalidToolName(SourcePosition at, string name) =>
        Error("PF0202", $"Invalid tool name '{name}': use 1 to 64 characters of A-Z, a-z, 0-9, '_', '-' and '.'", at);

    public static Diagnostic UnknownToolType(SourcePosition at, string type) =>
        Error("PF0203", $"Unknown tool type '{type}': expected native, cli, http or pipeline", at);

    /// <summary>Reserved: a tool type this version reads but does not build. Every type is built now; nothing reports it.</summary>
    public static Diagnostic ToolTypeNotSupportedYet(SourcePosition at, string type, string name) =>
        Error("PF0204", $"Tool '{name}' has type '{type}', which this version of PForge does not build yet", at);

    public static Diagnostic InvalidHandlerPath(SourcePosition at, string path) =>
        Error("PF0205", $"Invalid handler path '{path}': expected a C# type name such as 'Handlers.GreetHandler' or a Rust path such as 'handlers::greet'", at);

    public static Diagnostic KeyNotForToolType(SourcePosition at, string key, string type, string reason) =>
        Error("PF0206", $"'{key}' does not apply to {(type == "http" ? "an" : "a")} {type} tool: {reason}", at);

    public static Diagnostic UnknownParamType(SourcePosition at, string type, string param) =>
        Error("PF0301", $"Unknown type '{type}' for '{param}': expected string, integer, number, boolean, array or object", at);

    public static Diagnostic DefaultTypeMismatch(SourcePosition at, string param, string type) =>
        Error("PF0302", $"Default value of '{param}' does not match its type '{type}'", at);

    public static Diagnostic EnumTypeMismatch(SourcePosition at, string value, string param, string type) =>
        Error("PF0303", $"Enum value '{value}' of '{param}' does not match its type '{type}'", at);

    public static Diagnostic ValidationNotForType(SourcePosition at, string rule, string param, string type) =>
        Error("PF0304", $"Validation '{rule}' does not apply to '{param}' of type '{type}'", at);

    public static Diagnostic RangeInverted(SourcePosition at, string param, string low, string high) =>
        Error("PF0305", $"Validation of '{param}' can never pass: {low} is greater than {high}", at);

    public static Diagnostic InvalidPattern(SourcePosition at, string param, string detail) =>
        Error("PF0306", $"Invalid pattern for '{param}': {detail}", at);

    public static Diagnostic DefaultViolatesRules(SourcePosition at, string param, string detail) =>
        Error("PF0307", $"Default value of '{param}' violates its own rules: {detail}", at);

    public static Diagnostic InvalidParamName(SourcePosition at, string name) =>
        Error("PF0308", $"Invalid name '{name}': a parameter or output field name needs at least one letter or digit", at);

    public static Diagnostic RequiredWithDefault(SourcePosition at, string param) =>
        Warning("PF0309", $"'{param}' is required, so its default is never used; make it optional or drop the default", at);

    public static Diagnostic EmptyEnum(SourcePosition at, string param) =>
        Error("PF0310", $"'enum' of '{param}' is empty: no value could ever pass", at);

    public static Diagnostic ObjectDefault(SourcePosition at, string param) =>
        Error("PF0311", $"'{param}' is an object with declared properties, which cannot take a whole default; give its properties defaults instead", at);

    public static Diagnostic UnclosedTemplate(SourcePosition at, string opener, string place, string closer) =>
        Error("PF0401", $"Unclosed '{opener}' in {place}: the expression must end with '{closer}'", at);

    public static Diagnostic MalformedTemplate(SourcePosition at, string expression, string place, string expected) =>
        Error("PF0402", $"Malformed template expression '{expression}' in {place}: expected {expected}", at);

    public static Diagnostic UnknownTemplateVariable(SourcePosition at, string name, string place, string known) =>
        Error("PF0403", $"Unknown variable '{name}' in {place}: {known}", at);

    public static Diagnostic BadTemplatePath(SourcePosition at, string path, string place, string problem) =>
        Error("PF0404", $"Bad path '{path}' in {place}: {problem}", at);

    public static Diagnostic EnvReferenceNotAllowed(SourcePosition at, string reference, string place, string rule) =>
        Error("PF0405", $"Environment reference '{reference}' in {place} could reach the client; {rule}", at);

    public static Diagnostic TemplatedCommand(SourcePosition at, string tool) =>
        Error("PF0406", $"'command' of tool '{tool}' must be a fixed program: it cannot hold a template ('{{{{' or '${{'); pass values as 'args' elements", at);

    public static Diagnostic TemplatedHost(SourcePosition at, string tool) =>
        Error("PF0601", $"The scheme and host of 'endpoint' of tool '{tool}' must be fixed: a template there lets a client send the request (and its credentials) to another host; write the host literally, or set 'dynamic_host: true' to allow it", at);

    public static Diagnostic InvalidEndpoint(SourcePosition at, string tool, string endpoint) =>
        Error("PF0602", $"'endpoint' of tool '{tool}' must be an absolute http or https URL such as 'https://api.example.com/items/{{{{id}}}}', not '{endpoint}'", at);

    public static Diagnostic InvalidHttpMethod(SourcePosition at, string tool, string method) =>
        Error("PF0603", $"Invalid method '{method}' for tool '{tool}': expected GET, POST, PUT, DELETE or PATCH, in uppercase", at);

    public static Diagnostic LiteralSecret(SourcePosition at, string key, string tool) =>
        Warning("PF0604", $"'auth.{key}' of tool '{tool}' is written in pforge.yaml, where anyone who reads the file or the built server sees it; read it from the environment with '${{NAME}}' instead", at);

    public static Diagnostic BodyNotForMethod(SourcePosition at, string tool, string method) =>
        Error("PF0605", $"Tool '{tool}' sends {method}, which carries no 'body'; a body goes with POST, PUT or PATCH", at);

    public static Diagnostic UnknownStepTool(SourcePosition at, string tool, string pipeline, string known) =>
        Error("PF0701", $"Unknown tool '{tool}' in a step of pipeline '{pipeline}': {known}", at);

    public static Diagnostic PipelineCycle(SourcePosition at, string pipeline, string chain) =>
        Error("PF0702", $"Pipeline '{pipeline}' calls itself through its steps ({chain}); a pipeline cannot reach itself", at);

    public static Diagnostic UnknownPipelineVariable(SourcePosition at, string name, string place, string known) =>
        Error("PF0703", $"Unknown variable '{name}' in {place}: {known}", at);

    public static Diagnostic InvalidOutputVar(SourcePosition at, string name, string pipeline, string problem) =>
        Error("PF0704", $"Invalid 'output_var' '{name}' in pipeline '{pipeline}': {problem}", at);

    public static Diagnostic MalformedCondition(SourcePosition at, string condition, string pipeline, string problem) =>
        Error("PF0705", $"Malformed condition '{condition}' in pipeline '{pipeline}': {problem}", at);

    public static Diagnostic InvalidErrorPolicy(SourcePosition at, string value, string pipeline) =>
        Error("PF0706", $"Invalid 'error_policy' '{value}' in pipeline '{pipeline}': expected fail_fast (the default) or continue", at);

    public static Diagnostic NoSteps(SourcePosition at, string pipeline) =>
        Error("PF0707", $"Pipeline '{pipeline}' has no steps: 'steps' must list at least one step", at);

    public static Diagnostic NameCollision(SourcePosition at, string csharpName, string first, string second) =>
        Error("PF1001", $"'{second}' and '{first}' both become the C# name '{csharpName}'; rename one of them", at);

    public static Diagnostic NoIdentifier(SourcePosition at, string name) =>
        Error("PF1003", $"Tool name '{name}' has no letter or digit to make C# names from; add one", at);

    public static Diagnostic GenerationFailed(string detail) =>
        Error("PF1002", $"Code generation failed: {detail}", SourcePosition.Start);

    public static Diagnostic ConfigNotFound(string path) =>
        Error("PF2001", $"No pforge.yaml found at '{path}'; create one or set PForgeConfigFile", SourcePosition.Start);

    /// <summary>
    /// Raised by MSBuild itself (Sdk/build/PForge.Runtime.targets, target _PForgeCheckRuntimeReference) with this
    /// exact text; here so that the code is defined, documented and tested in one place.
    /// </summary>
    public static Diagnostic RuntimeNotReferenced() =>
        Error("PF2002", "PForge.Runtime is not referenced: set PForgeRuntimeVersion, or PForgeReferenceRuntime=false and reference it yourself", SourcePosition.Start);

    private static Diagnostic Error(string code, string message, SourcePosition at) =>
        new(code, DiagnosticSeverity.Error, message, at.Line, at.Column);

    private static Diagnostic Warning(string code, string message, SourcePosition at) =>
        new(code, DiagnosticSeverity.Warning, message, at.Line, at.Column);
}
