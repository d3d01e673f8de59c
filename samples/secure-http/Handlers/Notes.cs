using System.Text.Json;

namespace SecureHttp.Handlers;

/// <summary>The notes of one caller, as one JSON array in the state store under <c>notes:&lt;subject&gt;</c>.</summary>
internal static class Notes
{
    public static string Key(string subject) => "notes:" + subject;

    public static string[] Parse(string? json) => json is null ? [] : JsonSerializer.Deserialize(json, NotesJson.Default.StringArray) ?? [];

    public static string Write(string[] notes) => JsonSerializer.Serialize(notes, NotesJson.Default.StringArray);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class NotesJson : System.Text.Json.Serialization.JsonSerializerContext;
