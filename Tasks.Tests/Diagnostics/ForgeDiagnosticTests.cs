using PForge.Tasks.Config;
using static PForge.Tasks.Tests.Diagnostics.DiagnosticCase;

namespace PForge.Tasks.Tests.Diagnostics;

/// <summary>forge.transport, forge.http, forge.page_size, message limits, metrics and log level.</summary>
[TestClass]
public sealed class ForgeDiagnosticTests
{
    public static IEnumerable<object[]> Cases =>
    [
        Case(
            "PF0104 forge.http settings out of range",
            Yaml.Server("""
                  http:
                    port: 70000
                    path: mcp
                    allowed_origins: [https://app.example.com/path, "*"]
                    session_idle_timeout_s: 0
                    max_sessions: -1
                    max_request_body_bytes: lots
                    host: "bad host"
                """),
            Error("PF0104", 11, 11, "Invalid value 'bad host' for 'host': expected an IP address or host name"),
            Error("PF0104", 5, 11, "Invalid value '70000' for 'port': expected a port from 1 to 65535", exact: true),
            Error("PF0104", 6, 11, "Invalid value 'mcp' for 'path': expected a URL path starting with '/'"),
            Error("PF0104", 7, 23, "Invalid value 'https://app.example.com/path' for 'allowed_origins': expected an origin"),
            Error("PF0104", 7, 53, "Invalid value '*' for 'allowed_origins'"),
            Error("PF0104", 8, 29, "Invalid value '0' for 'session_idle_timeout_s': expected a whole number from 1 to 2147483647"),
            Error("PF0104", 9, 19, "Invalid value '-1' for 'max_sessions'"),
            Error("PF0104", 10, 29, "Invalid value 'lots' for 'max_request_body_bytes'")),
        Case(
            "PF0104 page_size of zero, PF0102 unknown http key",
            Yaml.Server("""
                  page_size: 0
                  http: { prot: 8080 }
                """),
            Warning("PF0102", 5, 11, "Unknown key 'prot' in 'forge.http' is ignored", exact: true),
            Error("PF0104", 4, 14, "Invalid value '0' for 'page_size': expected a whole number from 1 to 2147483647", exact: true)),
        Case(
            "PF0104 message size limit and slow-client bounds out of range",
            Yaml.Server("""
                  max_message_bytes: 100
                  http:
                    max_request_body_bytes: 2147483647
                    request_headers_timeout_s: 0
                    min_request_body_bytes_per_s: -1
                    request_body_grace_s: 1
                """),
            Error("PF0104", 6, 29, "Invalid value '2147483647' for 'max_request_body_bytes': expected a whole number of bytes from 1024 (1 KiB) to 1073741824 (1 GiB)", exact: true),
            Error("PF0104", 7, 32, "Invalid value '0' for 'request_headers_timeout_s': expected a whole number of seconds from 1 to 3600", exact: true),
            Error("PF0104", 8, 35, "Invalid value '-1' for 'min_request_body_bytes_per_s': expected a whole number of bytes per second from 0 (no minimum) to 2147483647", exact: true),
            Error("PF0104", 9, 27, "Invalid value '1' for 'request_body_grace_s': expected a whole number of seconds from 2 to 3600 (the rate is checked once a second)", exact: true),
            Error("PF0104", 4, 22, "Invalid value '100' for 'max_message_bytes': expected a whole number of bytes from 1024 (1 KiB) to 1073741824 (1 GiB)", exact: true)),
        Case(
            "PF0104 a message size limit that is not a whole number",
            Yaml.Server("""
                  max_message_bytes: 16MiB
                  http: { max_request_body_bytes: 1073741825 }
                """),
            Error("PF0104", 5, 35, "Invalid value '1073741825' for 'max_request_body_bytes'"),
            Error("PF0104", 4, 22, "Invalid value '16MiB' for 'max_message_bytes': expected a whole number of bytes from 1024 (1 KiB) to 1073741824 (1 GiB)", exact: true)),
        Case(
            "PF2003 http transport without the HTTP host",
            Yaml.Server("""
                  transport: sse
                """),
            Error("PF2003", 4, 14, "forge.transport is http but the HTTP transport is not compiled in: set <PForgeHttp>true</PForgeHttp>", exact: true)),
        Case(
            "PF1207 MCP path at /metrics with metrics on",
            Yaml.Server("""
                  http: { path: /metrics, metrics: true }
                """),
            Error("PF1207", 4, 17, "'forge.http.path' is /metrics, where 'forge.http.metrics: true' serves the metrics; choose another path for MCP", exact: true)),
        Case(
            "PF1406 auth on a stdio server without the HTTP transport",
            Yaml.Server("""
                  http:
                    auth:
                      api_keys: [{ name: k, key: "${K}" }]
                """),
            Warning("PF1406", 5, 5, "'forge.http.auth' has no effect: forge.transport is stdio and the HTTP transport is not compiled in, and a stdio server serves the one client that started it, never authenticating; set 'transport: http' (or <PForgeHttp>true</PForgeHttp> to serve with --transport http)", exact: true)),
        Case(
            "PF1208 unknown log level",
            Yaml.Server("""
                  log_level: verbose
                """),
            Error("PF1208", 4, 14, "Invalid 'log_level' 'verbose' in 'forge': expected debug, info, warning, error or none", exact: true)),
    ];

    [TestMethod]
    [DynamicData(nameof(Cases), DynamicDataDisplayName = nameof(DiagnosticCase.Name), DynamicDataDisplayNameDeclaringType = typeof(DiagnosticCase))]
    public void ReportsDiagnostic(string name, string yaml, string[] expected) => DiagnosticAssert.Reports(name, yaml, expected);

    [TestMethod]
    public void ValidConfigurationHasNoDiagnostics()
    {
        var result = Generator.Run(
            """
            forge:
              name: greeter
              version: 1.0.0
              transport: http
            tools:
              - type: native
                name: greet
                params:
                  who: { type: string, default: world, validation: { min_length: 1 } }
            """,
            new GeneratorOptions("App", GenerateEntryPoint: false, Http: true));
        Assert.IsEmpty(result.Diagnostics, string.Join("\n", result.Diagnostics));
        Assert.IsTrue(result.Succeeded);
    }

    [TestMethod]
    public void SseTransportIsServedAsHttp()
    {
        var (config, diagnostics) = ConfigLoader.Load(Yaml.Server("""
              transport: sse
            """));
        Assert.IsEmpty(diagnostics);
        Assert.AreEqual("http", config!.Forge.Transport);
    }
}
