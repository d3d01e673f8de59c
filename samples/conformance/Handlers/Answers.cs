using System.Text.Json;
using PForge.Runtime.Client;

namespace Conformance.Handlers;

/// <summary>The schemas the input required scenarios ask with, and the text of a form's answer.</summary>
internal static class Answers
{
    /// <summary>A form with one required string property <paramref name="property"/>.</summary>
    public static string OneString(string property) =>
        """{"type":"object","properties":{"P":{"type":"string"}},"required":["P"]}""".Replace("P", property, StringComparison.Ordinal);

    /// <summary>The string <paramref name="property"/> of an accepted form; <paramref name="fallback"/> otherwise.</summary>
    public static string Text(ElicitationResult answer, string property, string fallback = "unknown")
    {
        if (answer.ContentJson is null)
        {
            return fallback;
        }

        using var content = JsonDocument.Parse(answer.ContentJson);
        return content.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : fallback;
    }

    /// <summary>True when an accepted form says <c>"ok": true</c>.</summary>
    public static bool Ok(ElicitationResult answer)
    {
        if (answer.ContentJson is null)
        {
            return false;
        }

        using var content = JsonDocument.Parse(answer.ContentJson);
        return content.RootElement.TryGetProperty("ok"u8, out var ok) && ok.ValueKind == JsonValueKind.True;
    }
}
