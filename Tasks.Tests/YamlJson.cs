using System.Text.Json;
using PForge.Tasks.Config;
using PForge.Tasks.Emit;
using YamlDotNet.RepresentationModel;

namespace PForge.Tasks.Tests;

/// <summary>A YAML document as the JSON a schema validator reads: scalars typed as the loader types them (YAML 1.2 core schema).</summary>
internal static class YamlJson
{
    public static string Convert(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return JsonText.Write(writer => Write(writer, stream.Documents[0].RootNode));
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Children)
                {
                    writer.WritePropertyName(((YamlScalarNode)key).Value ?? string.Empty);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Children)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar when MappingReader.IsNull(scalar):
                writer.WriteNullValue();
                break;
            case YamlScalarNode scalar:
                JsonText.WriteScalar(writer, MappingReader.ToValue(scalar));
                break;
        }
    }
}
