using System.Globalization;
using PForge.Tasks.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace PForge.Tasks.Config;

/// <summary>
/// Reads <c>policies:</c> (top level: defaults for every tool) and a tool's own <c>policies:</c> (and its shorthand keys
/// <c>timeout_ms</c> and <c>retry</c>), merging per key: a tool's key wins, nested keys too, and <c>false</c> turns a
/// block the defaults give off. Each value is checked here (PF1201–PF1205), never when the server starts.
/// </summary>
internal static class PolicyReader
{
    private const int MaxAttempts = 100;

    /// <summary>The top-level <c>policies:</c>, or <see cref="PolicyConfig.None"/>.</summary>
    public static PolicyConfig ReadDefaults(MappingReader top, List<Diagnostic> diagnostics)
    {
        var node = top.Node("policies");
        if (node is null || node is YamlScalarNode s && MappingReader.IsNull(s))
        {
            return PolicyConfig.None;
        }

        if (node is not YamlMappingNode mapping)
        {
            diagnostics.Add(DiagnosticCodes.PolicyBlockShape(MappingReader.At(node), "policies", "the top level", canTurnOff: false));
            return PolicyConfig.None;
        }

        var reader = new MappingReader(mapping, "'policies'", diagnostics);
        var policies = Read(reader, "'policies'", PolicyConfig.None, diagnostics);
        reader.ReportUnknownKeys();
        return policies;
    }

    /// <summary>
    /// A tool's policies: <paramref name="defaults"/>, overridden by its <c>policies:</c> and its own <c>timeout_ms</c> and
    /// <c>retry</c>. For cli and http tools the caller moves <c>TimeoutMs</c> into the runner's own timeout.
    /// </summary>
    public static PolicyConfig ReadTool(MappingReader tool, string name, ToolKind kind, PolicyConfig defaults, List<Diagnostic> diagnostics)
    {
        var where = $"tool '{name}'";
        var merged = defaults;
        if (tool.Node("policies") is { } node && !(node is YamlScalarNode s && MappingReader.IsNull(s)))
        {
            if (node is YamlMappingNode mapping)
            {
                var reader = new MappingReader(mapping, $"'policies' of {where}", diagnostics);
                merged = Read(reader, $"'policies' of {where}", defaults, diagnostics);
                reader.ReportUnknownKeys();
                foreach (var key in new[] { "timeout_ms", "retry" })
                {
                    if (reader.Node(key) is not null && tool.Node(key) is not null)
                    {
                        diagnostics.Add(DiagnosticCodes.PolicyGivenTwice(tool.KeyPosition(key), key, name));
                    }
                }
            }
            else
            {
                diagnostics.Add(DiagnosticCodes.PolicyBlockShape(MappingReader.At(node), "policies", where, canTurnOff: false));
            }
        }

        // The Rust form: timeout_ms and retry written on the tool itself. cli and http tools read their timeout_ms themselves.
        if (kind is ToolKind.Native or ToolKind.Pipeline && tool.PositiveInteger("timeout_ms") is { } timeout)
        {
            merged = merged with { TimeoutMs = timeout };
        }

        if (tool.Node("retry") is not null)
        {
            merged = merged with { Retry = ReadRetry(tool, where, merged.Retry) };
        }

        return merged;
    }

    /// <summary>Warns when an http tool retries a method that is not idempotent and the tool does not say it is.</summary>
    public static void CheckRetriedMethod(ToolConfig tool, SourcePosition at, List<Diagnostic> diagnostics)
    {
        if (tool.Policies is { Retry.MaxAttempts: > 1 } && tool.Http is { Method: "POST" or "PATCH" } http && tool.Annotations?.Idempotent != true)
        {
            diagnostics.Add(DiagnosticCodes.RetryNotIdempotent(at, tool.Name, http.Method));
        }
    }

    private static PolicyConfig Read(MappingReader reader, string where, PolicyConfig defaults, List<Diagnostic> diagnostics) => new(
        Integer(reader, "timeout_ms", where, 1, int.MaxValue, diagnostics) ?? defaults.TimeoutMs,
        reader.Node("retry") is null ? defaults.Retry : ReadRetry(reader, where, defaults.Retry),
        reader.Node("circuit_breaker") is null ? defaults.CircuitBreaker : ReadBreaker(reader, where, defaults.CircuitBreaker),
        reader.Node("rate_limit") is null ? defaults.RateLimit : ReadRateLimit(reader, where, defaults.RateLimit),
        Integer(reader, "max_concurrent", where, 1, int.MaxValue, diagnostics) ?? defaults.MaxConcurrent);

    private static RetryConfig? ReadRetry(MappingReader owner, string where, RetryConfig? inherited)
    {
        if (Block(owner, "retry", where) is not { } reader)
        {
            return null;
        }

        var diagnostics = reader.Diagnostics;
        var basis = inherited ?? RetryConfig.Default;
        var place = $"'retry' of {where}";
        var attempts = Integer(reader, "max_attempts", place, 1, MaxAttempts, diagnostics) ?? basis.MaxAttempts;
        var initial = Integer(reader, "initial_backoff_ms", place, 1, int.MaxValue, diagnostics);
        var max = Integer(reader, "max_backoff_ms", place, 1, int.MaxValue, diagnostics);
        var jitter = reader.Boolean("jitter") ?? basis.Jitter;
        if (initial is { } i && max is { } m && m < i)
        {
            diagnostics.Add(DiagnosticCodes.BackoffInverted(reader.KeyPosition("max_backoff_ms"), place, i, m));
        }

        var initialMs = initial ?? basis.InitialBackoffMs;
        reader.ReportUnknownKeys();

        // A first backoff above the inherited cap raises the cap with it, rather than being cut.
        return new RetryConfig(attempts, initialMs, Math.Max(max ?? basis.MaxBackoffMs, initialMs), jitter);
    }

    private static CircuitBreakerConfig? ReadBreaker(MappingReader owner, string where, CircuitBreakerConfig? inherited)
    {
        if (Block(owner, "circuit_breaker", where) is not { } reader)
        {
            return null;
        }

        var basis = inherited ?? CircuitBreakerConfig.Default;
        var place = $"'circuit_breaker' of {where}";
        var breaker = new CircuitBreakerConfig(
            Integer(reader, "failure_threshold", place, 1, int.MaxValue, reader.Diagnostics) ?? basis.FailureThreshold,
            Integer(reader, "open_ms", place, 1, int.MaxValue, reader.Diagnostics) ?? basis.OpenMs,
            Integer(reader, "success_threshold", place, 1, int.MaxValue, reader.Diagnostics) ?? basis.SuccessThreshold);
        reader.ReportUnknownKeys();
        return breaker;
    }

    private static RateLimitConfig? ReadRateLimit(MappingReader owner, string where, RateLimitConfig? inherited)
    {
        if (Block(owner, "rate_limit", where) is not { } reader)
        {
            return null;
        }

        var place = $"'rate_limit' of {where}";
        var permits = Integer(reader, "permits_per_second", place, 1, int.MaxValue, reader.Diagnostics) ?? inherited?.PermitsPerSecond;
        if (permits is null && reader.Node("permits_per_second") is null)
        {
            reader.Diagnostics.Add(DiagnosticCodes.MissingPermits(reader.Position, place));
        }

        reader.ReportUnknownKeys();
        return permits is null ? null : new RateLimitConfig(permits.Value);
    }

    /// <summary>The reader of block <paramref name="key"/>, or null when it is <c>false</c> (turned off) or not a mapping (reported).</summary>
    private static MappingReader? Block(MappingReader owner, string key, string where)
    {
        var node = owner.Node(key)!;
        if (node is YamlMappingNode mapping)
        {
            return new MappingReader(mapping, $"'{key}' of {where}", owner.Diagnostics);
        }

        if (node is not YamlScalarNode scalar || MappingReader.ToValue(scalar) is not { Kind: YamlValueKind.Boolean, Value: false })
        {
            owner.Diagnostics.Add(DiagnosticCodes.PolicyBlockShape(MappingReader.At(node), key, where, canTurnOff: true));
        }

        return null;
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, or null when absent or wrong (PF1201).</summary>
    private static int? Integer(MappingReader reader, string key, string where, int min, int max, List<Diagnostic> diagnostics)
    {
        var node = reader.Node(key);
        if (node is null || node is YamlScalarNode s && MappingReader.IsNull(s))
        {
            return null;
        }

        if (node is YamlScalarNode scalar && MappingReader.ToValue(scalar) is { Kind: YamlValueKind.Integer, Value: long value } && value >= min && value <= max)
        {
            return (int)value;
        }

        diagnostics.Add(DiagnosticCodes.InvalidPolicyValue(MappingReader.At(node), key, where, MappingReader.Describe(node),
            $"a whole number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}"));
        return null;
    }
}
