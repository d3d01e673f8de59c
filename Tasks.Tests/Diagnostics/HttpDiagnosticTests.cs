using static PForge.Tasks.Tests.Diagnostics.DiagnosticCase;

namespace PForge.Tasks.Tests.Diagnostics;

/// <summary>PF0601..PF0605: http tools: endpoint, method, auth, body, headers and limits.</summary>
[TestClass]
public sealed class HttpDiagnosticTests
{
    public static IEnumerable<object[]> Cases =>
    [
        Case(
            "PF0206 handler and output on an http tool",
            Yaml.Server("""
                tools:
                  - type: http
                    name: get_user
                    endpoint: https://api.example.com/users
                    handler: { path: Handlers.GetUser }
                    output: { login: string }
                """),
            Error("PF0206", 8, 5, "'handler' does not apply to an http tool: it sends the request its YAML declares; there is no handler to write"),
            Error("PF0206", 9, 5, "'output' does not apply to an http tool: its result is the response body, whose shape no schema fixes")),
        Case(
            "PF0101 http tool without endpoint",
            Yaml.Server("""
                tools:
                  - type: http
                    name: get_user
                """),
            Error("PF0101", 5, 5, "Missing required key 'endpoint' in tool 'get_user'")),
        Case(
            "PF0405 environment references in endpoint, query and body",
            Yaml.Server("""
                tools:
                  - type: http
                    name: send
                    method: POST
                    endpoint: "https://api.example.com/items/${ITEM}"
                    query: { key: "${API_KEY}" }
                    body: '{"token": "${TOKEN}"}'
                    headers: { X-Ok: "${FINE}" }
                """),
            Error("PF0405", 8, 46, "Environment reference '${ITEM}' in 'endpoint' of tool 'send' could reach the client; in an http tool, environment references are allowed only in 'headers' values and 'auth' fields", exact: true),
            Error("PF0405", 9, 20, "Environment reference '${API_KEY}' in 'query.key' of tool 'send' could reach the client"),
            Error("PF0405", 10, 23, "Environment reference '${TOKEN}' in 'body' of tool 'send' could reach the client")),
        Case(
            "PF0403 unknown variable in an http header",
            Yaml.Server("""
                tools:
                  - type: http
                    name: get
                    endpoint: https://api.example.com/
                    headers: { X-User: "{{usr}}" }
                    params: { user: string }
                """),
            Error("PF0403", 8, 25, "Unknown variable 'usr' in 'headers.X-User' of tool 'get': the tool's parameters are user")),
        Case(
            "PF0601 templated host, scheme and env host",
            Yaml.Server("""
                tools:
                  - type: http
                    name: a
                    endpoint: "https://{{host}}/users"
                    params: { host: string }
                  - type: http
                    name: b
                    endpoint: "{{url}}"
                    params: { url: string }
                  - type: http
                    name: c
                    endpoint: "https://api.example.com:{{port}}/x"
                    params: { port: integer }
                  - type: http
                    name: d
                    endpoint: "${BASE_URL}/x"
                """),
            Error("PF0601", 7, 24, "The scheme and host of 'endpoint' of tool 'a' must be fixed: a template there lets a client send the request (and its credentials) to another host; write the host literally, or set 'dynamic_host: true' to allow it", exact: true),
            Error("PF0601", 11, 16, "The scheme and host of 'endpoint' of tool 'b' must be fixed"),
            Error("PF0601", 15, 40, "The scheme and host of 'endpoint' of tool 'c' must be fixed"),
            Error("PF0601", 19, 16, "The scheme and host of 'endpoint' of tool 'd' must be fixed")),
        Case(
            "PF0601 dynamic_host still keeps the scheme fixed",
            Yaml.Server("""
                tools:
                  - type: http
                    name: a
                    endpoint: "https://{{region}}.api.example.com/users"
                    dynamic_host: true
                    params: { region: string }
                  - type: http
                    name: b
                    endpoint: "{{scheme}}://api.example.com/users"
                    dynamic_host: true
                    params: { scheme: string }
                """),
            Error("PF0601", 12, 16, "The scheme and host of 'endpoint' of tool 'b' must be fixed")),
        Case(
            "PF0602 endpoint not an absolute http URL",
            Yaml.Server("""
                tools:
                  - type: http
                    name: a
                    endpoint: /users/{{id}}
                    params: { id: string }
                  - type: http
                    name: b
                    endpoint: ftp://files.example.com/x
                  - type: http
                    name: c
                    endpoint: "https://user:pass@api.example.com/x"
                  - type: http
                    name: d
                    endpoint: "https:///x"
                """),
            Error("PF0602", 7, 15, "'endpoint' of tool 'a' must be an absolute http or https URL such as 'https://api.example.com/items/{{id}}', not '/users/{{id}}'", exact: true),
            Error("PF0602", 11, 15, "'endpoint' of tool 'b' must be an absolute http or https URL"),
            Error("PF0602", 14, 15, "'endpoint' of tool 'c' must be an absolute http or https URL"),
            Error("PF0602", 17, 15, "'endpoint' of tool 'd' must be an absolute http or https URL")),
        Case(
            "PF0603 lowercase and unknown methods",
            Yaml.Server("""
                tools:
                  - type: http
                    name: a
                    method: get
                    endpoint: https://api.example.com/
                  - type: http
                    name: b
                    method: HEAD
                    endpoint: https://api.example.com/
                """),
            Error("PF0603", 7, 13, "Invalid method 'get' for tool 'a': expected GET, POST, PUT, DELETE or PATCH, in uppercase", exact: true),
            Error("PF0603", 11, 13, "Invalid method 'HEAD' for tool 'b'")),
        Case(
            "PF0604 literal secrets in auth",
            Yaml.Server("""
                tools:
                  - type: http
                    name: a
                    endpoint: https://api.example.com/
                    auth: { type: bearer, token: abc123 }
                  - type: http
                    name: b
                    endpoint: https://api.example.com/
                    auth: { type: basic, username: admin, password: hunter2 }
                  - type: http
                    name: c
                    endpoint: https://api.example.com/
                    auth:
                      type: apikey
                      header: X-Api-Key
                      key: "k-${SUFFIX}"
                  - type: http
                    name: d
                    endpoint: https://api.example.com/
                    auth: { type: apikey, header: X-Api-Key, key: "literal" }
                """),
            Warning("PF0604", 8, 34, "'auth.token' of tool 'a' is written in pforge.yaml, where anyone who reads the file or the built server sees it; read it from the environment with '${NAME}' instead", exact: true),
            Warning("PF0604", 12, 53, "'auth.password' of tool 'b' is written in pforge.yaml"),
            Warning("PF0604", 23, 51, "'auth.key' of tool 'd' is written in pforge.yaml")),
        Case(
            "PF0605 body on GET and DELETE",
            Yaml.Server("""
                tools:
                  - type: http
                    name: a
                    endpoint: https://api.example.com/
                    body: '{}'
                  - type: http
                    name: b
                    method: DELETE
                    endpoint: https://api.example.com/
                    body: '{}'
                """),
            Error("PF0605", 8, 5, "Tool 'a' sends GET, which carries no 'body'; a body goes with POST, PUT or PATCH", exact: true),
            Error("PF0605", 13, 5, "Tool 'b' sends DELETE, which carries no 'body'")),
        Case(
            "PF0104 bad auth type, header names and limits of an http tool",
            Yaml.Server("""
                tools:
                  - type: http
                    name: a
                    endpoint: https://api.example.com/
                    auth: { type: oauth, token: "${T}" }
                    headers: { "Bad Header": x }
                    timeout_ms: 0
                    max_response_bytes: -1
                """),
            Error("PF0104", 9, 16, "Invalid value 'Bad Header' for 'headers'"),
            Error("PF0104", 8, 19, "Invalid value 'oauth' for 'auth.type': expected bearer, basic or apikey"),
            Warning("PF0102", 8, 26, "Unknown key 'token' in 'auth' of tool 'a'"),
            Error("PF0104", 10, 17, "Invalid value '0' for 'timeout_ms'"),
            Error("PF0104", 11, 25, "Invalid value '-1' for 'max_response_bytes'")),
    ];

    [TestMethod]
    [DynamicData(nameof(Cases), DynamicDataDisplayName = nameof(DiagnosticCase.Name), DynamicDataDisplayNameDeclaringType = typeof(DiagnosticCase))]
    public void ReportsDiagnostic(string name, string yaml, string[] expected) => DiagnosticAssert.Reports(name, yaml, expected);
}
