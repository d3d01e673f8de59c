using System.Diagnostics.CodeAnalysis;

namespace PForge.Runtime.Generated;

/// <summary>
/// For generated code: a record of tool arguments that reads itself at a reader's position. Static, so that
/// <see cref="ArgumentRecord.TryRead{T}"/> calls the record's reader directly (no interface dispatch).
/// </summary>
/// <typeparam name="TSelf">The record.</typeparam>
public interface IArgumentRecord<TSelf>
    where TSelf : IArgumentRecord<TSelf>
{
    /// <summary>Reads the object at the reader's position; <paramref name="prefix"/> locates it in error messages.</summary>
    static abstract bool TryRead(ref ArgumentTokenReader reader, string prefix, out TSelf? value, [NotNullWhen(false)] out string? error);
}
