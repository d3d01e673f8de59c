using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PForge.Tasks.Config;

namespace PForge.Tasks.Emit;

/// <summary>JSON text the generator embeds in generated files: written once here, with the same escaping everywhere.</summary>
internal static class JsonText
{
    // Relaxed: the text goes into C# literals and files, not into HTML, so '<', '+' or 'é' stay as they are.
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    /// <summary>What <paramref name="write"/> writes, as a string.</summary>
    public static string Write(Action<Utf8JsonWriter> write, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, indented ? Indented : Compact))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes a YAML scalar as the JSON value it resolves to (null, boolean, number, else its text).</summary>
    public static void WriteScalar(Utf8JsonWriter writer, YamlValue value)
    {
        switch (value.Value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            default:
                writer.WriteStringValue(value.Text);
                break;
        }
    }
}
