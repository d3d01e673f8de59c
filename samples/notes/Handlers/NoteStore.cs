using System.Collections.Concurrent;

namespace Notes.Handlers;

/// <summary>The notes, kept in memory by this sample (every session of the process sees the same notes).</summary>
internal static class NoteStore
{
    private static readonly ConcurrentDictionary<string, string> s_notes = new(StringComparer.Ordinal);

    /// <summary>The ids, sorted.</summary>
    public static IReadOnlyList<string> Ids => [.. s_notes.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Saves a note; true when the id is new.</summary>
    public static bool Save(string id, string text)
    {
        var isNew = !s_notes.ContainsKey(id);
        s_notes[id] = text;
        return isNew;
    }

    public static string? Find(string id) => s_notes.TryGetValue(id, out var text) ? text : null;

    public static void Clear() => s_notes.Clear();
}
