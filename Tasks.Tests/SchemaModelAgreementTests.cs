using System.Text.Json;
using PForge.Tasks.Config;
using PForge.Tasks.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace PForge.Tasks.Tests;

/// <summary>
/// docs/pforge.schema.json and the task's model (Tasks/Config) agree: each object of the schema is read by a mapping
/// reader that knows its keys (and others only to refuse them), the types the schema gives are the types the readers refuse others of, and the
/// enums are the values they accept. A new object in the schema needs a host document below (where the loader reads
/// it); a new key in a reader fails until the schema has it.
/// </summary>
[TestClass]
public sealed class SchemaModelAgreementTests
{
    private const string Forge = "forge: {name: a, version: '1'}";

    /// <summary>
    /// Per definition of the schema: a document whose '@' is where a member of that object goes, and the keys the
    /// document itself gives there (not probed). Flow style, so a member is one 'key: value' text.
    /// </summary>
    private static readonly Dictionary<string, (string Yaml, string[] Own)> Hosts = new(StringComparer.Ordinal)
    {
        ["#"] = ($"{{{Forge}, @}}", ["forge"]),
        ["forge"] = ("{forge: {name: a, version: '1', @}}", ["name", "version"]),
        ["forgeHttp"] = ("{forge: {name: a, version: '1', http: {@}}}", []),
        ["auth"] = ("{forge: {name: a, version: '1', transport: http, http: {auth: {api_keys: [{name: n, key: '${K}'}], @}}}}", ["api_keys"]),
        ["oauth"] = ("{forge: {name: a, version: '1', transport: http, http: {auth: {oauth: {issuer: 'https://auth.example.com', @}}}}}", ["issuer"]),
        ["introspection"] = ("{forge: {name: a, version: '1', transport: http, http: {auth: {oauth: {issuer: 'https://auth.example.com', introspection: {client_id: '${I}', client_secret: '${S}', @}}}}}}", ["client_id", "client_secret"]),
        ["apiKey"] = ("{forge: {name: a, version: '1', transport: http, http: {auth: {api_keys: [{name: n, key: '${K}', @}]}}}}", ["name", "key"]),
        ["nativeTool"] = ($"{{{Forge}, tools: [{{type: native, name: t, @}}]}}", ["type", "name"]),
        ["cliTool"] = ($"{{{Forge}, tools: [{{type: cli, name: t, command: ls, @}}]}}", ["type", "name", "command"]),
        ["httpTool"] = ($"{{{Forge}, tools: [{{type: http, name: t, endpoint: 'https://example.com/', @}}]}}", ["type", "name", "endpoint"]),
        ["pipelineTool"] = ($"{{{Forge}, tools: [{{type: native, name: n}}, {{type: pipeline, name: t, steps: [{{tool: n}}], @}}]}}", ["type", "name", "steps"]),
        ["bearerAuth"] = (HttpAuth("type: bearer, token: '${T}'"), ["type", "token"]),
        ["basicAuth"] = (HttpAuth("type: basic, username: u, password: '${P}'"), ["type", "username", "password"]),
        ["apikeyAuth"] = (HttpAuth("type: apikey, header: X-Key, key: '${K}'"), ["type", "header", "key"]),
        ["step"] = ($"{{{Forge}, tools: [{{type: native, name: n}}, {{type: pipeline, name: t, steps: [{{tool: n, @}}]}}]}}", ["tool"]),
        ["paramSpec"] = ($"{{{Forge}, tools: [{{type: native, name: t, params: {{p: {{type: string, @}}}}}}]}}", ["type"]),
        ["validation"] = ($"{{{Forge}, tools: [{{type: native, name: t, params: {{p: {{type: string, validation: {{@}}}}}}}}]}}", []),
        ["annotations"] = ($"{{{Forge}, tools: [{{type: native, name: t, annotations: {{@}}}}]}}", []),
        ["handler"] = ($"{{{Forge}, tools: [{{type: native, name: t, handler: {{path: H, @}}}}]}}", ["path"]),
        ["resource"] = ($"{{{Forge}, resources: [{{uri: 'a://b', name: r, text: x, @}}]}}", ["uri", "name", "text"]),
        ["resourceVariable"] = ($"{{{Forge}, resources: [{{uri_template: 'a://{{id}}', name: r, handler: {{path: H}}, variables: {{id: {{@}}}}}}]}}", []),
        ["prompt"] = ($"{{{Forge}, prompts: [{{name: p, template: x, @}}]}}", ["name", "template"]),
        ["promptArgument"] = ($"{{{Forge}, prompts: [{{name: p, template: x, arguments: {{a: {{@}}}}}}]}}", []),
        ["promptArgumentItem"] = ($"{{{Forge}, prompts: [{{name: p, template: x, arguments: [{{name: a, @}}]}}]}}", ["name"]),
        ["promptMessage"] = ($"{{{Forge}, prompts: [{{name: p, messages: [{{role: user, text: x, @}}]}}]}}", ["role", "text"]),
        ["promptMedia"] = ($"{{{Forge}, prompts: [{{name: p, messages: [{{role: user, image: {{data: AAAA, mime_type: image/png, @}}}}]}}]}}", ["data", "mime_type"]),
        ["promptResource"] = ($"{{{Forge}, prompts: [{{name: p, messages: [{{role: user, resource: {{uri: 'a://b', text: x, @}}}}]}}]}}", ["uri", "text"]),
        ["completion"] = ($"{{{Forge}, completion: {{@}}}}", []),
        ["state"] = ($"{{{Forge}, state: {{@}}}}", []),
        ["stateOptions"] = ($"{{{Forge}, state: {{options: {{@}}}}}}", []),
        ["policies"] = ($"{{{Forge}, policies: {{@}}}}", []),
        ["retry"] = ($"{{{Forge}, policies: {{retry: {{@}}}}}}", []),
        ["circuitBreaker"] = ($"{{{Forge}, policies: {{circuit_breaker: {{@}}}}}}", []),
        ["openapi"] = ($"{{{Forge}, openapi: [{{spec: s.yaml, @}}]}}", ["spec"]),
        ["openapiFilter"] = ($"{{{Forge}, openapi: [{{spec: s.yaml, include: {{@}}}}]}}", []),
        ["rateLimit"] = ($"{{{Forge}, policies: {{rate_limit: {{permits_per_second: 1, @}}}}}}", ["permits_per_second"]),
    };

    /// <summary>Keys a reader knows only to refuse them with an error that says why (PF0206): not in the schema.</summary>
    private static readonly Dictionary<string, string[]> Refused = new(StringComparer.Ordinal)
    {
        ["cliTool"] = ["example_arguments", "handler", "input_schema", "output", "task_start"],
        ["httpTool"] = ["example_arguments", "handler", "input_schema", "output", "task_start"],
        ["pipelineTool"] = ["example_arguments", "handler", "input_schema", "output", "task_start"],
    };

    private static readonly JsonElement Schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.FindRoot(), "docs", "pforge.schema.json"))).RootElement;

    public static IEnumerable<object[]> Objects =>
        Definitions().Select(d => new object[] { d.Name });

    [TestMethod]
    public void EveryObjectOfTheSchemaHasAHost()
    {
        var names = Definitions().Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var unhosted = names.Except(Hosts.Keys).Order(StringComparer.Ordinal).ToList();
        Assert.IsEmpty(unhosted, $"add a host document for: {string.Join(", ", unhosted)}");
        Assert.IsEmpty(Hosts.Keys.Except(names).ToList(), "hosts of definitions the schema no longer has");
    }

    [TestMethod]
    [DynamicData(nameof(Objects))]
    public void TheReaderKnowsExactlyTheSchemasKeys(string definition)
    {
        var (_, baseline) = Load(definition, string.Empty);
        Assert.IsFalse(baseline.Any(d => d.IsError || d.Code == "PF0102"), $"the host of {definition} loads cleanly:\n{string.Join("\n", baseline)}");

        using var recording = KnownKeys.Record();
        var (_, diagnostics) = Load(definition, "zz_unknown: 1");
        Assert.IsTrue(diagnostics.Any(d => d.Code == "PF0102" && d.Message.Contains("'zz_unknown'", StringComparison.Ordinal)), string.Join("\n", diagnostics));
        var read = recording.Entries.Single(e => e.Node.Children.Keys.Any(k => k is YamlScalarNode { Value: "zz_unknown" })).Keys;
        var declared = Properties(definition).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var missing = declared.Except(read).Order(StringComparer.Ordinal).ToList();
        Assert.IsEmpty(missing, $"keys of {definition} in the schema that the loader does not read: {string.Join(", ", missing)}");

        // A key the schema lacks is one the reader knows only to refuse it (a native tool's 'output' on a cli tool).
        var extra = read.Except(declared).Order(StringComparer.Ordinal).ToList();
        CollectionAssert.AreEqual(Refused.GetValueOrDefault(definition, []), extra, $"keys the loader reads in {definition} that the schema lacks: {string.Join(", ", extra)}");
        foreach (var key in extra)
        {
            var (_, refused) = Load(definition, $"{key}: x");
            Assert.IsTrue(refused.Any(d => d.IsError), $"the loader reads '{key}' in {definition}, which the schema lacks:\n{string.Join("\n", refused)}");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Objects))]
    public void TheReaderRefusesWhatTheSchemasTypesRefuse(string definition)
    {
        foreach (var (name, schema) in Probed(definition).Where(p => p.Schema.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String))
        {
            var type = schema.GetProperty("type");
            var wrong = type.GetString() == "string" ? "{zz: 1}" : "zz_bogus";
            var (_, diagnostics) = Load(definition, $"{name}: {wrong}");
            Assert.IsTrue(diagnostics.Any(d => d.IsError), $"{definition}.{name} is {type.GetString()} in the schema; the loader took {wrong}:\n{string.Join("\n", diagnostics)}");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Objects))]
    public void TheReaderAcceptsExactlyTheSchemasEnums(string definition)
    {
        foreach (var (name, schema) in Probed(definition))
        {
            var list = schema.TryGetProperty("items", out var items) && items.TryGetProperty("enum", out _);
            if (!(list ? items : schema).TryGetProperty("enum", out var values))
            {
                continue;
            }

            foreach (var value in values.EnumerateArray().Select(v => v.GetString()!).Append("zz_bogus"))
            {
                var (_, diagnostics) = Load(definition, list ? $"{name}: [{value}]" : $"{name}: {value}");
                var refused = diagnostics.Any(d => d.IsError);
                Assert.AreEqual(value == "zz_bogus", refused, $"{definition}.{name}: {value}\n{string.Join("\n", diagnostics)}");
            }
        }
    }

    private static string HttpAuth(string own) => $"{{{Forge}, tools: [{{type: http, name: t, endpoint: 'https://example.com/', auth: {{{own}, @}}}}]}}";

    private static (PForgeConfig? Config, IReadOnlyList<Diagnostic> Diagnostics) Load(string definition, string member)
    {
        var host = Hosts[definition].Yaml;
        var yaml = member.Length == 0 ? host.Replace(", @", string.Empty, StringComparison.Ordinal).Replace("@", string.Empty, StringComparison.Ordinal)
            : host.Replace("@", member, StringComparison.Ordinal);
        // The keys are the question here: an openapi entry's document is not read.
        return ConfigLoader.Load(yaml, importOpenApi: false);
    }

    /// <summary>The schema's objects with fixed keys: the root ("#") and each definition with 'properties'.</summary>
    private static IEnumerable<(string Name, JsonElement Schema)> Definitions() =>
        Schema.GetProperty("definitions").EnumerateObject()
            .Where(d => d.Value.TryGetProperty("properties", out _))
            .Select(d => (d.Name, d.Value))
            .Prepend(("#", Schema));

    /// <summary>The properties a test sets itself: those the host document does not give.</summary>
    private static IEnumerable<(string Name, JsonElement Schema)> Probed(string definition) =>
        Properties(definition).Where(p => !Hosts[definition].Own.Contains(p.Name));

    private static IEnumerable<(string Name, JsonElement Schema)> Properties(string definition)
    {
        var schema = Definitions().Single(d => d.Name == definition).Schema;
        Assert.IsFalse(schema.GetProperty("additionalProperties").GetBoolean(), $"{definition} refuses unknown keys, as the loader warns of them (PF0102)");
        return schema.GetProperty("properties").EnumerateObject().Select(p => (p.Name, p.Value));
    }
}
