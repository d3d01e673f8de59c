using PForge.Tasks.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace PForge.Tasks.Config;

/// <summary>
/// Reads <c>state:</c>: <c>backend</c> (memory | sqlite, the default, and Rust's sled | redis), <c>path</c> and
/// <c>options: { ttl_seconds, key_prefix }</c>. Each value is checked here, not when the server starts.
/// </summary>
internal static class StateReader
{
    private const int MaxKeyPrefixLength = 256;

    /// <summary>The block, or null when absent, empty or wrong (all reported).</summary>
    public static StateConfig? Read(MappingReader top, string? serverName, List<Diagnostic> diagnostics)
    {
        var node = top.Mapping("state");
        if (node is null)
        {
            return null;
        }

        var errors = diagnostics.Count(d => d.IsError);
        var reader = new MappingReader(node, "'state'", diagnostics);
        var backendText = reader.String("backend");
        var backendAt = reader.Node("backend") is { } b ? MappingReader.At(b) : reader.Position;
        StateBackendKind? backend = backendText switch
        {
            null or "sqlite" or "sled" => StateBackendKind.Sqlite,
            "memory" => StateBackendKind.Memory,
            "redis" => StateBackendKind.Redis,
            _ => null,
        };
        if (backend is null)
        {
            diagnostics.Add(DiagnosticCodes.UnknownStateBackend(backendAt, backendText!));
        }

        var path = reader.String("path");
        if (path is not null && backend is { } kind)
        {
            path = CheckPath(kind, backendText == "sled", path, MappingReader.At(reader.Node("path")!), diagnostics);
        }

        var (ttl, prefix) = ReadOptions(reader, diagnostics);
        reader.ReportUnknownKeys();
        return backend is null || diagnostics.Count(d => d.IsError) != errors
            ? null
            : new StateConfig(backend.Value, backendAt, path, ttl, prefix ?? (serverName ?? string.Empty) + ":");
    }

    private static string? CheckPath(StateBackendKind backend, bool sled, string path, SourcePosition at, List<Diagnostic> diagnostics)
    {
        switch (backend)
        {
            case StateBackendKind.Memory:
                diagnostics.Add(DiagnosticCodes.StatePathUnused(at));
                return null;
            case StateBackendKind.Sqlite when path.Trim().Length == 0:
                diagnostics.Add(DiagnosticCodes.InvalidSqlitePath(at, path, "expected a file name such as state.db"));
                return null;
            case StateBackendKind.Sqlite when path.Contains('\0', StringComparison.Ordinal) || path.Any(char.IsControl):
                diagnostics.Add(DiagnosticCodes.InvalidSqlitePath(at, path, "a file name cannot hold control characters"));
                return null;

            // Rust's sled keeps a folder of files: its path names the folder, which now holds the SQLite file.
            case StateBackendKind.Sqlite when sled:
                return path.TrimEnd('/') + "/state.db";
            case StateBackendKind.Sqlite when path.EndsWith('/') || path.EndsWith('\\'):
                diagnostics.Add(DiagnosticCodes.InvalidSqlitePath(at, path, "it names a folder; name the database file in it, such as data/state.db"));
                return null;
            case StateBackendKind.Sqlite:
                return path;
            default:
                var parts = path.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (!parts.Any(p => !p.Contains('=', StringComparison.Ordinal)))
                {
                    diagnostics.Add(DiagnosticCodes.InvalidRedisPath(at));
                    return null;
                }

                if (parts.Any(p => p.StartsWith("password=", StringComparison.OrdinalIgnoreCase) && p.Length > "password=".Length))
                {
                    diagnostics.Add(DiagnosticCodes.RedisPasswordInYaml(at));
                }

                return path;
        }
    }

    private static (int? Ttl, string? Prefix) ReadOptions(MappingReader state, List<Diagnostic> diagnostics)
    {
        var node = state.Mapping("options");
        if (node is null)
        {
            return (null, null);
        }

        var reader = new MappingReader(node, "'state.options'", diagnostics);
        int? ttl = null;
        if (reader.Node("ttl_seconds") is { } ttlNode && !(ttlNode is YamlScalarNode t && MappingReader.IsNull(t)))
        {
            if (ttlNode is YamlScalarNode scalar && MappingReader.ToValue(scalar) is { Kind: YamlValueKind.Integer, Value: long value } && value is >= 1 and <= int.MaxValue)
            {
                ttl = (int)value;
            }
            else
            {
                diagnostics.Add(DiagnosticCodes.InvalidStateTtl(MappingReader.At(ttlNode), MappingReader.Describe(ttlNode)));
            }
        }

        var prefix = reader.String("key_prefix");
        if (prefix is not null)
        {
            var at = MappingReader.At(reader.Node("key_prefix")!);
            if (prefix.Length > MaxKeyPrefixLength)
            {
                diagnostics.Add(DiagnosticCodes.InvalidKeyPrefix(at, $"it has {prefix.Length} characters; at most {MaxKeyPrefixLength} are allowed"));
                prefix = null;
            }
            else if (prefix.Any(char.IsControl))
            {
                diagnostics.Add(DiagnosticCodes.InvalidKeyPrefix(at, "it holds a control character (a line break, a tab, ...)"));
                prefix = null;
            }
        }

        reader.ReportUnknownKeys();
        return (ttl, prefix);
    }
}
