using static PForge.Tasks.Tests.Diagnostics.DiagnosticCase;

namespace PForge.Tasks.Tests.Diagnostics;

/// <summary>HTTP authorization: forge.http.auth and allowed_hosts, the scopes of tools, resources and prompts, claim-bound parameters.</summary>
[TestClass]
public sealed class AuthDiagnosticTests
{
    public static IEnumerable<object[]> Cases =>
    [
        Case(
            "PF1401 auth without oauth or api_keys",
            Yaml.Server("""
                  transport: http
                  http:
                    auth:
                      scopes: [mcp:use]
                """),
            Error("PF1401", 6, 5, "'forge.http.auth' needs 'oauth', 'api_keys' or both: without a way to authenticate, every request would be refused", exact: true)),
        Case(
            "PF1402 scopes that are not scope-tokens, on auth, an API key, a tool, a resource and a prompt",
            Yaml.Server("""
                  transport: http
                  http:
                    auth:
                      scopes: ["read all", ""]
                      api_keys:
                        - { name: ci, key: "${CI_KEY}", scopes: ["a\"b"] }
                tools:
                  - type: native
                    name: t
                    scopes: ["back\\slash"]
                resources:
                  - { uri: "a://b", name: r, text: x, scopes: ["é"] }
                prompts:
                  - { name: p, template: x, scopes: [{ a: 1 }] }
                """),
            Error("PF1402", 7, 16, "Invalid scope 'read all': a scope is a non-empty token of printable ASCII without spaces, '\"' or '\\' (RFC 6749 scope-token), such as mcp:use or admin", exact: true),
            Error("PF1402", 7, 28, "Invalid scope ''"),
            Error("PF1402", 9, 50, "Invalid scope 'a\"b'"),
            Error("PF1402", 13, 14, "Invalid scope 'back\\slash'"),
            Error("PF1402", 15, 48, "Invalid scope 'é'"),
            Error("PF1402", 17, 38, "Invalid scope 'a mapping'")),
        Case(
            "PF1403 secrets written in the YAML",
            Yaml.Server("""
                  transport: http
                  http:
                    auth:
                      oauth:
                        issuer: https://auth.example.com
                        introspection:
                          client_id: my-client
                          client_secret: "${SECRET:-fallback}"
                      api_keys:
                        - name: ci-bot
                          key: s3cr3t
                        - name: other
                          key: "prefix-${KEY}"
                """),
            Error("PF1403", 10, 22, "'client_id' of 'auth.oauth.introspection' must be exactly one environment reference such as ${PFORGE_CI_KEY}, with no fallback and no other text: a secret is never written in pforge.yaml, where anyone who reads the file or the built server sees it", exact: true),
            Error("PF1403", 11, 26, "'client_secret' of 'auth.oauth.introspection' must be exactly one environment reference"),
            Error("PF1403", 14, 16, "'key' of API key 'ci-bot' must be exactly one environment reference"),
            Error("PF1403", 16, 16, "'key' of API key 'other' must be exactly one environment reference")),
        Case(
            "PF1404 none, HMAC and unknown algorithms",
            Yaml.Server("""
                  transport: http
                  http:
                    auth:
                      oauth:
                        issuer: https://auth.example.com
                        algorithms: [none, HS256, RS128, ES256]
                """),
            Error("PF1404", 9, 22, "Algorithm 'none' of 'auth.oauth.algorithms' is refused: an unsigned token proves nothing, anyone could write it"),
            Error("PF1404", 9, 28, "Algorithm 'HS256' of 'auth.oauth.algorithms' is refused: an HMAC key is a shared secret"),
            Error("PF1404", 9, 35, "Unknown algorithm 'RS128' in 'auth.oauth.algorithms'")),
        Case(
            "PF1405 issuer and issuers; PF0101 neither",
            Yaml.Server("""
                  transport: http
                  http:
                    auth:
                      oauth: { issuer: "https://a.example.com", issuers: ["https://b.example.com"] }
                      api_keys:
                        - { name: k, key: "${K}" }
                        - { name: k, key: "${K}" }
                """),
            Error("PF1405", 7, 49, "'auth.oauth' gives both 'issuer' and 'issuers': give one issuer with 'issuer', or several with 'issuers'", exact: true),
            Error("PF1409", 10, 19, "Two API keys have the same name 'k' (first at line 9); each caller needs its own", exact: true),
            Error("PF1409", 10, 27, "Two API keys have the same variable 'K' (first at line 9)")),
        Case(
            "PF0101 oauth without an issuer, PF0104 bad URLs, hosts and ranges",
            Yaml.Server("""
                  transport: http
                  http:
                    allowed_hosts: [mcp.example.com, "mcp.example.com:8443", "https://mcp.example.com", "a/b"]
                    auth:
                      oauth:
                        resource: "https://mcp.example.com/mcp#frag"
                        clock_skew_seconds: 301
                        introspection: { endpoint: "ftp://x", client_id: "${A}", client_secret: "${B}" }
                      api_keys: [{ name: k, key: "${K}" }]
                """),
            Error("PF0104", 6, 62, "Invalid value 'https://mcp.example.com' for 'allowed_hosts': expected a host name or address with an optional port"),
            Error("PF0104", 6, 89, "Invalid value 'a/b' for 'allowed_hosts'"),
            Error("PF0101", 9, 9, "Missing required key 'issuer' in 'forge.http.auth.oauth' (or 'issuers', a list)", exact: true),
            Error("PF0104", 9, 19, "Invalid value 'https://mcp.example.com/mcp#frag' for 'resource': expected an absolute URL without a fragment"),
            Error("PF0104", 10, 29, "Invalid value '301' for 'clock_skew_seconds': expected a whole number of seconds from 0 to 300", exact: true),
            Error("PF0104", 11, 36, "Invalid value 'ftp://x' for 'endpoint': expected an absolute http or https URL")),
        Case(
            "PF1407 scopes without forge.http.auth",
            Yaml.Server("""
                tools:
                  - type: cli
                    name: t
                    command: ls
                    scopes: [admin]
                resources:
                  - { uri: "a://b", name: r, text: x, scopes: [admin] }
                prompts:
                  - name: p
                    template: x
                    scopes: [admin]
                """),
            Warning("PF1407", 8, 5, "'scopes' of tool 't' has no effect without 'forge.http.auth': every caller may use it; add forge.http.auth to require the scopes", exact: true),
            Warning("PF1407", 10, 39, "'scopes' of resource 'r' has no effect"),
            Warning("PF1407", 14, 5, "'scopes' of prompt 'p' has no effect")),
        Case(
            "PF1408 claim on a parameter that cannot take it",
            Yaml.Server("""
                tools:
                  - type: native
                    name: t
                    params:
                      a: { type: integer, claim: sub }
                      b: { type: string, required: true, claim: sub }
                      c: { type: string, default: x, claim: sub }
                      d: { type: string, claim: "" }
                      e: { type: object, properties: { f: { type: string, claim: sub } } }
                    output:
                      g: { type: string, claim: sub }
                """),
            Error("PF1408", 8, 27, "'claim' of 'a' needs type string: a claim is filled in as text, and 'a' has type 'integer'", exact: true),
            Error("PF1408", 9, 42, "'claim' of 'b' cannot go with 'required'"),
            Error("PF1408", 10, 38, "'claim' of 'c' cannot go with 'default'"),
            Error("PF1408", 11, 26, "'claim' of 'd' must name a claim of the caller's token"),
            Error("PF1408", 12, 59, "'claim' of 'f' is only for a tool's own parameters"),
            Error("PF1408", 14, 26, "'claim' of 'g' is only for a tool's own parameters")),
    ];

    [TestMethod]
    [DynamicData(nameof(Cases), DynamicDataDisplayName = nameof(DiagnosticCase.Name), DynamicDataDisplayNameDeclaringType = typeof(DiagnosticCase))]
    public void ReportsDiagnostic(string name, string yaml, string[] expected) =>
        DiagnosticAssert.Reports(name, yaml, expected, new GeneratorOptions("App", GenerateEntryPoint: true, Http: true));
}
