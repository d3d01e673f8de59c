using System.Globalization;
using System.Text.Json;
using PForge.Runtime.Protocol;

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

    /// <summary>
    /// Formatted text as one URL path segment: every character outside RFC 3986's unreserved set is percent-encoded
    /// (so '/', '?', '#', '&amp;' and spaces stay inside the segment), and '.' or '..' alone become '%2E' and '%2E%2E' so
    /// that no value can step up the path.
    /// </summary>
    public static string PathSegment(string value)
    {
        var escaped = Uri.EscapeDataString(value ?? string.Empty);
        return escaped switch
        {
            "." => "%2E",
            ".." => "%2E%2E",
            _ => escaped,
        };
    }

    /// <summary>Formatted text as a URL query value (or name): every character outside RFC 3986's unreserved set is percent-encoded.</summary>
    public static string QueryValue(string value) => Uri.EscapeDataString(value ?? string.Empty);

    /// <summary>
    /// A host name (or <c>host:port</c>) filled in from an argument, where a tool opted in with <c>dynamic_host</c>:
    /// only letters, digits, '.', '-', ':', '[' and ']' are accepted, so a value cannot add a path, a query or user info.
    /// </summary>
    public static string Host(string value)
    {
        if (string.IsNullOrEmpty(value) || !value.All(static c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '[' or ']'))
        {
            throw new ToolException("The host given is not a valid host name");
        }

        return value;
    }

    private static string JsonSerializerString(string value)
    {
        using var scratch = JsonScratch.Rent();
        scratch.Writer.WriteStringValue(value);
        return System.Text.Encoding.UTF8.GetString(scratch.WrittenSpan);
    }
}
