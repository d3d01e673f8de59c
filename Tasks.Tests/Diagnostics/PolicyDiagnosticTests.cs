using static PForge.Tasks.Tests.Diagnostics.DiagnosticCase;

namespace PForge.Tasks.Tests.Diagnostics;

/// <summary>PF1201..PF1206: retry, circuit breaker, timeout and rate limit policies.</summary>
[TestClass]
public sealed class PolicyDiagnosticTests
{
    public static IEnumerable<object[]> Cases =>
    [
        Case(
            "PF1201 max_attempts of zero",
            Yaml.Server("""
                policies:
                  retry: { max_attempts: 0 }
                """),
            Error("PF1201", 5, 26, "Invalid value '0' for 'max_attempts' in 'retry' of 'policies': expected a whole number from 1 to 100", exact: true)),
        Case(
            "PF1202 a policy block that is a number",
            Yaml.Server("""
                tools:
                  - type: native
                    name: t
                    policies:
                      circuit_breaker: 5
                """),
            Error("PF1202", 8, 24, "'circuit_breaker' in 'policies' of tool 't' must be a mapping of its settings, or false to turn off the one 'policies' gives", exact: true)),
        Case(
            "PF1203 backoff cap below the first backoff",
            Yaml.Server("""
                policies:
                  retry: { initial_backoff_ms: 500, max_backoff_ms: 100 }
                """),
            Error("PF1203", 5, 37, "'max_backoff_ms' (100) in 'retry' of 'policies' is less than 'initial_backoff_ms' (500): the backoff grows from the first up to the cap", exact: true)),
        Case(
            "PF1204 timeout_ms on the tool and in its policies",
            Yaml.Server("""
                tools:
                  - type: native
                    name: t
                    timeout_ms: 100
                    policies: { timeout_ms: 200 }
                """),
            Error("PF1204", 7, 5, "'timeout_ms' of tool 't' is given both on the tool and in its 'policies'; keep one", exact: true)),
        Case(
            "PF1205 rate_limit without permits_per_second",
            Yaml.Server("""
                policies:
                  rate_limit: {}
                """),
            Error("PF1205", 5, 15, "'rate_limit' of 'policies' needs 'permits_per_second': the calls allowed in each second", exact: true)),
        Case(
            "PF1206 retried POST that is not idempotent",
            Yaml.Server("""
                tools:
                  - type: http
                    name: create
                    method: POST
                    endpoint: https://example.com/items
                    retry: { max_attempts: 3 }
                """),
            Warning("PF1206", 6, 11, "Tool 'create' retries POST requests, which may then be applied twice (a request that timed out may have reached the server); set 'annotations: { idempotent: true }' if repeating it is safe", exact: true)),
        Case(
            "PF1206 not for an idempotent POST",
            Yaml.Server("""
                tools:
                  - type: http
                    name: upsert
                    method: POST
                    endpoint: https://example.com/items
                    annotations: { idempotent: true }
                    policies: { retry: { max_attempts: 3 } }
                """)),
        Case(
            "PF0102 unknown policy key with a suggestion",
            Yaml.Server("""
                policies:
                  circuit_breaker: { open_ms: 10, failure_treshold: 2 }
                """),
            Warning("PF0102", 5, 35, "Unknown key 'failure_treshold' in 'circuit_breaker' of 'policies' is ignored; did you mean 'failure_threshold'?", exact: true)),
    ];

    [TestMethod]
    [DynamicData(nameof(Cases), DynamicDataDisplayName = nameof(DiagnosticCase.Name), DynamicDataDisplayNameDeclaringType = typeof(DiagnosticCase))]
    public void ReportsDiagnostic(string name, string yaml, string[] expected) => DiagnosticAssert.Reports(name, yaml, expected);
}
