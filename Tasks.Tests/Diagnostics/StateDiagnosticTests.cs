using static PForge.Tasks.Tests.Diagnostics.DiagnosticCase;

namespace PForge.Tasks.Tests.Diagnostics;

/// <summary>PF1101..PF1108: state backends and their options.</summary>
[TestClass]
public sealed class StateDiagnosticTests
{
    public static IEnumerable<object[]> Cases =>
    [
        Case(
            "PF1101 unknown state backend",
            Yaml.Server("""
                state:
                  backend: postgres
                """),
            Error("PF1101", 5, 12, "Unknown state backend 'postgres': expected memory, sqlite (Rust's sled) or redis", exact: true)),
        Case(
            "PF1102 ttl_seconds of zero",
            Yaml.Server("""
                state:
                  backend: sqlite
                  options: { ttl_seconds: 0 }
                """),
            Error("PF1102", 6, 27, "Invalid 'ttl_seconds' '0' in 'state.options': expected a whole number of seconds from 1 to 2147483647", exact: true)),
        Case(
            "PF1102 ttl_seconds as text",
            Yaml.Server("""
                state: { options: { ttl_seconds: 1h } }
                """),
            Error("PF1102", 4, 34, "Invalid 'ttl_seconds' '1h' in 'state.options': expected a whole number of seconds from 1 to 2147483647", exact: true)),
        Case(
            "PF1103 key_prefix with a line break",
            Yaml.Server("""
                state:
                  options:
                    key_prefix: "app:\n"
                """),
            Error("PF1103", 6, 17, "Invalid 'key_prefix' in 'state.options': it holds a control character (a line break, a tab, ...)", exact: true)),
        Case(
            "PF1103 key_prefix too long",
            Yaml.Server($$"""
                state: { options: { key_prefix: {{new string('k', 257)}} } }
                """),
            Error("PF1103", 4, 33, "Invalid 'key_prefix' in 'state.options': it has 257 characters; at most 256 are allowed", exact: true)),
        Case(
            "PF1104 path of the memory backend, PF0102 unknown state keys",
            Yaml.Server("""
                state:
                  backend: memory
                  path: state.db
                  optoins: {}
                  options: { ttl_seconds: 60, cache_size: 1000 }
                """),
            Warning("PF1104", 6, 9, "'path' of 'state' is ignored: the memory backend keeps values in the process, in no file", exact: true),
            Warning("PF0102", 8, 31, "Unknown key 'cache_size' in 'state.options' is ignored", exact: true),
            Warning("PF0102", 7, 3, "Unknown key 'optoins' in 'state' is ignored; did you mean 'options'?", exact: true)),
        Case(
            "PF1105 redis password in the YAML",
            Yaml.Server("""
                state:
                  backend: redis
                  path: "cache:6379,password=hunter2"
                """),
            Warning("PF1105", 6, 9, "'path' of 'state' holds a redis password, which anyone who reads pforge.yaml or the built server sees; give the connection string at run time instead (--state-path or PFORGE_STATE_PATH)", exact: true)),
        Case(
            "PF1107 sqlite path naming a folder",
            Yaml.Server("""
                state: { backend: sqlite, path: data/ }
                """),
            Error("PF1107", 4, 33, "Invalid 'path' 'data/' of a sqlite state: it names a folder; name the database file in it, such as data/state.db", exact: true)),
        Case(
            "PF1107 empty sqlite path",
            Yaml.Server("""
                state: { path: "" }
                """),
            Error("PF1107", 4, 16, "Invalid 'path' '' of a sqlite state: expected a file name such as state.db", exact: true)),
        Case(
            "PF1108 redis path naming no server",
            Yaml.Server("""
                state: { backend: redis, path: "password=hunter2,ssl=true" }
                """),
            Error("PF1108", 4, 32, "'path' of a redis state must be a StackExchange.Redis connection string that names a server, such as 127.0.0.1:6379 or cache.internal:6380,ssl=true", exact: true)),
        Case(
            "state: Rust's sled, empty state and options",
            Yaml.Server("""
                state:
                  backend: sled
                  path: /var/lib/pforge
                  options: ~
                """)),
    ];

    [TestMethod]
    [DynamicData(nameof(Cases), DynamicDataDisplayName = nameof(DiagnosticCase.Name), DynamicDataDisplayNameDeclaringType = typeof(DiagnosticCase))]
    public void ReportsDiagnostic(string name, string yaml, string[] expected) => DiagnosticAssert.Reports(name, yaml, expected);
}
