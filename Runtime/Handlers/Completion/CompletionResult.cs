using System.Text.Json;

namespace PForge.Runtime.Completion;

/// <summary>The result of <c>completion/complete</c>: at most 100 values, the total known, and whether more exist.</summary>
public sealed class CompletionResult
{
    /// <summary>The most values one response may carry, as the specification says.</summary>
    public const int MaxValues = 100;

    public CompletionResult(IReadOnlyList<string> values, int? total = null, bool hasMore = false)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count > MaxValues)
        {
            total ??= values.Count;
            hasMore = true;
            values = [.. values.Take(MaxValues)];
        }

        Values = values;
        Total = total;
        HasMore = hasMore;
    }

    public static CompletionResult Empty { get; } = new([], 0, false);

    public IReadOnlyList<string> Values { get; }

    public int? Total { get; }

    public bool HasMore { get; }

    /// <summary>The candidates that start with <paramref name="prefix"/> (ignoring case), in their order.</summary>
    public static CompletionResult FromCandidates(IEnumerable<string> candidates, string prefix)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        List<string> matches = [.. candidates.Where(c => c.StartsWith(prefix ?? string.Empty, StringComparison.OrdinalIgnoreCase))];
        return new CompletionResult(matches, matches.Count, false);
    }

    /// <summary>Writes <c>{completion:{values,total?,hasMore}}</c>.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WritePropertyName("completion"u8);
        writer.WriteStartObject();
        writer.WriteStartArray("values"u8);
        foreach (var value in Values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
        if (Total is { } total)
        {
            writer.WriteNumber("total"u8, total);
        }

        writer.WriteBoolean("hasMore"u8, HasMore);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
