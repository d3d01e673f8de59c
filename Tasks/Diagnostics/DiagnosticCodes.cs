using PForge.Tasks.Config;

namespace PForge.Tasks.Diagnostics;

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

    public static Diagnostic YamlTooLarge(int characters, int limit) =>
        Error("PF0004", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"pforge.yaml has {characters:N0} characters; the limit is {limit:N0}"), SourcePosition.Start);

    public static Diagnostic YamlTooDeep(SourcePosition at, int limit) =>
        Error("PF0005", $"pforge.yaml nests mappings and lists more than {limit} levels deep", at);

    public static Diagnostic YamlTooManyNodes(SourcePosition at, int limit) =>
        Error("PF0006", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"pforge.yaml stands for more than {limit:N0} values once its aliases are expanded"), at);

    public static Diagnostic YamlRecursiveAlias(SourcePosition at, string anchor) =>
        Error("PF0007", $"Alias '*{anchor}' stands for a node that contains it: pforge.yaml cannot hold a value that contains itself", at);

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

    public static Diagnostic InputSchemaWithParams(SourcePosition at, string tool) =>
        Error("PF0207", $"Tool '{tool}' has both 'input_schema' and 'params': the input is one or the other", at);

    public static Diagnostic InvalidInputSchema(SourcePosition at, string tool, string problem) =>
        Error("PF0208", $"'input_schema' of tool '{tool}' must be a JSON Schema object whose 'type' is \"object\": {problem}", at);

    public static Diagnostic InvalidMcpHeader(SourcePosition at, string tool, string path, string problem) =>
        Error("PF0209", $"'x-mcp-header' at '{path}' of the input_schema of tool '{tool}' is invalid: {problem}", at);

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

    public static Diagnostic InvalidExample(SourcePosition at, string param, string detail) =>
        Error("PF0312", $"Example value of '{param}' is not a valid argument: {detail}", at);

    public static Diagnostic ExampleArgumentsWithoutSchema(SourcePosition at, string tool) =>
        Error("PF0313", $"'example_arguments' of tool '{tool}' is for a tool whose input is a raw 'input_schema'; give each parameter 'examples:' instead", at);

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

    public static Diagnostic ResourceUri(SourcePosition at, string resource, bool both) =>
        Error("PF0801", both
            ? $"Resource '{resource}' has both 'uri' and 'uri_template': a resource is static or a template, not both"
            : $"Resource '{resource}' needs 'uri' (a static resource) or 'uri_template' (a template)", at);

    public static Diagnostic DuplicateResourceUri(SourcePosition at, string uri, int firstLine) =>
        Error("PF0802", $"Duplicate resource URI '{uri}' (first declared at line {firstLine})", at);

    public static Diagnostic DuplicateResourceName(SourcePosition at, string name, int firstLine) =>
        Error("PF0803", $"Duplicate resource name '{name}' (first declared at line {firstLine})", at);

    public static Diagnostic ResourceContent(SourcePosition at, string resource, string given) =>
        Error("PF0804", given.Length == 0
            ? $"Static resource '{resource}' needs exactly one of 'text', 'blob', 'file' or 'handler'"
            : $"Static resource '{resource}' has {given}: give exactly one of 'text', 'blob', 'file' or 'handler'", at);

    public static Diagnostic InvalidBase64(SourcePosition at, string place) =>
        Error("PF0805", $"{place} is not valid base64", at);

    public static Diagnostic ResourceFile(SourcePosition at, string file, string resource, string problem) =>
        Error("PF0806", $"File '{file}' of resource '{resource}' {problem}", at);

    public static Diagnostic TemplateContent(SourcePosition at, string resource, string? key) =>
        Error("PF0807", key is null
            ? $"Resource template '{resource}' needs a 'handler': its contents are computed when a URI of it is read"
            : $"Resource template '{resource}' cannot have '{key}': a template's contents come from its 'handler'", at);

    public static Diagnostic UnsupportedUriTemplate(SourcePosition at, string expression, string resource, string problem) =>
        Error("PF0808", $"Unsupported expression '{expression}' in 'uri_template' of resource '{resource}': {problem}; only {{name}} (RFC 6570 level 1) is served", at);

    public static Diagnostic MalformedUriTemplate(SourcePosition at, string resource, string problem) =>
        Error("PF0809", $"Malformed 'uri_template' of resource '{resource}': {problem}", at);

    public static Diagnostic UnknownResourceVariable(SourcePosition at, string variable, string resource, string known) =>
        Error("PF0810", $"'variables' of resource '{resource}' names '{variable}', which is not in its URI: {known}", at);

    public static Diagnostic InvalidResourceUri(SourcePosition at, string key, string resource, string uri) =>
        Error("PF0811", $"'{key}' of resource '{resource}' must be an absolute URI with a scheme, such as 'docs://readme' or 'file:///notes.txt', not '{uri}'", at);

    public static Diagnostic DuplicatePromptName(SourcePosition at, string name, int firstLine) =>
        Error("PF0901", $"Duplicate prompt name '{name}' (first declared at line {firstLine})", at);

    public static Diagnostic PromptContent(SourcePosition at, string prompt, string given) =>
        Error("PF0902", given.Length == 0
            ? $"Prompt '{prompt}' needs one of 'template', 'messages' or 'handler'"
            : $"Prompt '{prompt}' has {given}: give only one of 'template', 'messages' or 'handler'", at);

    public static Diagnostic InvalidRole(SourcePosition at, string role, string place) =>
        Error("PF0903", $"Invalid role '{role}' in {place}: expected user or assistant", at);

    public static Diagnostic MessageContent(SourcePosition at, string place, string keys, string given) =>
        Error("PF0904", given.Length == 0
            ? $"{place} needs exactly one of {keys}"
            : $"{place} has {given}: give exactly one of {keys}", at);

    public static Diagnostic PromptArgumentType(SourcePosition at, string type, string argument, string prompt) =>
        Error("PF0905", $"Argument '{argument}' of prompt '{prompt}' has type '{type}': prompt arguments are text, so the only type is string", at);

    public static Diagnostic DuplicatePromptArgument(SourcePosition at, string argument, string prompt, int firstLine) =>
        Error("PF0906", $"Duplicate argument '{argument}' of prompt '{prompt}' (first declared at line {firstLine})", at);

    public static Diagnostic NameCollision(SourcePosition at, string csharpName, string first, string second) =>
        Error("PF1001", $"'{second}' and '{first}' both become the C# name '{csharpName}'; rename one of them", at);

    public static Diagnostic NoIdentifier(SourcePosition at, string name) =>
        Error("PF1003", $"Tool name '{name}' has no letter or digit to make C# names from; add one", at);

    public static Diagnostic GenerationFailed(string detail) =>
        Error("PF1002", $"Code generation failed: {detail}", SourcePosition.Start);

    public static Diagnostic RequestLeftOut(SourcePosition at, string tool, string reason, string remedy) =>
        Info("PF1004", $"Tool '{tool}' is left out of the generated requests file pforge.requests.jsonl (the perf gate's and benchmarks' workload): {reason}; {remedy}", at);

    public static Diagnostic UnknownStateBackend(SourcePosition at, string backend) =>
        Error("PF1101", $"Unknown state backend '{backend}': expected memory, sqlite (Rust's sled) or redis", at);

    public static Diagnostic InvalidStateTtl(SourcePosition at, string value) =>
        Error("PF1102", $"Invalid 'ttl_seconds' '{value}' in 'state.options': expected a whole number of seconds from 1 to {int.MaxValue}", at);

    public static Diagnostic InvalidKeyPrefix(SourcePosition at, string problem) =>
        Error("PF1103", $"Invalid 'key_prefix' in 'state.options': {problem}", at);

    public static Diagnostic StatePathUnused(SourcePosition at) =>
        Warning("PF1104", "'path' of 'state' is ignored: the memory backend keeps values in the process, in no file", at);

    public static Diagnostic RedisPasswordInYaml(SourcePosition at) =>
        Warning("PF1105", "'path' of 'state' holds a redis password, which anyone who reads pforge.yaml or the built server sees; give the connection string at run time instead (--state-path or PFORGE_STATE_PATH)", at);

    public static Diagnostic StateBackendNotCompiledIn(SourcePosition at, string backend, string property) =>
        Error("PF1106", $"state.backend is {backend} but the {backend} state store is not compiled in: set <{property}>true</{property}>", at);

    public static Diagnostic InvalidSqlitePath(SourcePosition at, string path, string problem) =>
        Error("PF1107", $"Invalid 'path' '{path}' of a sqlite state: {problem}", at);

    public static Diagnostic InvalidRedisPath(SourcePosition at) =>
        Error("PF1108", "'path' of a redis state must be a StackExchange.Redis connection string that names a server, such as 127.0.0.1:6379 or cache.internal:6380,ssl=true", at);

    public static Diagnostic InvalidPolicyValue(SourcePosition at, string key, string where, string value, string expected) =>
        Error("PF1201", $"Invalid value '{value}' for '{key}' in {where}: expected {expected}", at);

    public static Diagnostic PolicyBlockShape(SourcePosition at, string key, string where, bool canTurnOff) =>
        Error("PF1202", canTurnOff
            ? $"'{key}' in {where} must be a mapping of its settings, or false to turn off the one 'policies' gives"
            : $"'{key}' in {where} must be a mapping of policies (timeout_ms, retry, circuit_breaker, rate_limit, max_concurrent)", at);

    public static Diagnostic BackoffInverted(SourcePosition at, string where, int initial, int max) =>
        Error("PF1203", $"'max_backoff_ms' ({max}) in {where} is less than 'initial_backoff_ms' ({initial}): the backoff grows from the first up to the cap", at);

    public static Diagnostic PolicyGivenTwice(SourcePosition at, string key, string tool) =>
        Error("PF1204", $"'{key}' of tool '{tool}' is given both on the tool and in its 'policies'; keep one", at);

    public static Diagnostic MissingPermits(SourcePosition at, string where) =>
        Error("PF1205", $"{char.ToUpperInvariant(where[0])}{where[1..]} needs 'permits_per_second': the calls allowed in each second", at);

    public static Diagnostic RetryNotIdempotent(SourcePosition at, string tool, string method) =>
        Warning("PF1206", $"Tool '{tool}' retries {method} requests, which may then be applied twice (a request that timed out may have reached the server); set 'annotations: {{ idempotent: true }}' if repeating it is safe", at);

    public static Diagnostic MetricsPathTaken(SourcePosition at) =>
        Error("PF1207", "'forge.http.path' is /metrics, where 'forge.http.metrics: true' serves the metrics; choose another path for MCP", at);

    public static Diagnostic InvalidLogLevel(SourcePosition at, string value) =>
        Error("PF1208", $"Invalid 'log_level' '{value}' in 'forge': expected debug, info, warning, error or none", at);

    public static Diagnostic InvalidRegistryName(string name, bool derived) =>
        Warning("PF1301", $"The MCP registry name '{name}' of .mcp/server.json is not namespace/name (letters, digits, '.' and '-', then '/', then letters, digits, '.', '_' and '-'){(derived ? ", as the package id and forge.name made it" : string.Empty)}: set PForgeMcpServerName, e.g. io.github.you/server", SourcePosition.Start);

    // PF14xx: HTTP authorization (forge.http.auth, scopes: of tools, resources and prompts, claim: of parameters).
    public static Diagnostic AuthWithoutScheme(SourcePosition at) =>
        Error("PF1401", "'forge.http.auth' needs 'oauth', 'api_keys' or both: without a way to authenticate, every request would be refused", at);

    public static Diagnostic InvalidScope(SourcePosition at, string scope) =>
        Error("PF1402", $"Invalid scope '{scope}': a scope is a non-empty token of printable ASCII without spaces, '\"' or '\\' (RFC 6749 scope-token), such as mcp:use or admin", at);

    public static Diagnostic SecretNotFromEnvironment(SourcePosition at, string key, string where) =>
        Error("PF1403", $"'{key}' of {where} must be exactly one environment reference such as ${{PFORGE_CI_KEY}}, with no fallback and no other text: a secret is never written in pforge.yaml, where anyone who reads the file or the built server sees it", at);

    public static Diagnostic RefusedAlgorithm(SourcePosition at, string algorithm) =>
        Error("PF1404", algorithm.Equals("none", StringComparison.OrdinalIgnoreCase)
            ? $"Algorithm '{algorithm}' of 'auth.oauth.algorithms' is refused: an unsigned token proves nothing, anyone could write it; expected RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384 or ES512"
            : algorithm.StartsWith("HS", StringComparison.OrdinalIgnoreCase)
                ? $"Algorithm '{algorithm}' of 'auth.oauth.algorithms' is refused: an HMAC key is a shared secret, so a server holding it could forge tokens, and a key published as a JWKS would let anyone; expected RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384 or ES512"
                : $"Unknown algorithm '{algorithm}' in 'auth.oauth.algorithms': expected RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384 or ES512 (asymmetric signatures only)",
            at);

    public static Diagnostic IssuerAndIssuers(SourcePosition at) =>
        Error("PF1405", "'auth.oauth' gives both 'issuer' and 'issuers': give one issuer with 'issuer', or several with 'issuers'", at);

    public static Diagnostic AuthOnStdio(SourcePosition at) =>
        Warning("PF1406", "'forge.http.auth' has no effect: forge.transport is stdio and the HTTP transport is not compiled in, and a stdio server serves the one client that started it, never authenticating; set 'transport: http' (or <PForgeHttp>true</PForgeHttp> to serve with --transport http)", at);

    public static Diagnostic ScopesWithoutAuth(SourcePosition at, string item) =>
        Warning("PF1407", $"'scopes' of {item} has no effect without 'forge.http.auth': every caller may use it; add forge.http.auth to require the scopes", at);

    public static Diagnostic InvalidClaim(SourcePosition at, string param, string problem) =>
        Error("PF1408", $"'claim' of '{param}' {problem}", at);

    public static Diagnostic DuplicateApiKey(SourcePosition at, string what, string value, int firstLine) =>
        Error("PF1409", $"Two API keys have the same {what} '{value}' (first at line {firstLine}); each caller needs its own", at);

    // PF15xx: tools generated from OpenAPI documents (openapi:); those about the document point into it.
    public static Diagnostic OpenApiNotFound(SourcePosition at, string spec, string reason) =>
        Error("PF1501", $"The OpenAPI document '{spec}' cannot be read: {reason}", at);

    public static Diagnostic OpenApiLimit(SourcePosition at, string spec, string reason) =>
        Error("PF1502", $"The OpenAPI document '{spec}' is not read: {reason}", at);

    public static Diagnostic OpenApiInvalid(SourcePosition at, string spec, string detail) =>
        Error("PF1503", $"The OpenAPI document '{spec}' is not valid: {detail}", at);

    public static Diagnostic OpenApiVersion(SourcePosition at, string spec, string version) =>
        Error("PF1504", $"The document '{spec}' is {version}; tools are generated from OpenAPI 3.0 and 3.1 (convert a Swagger 2.0 document first)", at);

    public static Diagnostic OpenApiNoBaseUrl(SourcePosition at, string spec, string? server) =>
        Error("PF1505", server is null
            ? $"The OpenAPI document '{spec}' names no server: give the entry a 'base_url' such as https://api.example.com/v1"
            : $"The first server of the OpenAPI document '{spec}' is '{server}', not an absolute http(s) URL: give the entry a 'base_url' such as https://api.example.com/v1", at);

    public static Diagnostic OpenApiUnknownScheme(SourcePosition at, string scheme, string spec, string known) =>
        Error("PF1506", $"'auth.{scheme}' names no security scheme of '{spec}'" + (known.Length == 0 ? " (it declares none)" : $"; it declares: {known}"), at);

    public static Diagnostic OpenApiLiteralSecret(SourcePosition at, string key, string where) =>
        Warning("PF1507", $"'{key}' of {where} is written in pforge.yaml, where anyone who reads the file or the built server sees it; read it from the environment with '${{NAME}}' instead", at);

    public static Diagnostic OpenApiOperationSkipped(SourcePosition at, string operation, string reason) =>
        Warning("PF1508", $"No tool for {operation}: {reason}", at);

    public static Diagnostic OpenApiUnmappedSchemes(SourcePosition at, string spec, string schemes) =>
        Warning("PF1509", $"Operations of '{spec}' need the security schemes {schemes}, which 'auth' does not give (an API key in the query or a cookie, or HTTP basic without 'username', cannot be sent): their tools send no credentials", at);

    public static Diagnostic OpenApiToolDeclared(SourcePosition at, string tool, string operation) =>
        Info("PF1510", $"Tool '{tool}' is declared in 'tools', so {operation} makes no tool of that name", at);

    public static Diagnostic OpenApiNothingSelected(SourcePosition at, string spec) =>
        Warning("PF1511", $"No operation of '{spec}' is selected: check 'include' and 'exclude' (operationIds, tags and paths are case-sensitive)", at);

    public static Diagnostic ConfigNotFound(string path) =>
        Error("PF2001", $"No pforge.yaml found at '{path}'; create one or set PForgeConfigFile", SourcePosition.Start);

    /// <summary>
    /// Raised by MSBuild itself (Sdk/build/PForge.Runtime.targets, target _PForgeCheckRuntimeReference) with this
    /// exact text; here so that the code is defined, documented and tested in one place.
    /// </summary>
    public static Diagnostic RuntimeNotReferenced() =>
        Error("PF2002", "PForge.Runtime is not referenced: set PForgeRuntimeVersion, or PForgeReferenceRuntime=false and reference it yourself", SourcePosition.Start);

    public static Diagnostic HttpNotCompiledIn(SourcePosition at) =>
        Error("PF2003", "forge.transport is http but the HTTP transport is not compiled in: set <PForgeHttp>true</PForgeHttp>", at);

    // PF2008..PF2012: the perf gate (Sdk/build/PForge.PerfGate.targets). PF2008..PF2011 are raised by Error tasks there
    // with these texts, built from MSBuild properties (a test checks that the targets say the same); PF2012 by the
    // MeasurePForgeInstructions task.

    public static Diagnostic ValgrindMissing(string valgrind) =>
        Error("PF2008", $"The perf gate counts instructions with valgrind, but '{valgrind}' cannot be run: install valgrind (Debian and Ubuntu: sudo apt-get install valgrind) or set PForgeValgrind to its path", SourcePosition.Start);

    public static Diagnostic PerfRegression(string measured, string percent, string baseline, string file, string tolerance) =>
        Error("PF2009", $"Perf gate failed: {measured} instructions per request is {percent}% above the baseline {baseline} ({file}), beyond the tolerance of {tolerance}%. Find what made requests slower; if the cost is intended, rewrite the baseline with -p:PForgePerfUpdateBaseline=true and commit it saying why", SourcePosition.Start);

    public static Diagnostic PerfBaselineMissing(string file) =>
        Error("PF2010", $"No perf baseline figure in '{file}': measure one with dotnet build -t:PForgePerfGate -p:PForgePerfUpdateBaseline=true and commit it, or set PForgePerfBaseline to the file", SourcePosition.Start);

    public static Diagnostic PerfRequestsMissing(string file) =>
        Error("PF2011", $"No requests file at '{file}' for the perf gate: build the project once so that it generates pforge.requests.jsonl, or set PForgeRequestsFile to a file of JSON-RPC lines", SourcePosition.Start);

    public static Diagnostic PerfRunFailed(string detail) =>
        Error("PF2012", $"The perf gate's measured run failed: {detail}", SourcePosition.Start);

    private static Diagnostic Error(string code, string message, SourcePosition at) =>
        new(code, DiagnosticSeverity.Error, message, at.Line, at.Column);

    private static Diagnostic Warning(string code, string message, SourcePosition at) =>
        new(code, DiagnosticSeverity.Warning, message, at.Line, at.Column);

    /// <summary>A note that needs no change to build (a message of high importance): neither a warning nor an error.</summary>
    private static Diagnostic Info(string code, string message, SourcePosition at) =>
        new(code, DiagnosticSeverity.Info, message, at.Line, at.Column);
}
