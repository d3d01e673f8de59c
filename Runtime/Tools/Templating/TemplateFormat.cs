using System.Globalization;
using System.Text.Json;

namespace PForge.Runtime.Tools.Templating;

/// <summary>
/// What templates compiled at build time call at run time: a value as text (<c>{{x}}</c> inside text), as JSON
/// (<c>{{json x}}</c>), a step into untyped JSON (<c>{{x.a.b}}</c>), and environment variables (<c>${NAME:-fallback}</c>).
/// </summary>
public static class TemplateFormat
{
    public static string Text(string? value) => value ?? string.Empty;

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Text(long? value) => value is { } v ? Text(v) : string.Empty;

    public static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Text(double? value) => value is { } v ? Text(v) : string.Empty;

    public static string Text(bool value) => value ? "true" : "false";

    public static string Text(bool? value) => value is { } v ? Text(v) : string.Empty;

    /// <summary>A string element as its text, anything else as its JSON; absent or null as empty text.</summary>
    public static string Text(JsonElement? value) => value switch
    {
        null => string.Empty,
        { ValueKind: JsonValueKind.String } element => element.GetString()!,
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => string.Empty,
        { } element => element.GetRawText(),
    };

    /// <summary>Any other value (lists, records) as compact JSON.</summary>
    public static string Text(object? value, StructuredWriter writer) => value is null ? string.Empty : Json(value, writer);

    public static string Json(string? value) => value is null ? "null" : JsonSerializerString(value);

    public static string Json(long value) => Text(value);

    public static string Json(long? value) => value is { } v ? Text(v) : "null";

    public static string Json(double value) => Text(value);

    public static string Json(double? value) => value is { } v ? Text(v) : "null";

    public static string Json(bool value) => Text(value);

    public static string Json(bool? value) => value is { } v ? Text(v) : "null";

    public static string Json(JsonElement? value) => value is { ValueKind: not JsonValueKind.Undefined } element ? element.GetRawText() : "null";

    /// <summary>A record or list as compact JSON, written by its generated writer.</summary>
    public static string Json(object? value, StructuredWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            return "null";
        }

        using var scratch = JsonScratch.Rent();
        writer(scratch.Writer, value);
        return System.Text.Encoding.UTF8.GetString(scratch.WrittenSpan);
    }

    /// <summary>Follows member names into a JSON value; null when a step is missing or not an object.</summary>
    public static JsonElement? Path(JsonElement? value, params string[] path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var current = value;
        foreach (var name in path)
        {
            if (current is not { ValueKind: JsonValueKind.Object } element || !element.TryGetProperty(name, out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    /// <summary>
    /// An environment variable read at call time (never at build time, so no secret is compiled in). A missing one
    /// without fallback fails the call naming the variable, never a value.
    /// </summary>
    public static string Env(string name, string? fallback)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }

        return fallback ?? throw new ToolException($"Environment variable '{name}' is not set on the server");
    }

    private static string JsonSerializerString(string value)
    {
        using var scratch = JsonScratch.Rent();
        scratch.Writer.WriteStringValue(value);
        return System.Text.Encoding.UTF8.GetString(scratch.WrittenSpan);
    }
}
