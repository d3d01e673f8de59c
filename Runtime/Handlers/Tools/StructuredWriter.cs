using System.Text.Json;

namespace PForge.Runtime.Tools;

/// <summary>Writes a tool's typed output as the JSON object of <c>structuredContent</c>; generated per output record.</summary>
public delegate void StructuredWriter(Utf8JsonWriter writer, object value);
