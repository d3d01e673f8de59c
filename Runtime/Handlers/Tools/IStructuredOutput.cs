using System.Text.Json;

namespace PForge.Runtime.Tools;

/// <summary>
/// A tool's typed output that writes itself as the JSON object of <c>structuredContent</c>; implemented by the generated
/// output record structs, so that <see cref="ToolResult.Structured{T}(T)"/> neither boxes nor calls through a delegate.
/// </summary>
public interface IStructuredOutput<TSelf>
    where TSelf : IStructuredOutput<TSelf>
{
    /// <summary>Writes <paramref name="value"/>; throws <see cref="ToolException"/> for a value the schema forbids (NaN, a missing field).</summary>
    static abstract void Write(Utf8JsonWriter writer, TSelf value);
}
