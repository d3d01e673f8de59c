using System.Text;
using System.Text.Json;
using ArgumentsFixture;
using PForge.Runtime.Server;
using PForge.Tasks;

namespace PForge.Fuzz;

/// <summary>The code under fuzzing, each given one input; each also checks what must hold for any input.</summary>
internal static class Targets
{
    private static readonly PForgeServer Definition = new();

    private static readonly byte[] Initialize = """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"fuzz","version":"1.0.0"}}}"""u8.ToArray();

    public static Action<byte[]>? Find(string name) => name switch
    {
        "jsonrpc" => JsonRpc,
        "arguments" => Arguments,
        "yaml" => Yaml,
        "openapi" => OpenApi,
        _ => null,
    };

    /// <summary>
    /// Each line of the input is a message to an initialized session of the fixture server; every answer must be one
    /// valid JSON object. Each line is also searched for a request id as the stdio transport searches the start of an
    /// oversized line: what it finds must be a JSON string or integer.
    /// </summary>
    private static void JsonRpc(byte[] input)
    {
        var sink = new CheckingSink();
        var session = new McpSession(Definition, sink);
        session.HandleMessage(Initialize);
        foreach (var line in input.AsSpan().Split((byte)'\n'))
        {
            session.HandleMessage(input.AsSpan(line));
            CheckRequestId(input.AsMemory(line));
            CheckPlainEnvelope(input.AsSpan(line));
        }

        session.End();
    }

    /// <summary>What the hand-written envelope reader accepts, Utf8JsonReader's full read accepts with the same envelope.</summary>
    private static void CheckPlainEnvelope(ReadOnlySpan<byte> line)
    {
        if (!PForge.Runtime.Protocol.PlainEnvelopeReader.TryRead(line, out var plain))
        {
            return;
        }

        if (!PForge.Runtime.Protocol.JsonRpcReader.TryReadFully(line, out var full, out var error))
        {
            throw new InvalidOperationException($"the plain reader accepted what the full read refuses: {error.Message}");
        }

        var same = plain.Method.SequenceEqual(full.Method) && plain.Id.SequenceEqual(full.Id) && plain.Params.SequenceEqual(full.Params)
            && plain.Result.SequenceEqual(full.Result) && plain.Error.SequenceEqual(full.Error) && plain.IsNotification == full.IsNotification
            && plain.IsResponse == full.IsResponse && plain.ToolCall == full.ToolCall;
        if (!same)
        {
            throw new InvalidOperationException("the plain reader and the full read give different envelopes");
        }
    }

    private static void CheckRequestId(ReadOnlyMemory<byte> line)
    {
        if (PForge.Runtime.Protocol.JsonRpcReader.TryReadRequestId(new System.Buffers.ReadOnlySequence<byte>(line)) is not { } id)
        {
            return;
        }

        var reader = new Utf8JsonReader(id);
        if (!reader.Read() || !(reader.TokenType == JsonTokenType.String || (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out _))) || reader.Read())
        {
            throw new InvalidOperationException("the id search found something that is not a string or integer id");
        }
    }

    /// <summary>
    /// The generated reader either refuses with a message or reads a value that reads back the same once written; the
    /// hand token reader under it gives Utf8JsonReader's tokens and errors for the input.
    /// </summary>
    private static void Arguments(byte[] input)
    {
        CheckTokens(input);
        if (!ShapeInput.TryRead(input, out var value, out var error))
        {
            if (string.IsNullOrEmpty(error))
            {
                throw new InvalidOperationException("refused without a message");
            }

            return;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ShapeInput.Write(writer, value);
        }

        if (!ShapeInput.TryRead(buffer.WrittenSpan, out var again, out error))
        {
            throw new InvalidOperationException($"a value it read does not read back: {error}");
        }

        if (again.Name != value.Name || again.Count != value.Count || again.Ratio != value.Ratio || again.Color != value.Color
            || again.Note != value.Note || again.Flag != value.Flag || again.Point != value.Point
            || !(again.Tags ?? []).SequenceEqual(value.Tags ?? []))
        {
            throw new InvalidOperationException("a value read back differs");
        }
    }

    /// <summary>Reads the input with ArgumentTokenReader and Utf8JsonReader in step: each read's result or exception text, token, depth and value.</summary>
    private static void CheckTokens(byte[] input)
    {
        var real = new Utf8JsonReader(input, PForge.Runtime.Generated.ArgumentReader.Options);
        var hand = new PForge.Runtime.Generated.ArgumentTokenReader(input);
        while (true)
        {
            string expected, actual;
            try
            {
                expected = real.Read() ? $"{real.TokenType} {real.CurrentDepth} {Convert.ToHexString(real.ValueSpan)}" : "end";
            }
            catch (JsonException ex)
            {
                expected = "error: " + ex.Message;
            }

            try
            {
                actual = hand.Read() ? $"{hand.TokenType} {hand.CurrentDepth} {Convert.ToHexString(hand.ValueSpan)}" : "end";
            }
            catch (JsonException ex)
            {
                actual = "error: " + ex.Message;
            }

            if (expected != actual)
            {
                throw new InvalidOperationException($"the token reader gives '{actual}' where Utf8JsonReader gives '{expected}'");
            }

            if (expected == "end" || expected.StartsWith("error: ", StringComparison.Ordinal))
            {
                return;
            }

            if (real.TokenType == JsonTokenType.Number && (real.TryGetInt64(out var a), real.TryGetDouble(out var b)) != (hand.TryGetInt64(out var c), hand.TryGetDouble(out var d)) | a != c | BitConverter.DoubleToInt64Bits(b) != BitConverter.DoubleToInt64Bits(d))
            {
                throw new InvalidOperationException($"the token reader converts the number {Encoding.UTF8.GetString(real.ValueSpan)} otherwise");
            }
        }
    }

    /// <summary>The generator gives files or error diagnostics for any text.</summary>
    private static void Yaml(byte[] input)
    {
        var result = Generator.Run(Encoding.UTF8.GetString(input), new GeneratorOptions("App", GenerateEntryPoint: false));
        if (!result.Succeeded && !result.Diagnostics.Any(d => d.IsError))
        {
            throw new InvalidOperationException("failed without an error diagnostic");
        }
    }

    /// <summary>Where the openapi target writes its input: the document of an openapi: entry is a file.</summary>
    private static readonly string OpenApiFolder = Directory.CreateTempSubdirectory("pforge-fuzz-openapi-").FullName;

    /// <summary>
    /// The input as the OpenAPI document of an openapi: entry: the generator gives files or error diagnostics, and none
    /// of them is PF1002 (an exception inside the generator, which it turns into a diagnostic).
    /// </summary>
    private static void OpenApi(byte[] input)
    {
        File.WriteAllBytes(Path.Combine(OpenApiFolder, "api.yaml"), input);
        var result = Generator.Run("forge: { name: x, version: 1.0.0 }\nopenapi:\n  - spec: api.yaml\n    base_url: https://api.example.com\n", new GeneratorOptions("App", GenerateEntryPoint: false, ProjectDirectory: OpenApiFolder));
        if (result.Diagnostics.FirstOrDefault(d => d.Code == "PF1002") is { } crash)
        {
            throw new InvalidOperationException(crash.Message);
        }

        if (!result.Succeeded && !result.Diagnostics.Any(d => d.IsError))
        {
            throw new InvalidOperationException("failed without an error diagnostic");
        }
    }

    /// <summary>Checks that each message the session sends is one JSON object.</summary>
    private sealed class CheckingSink : MessageSink
    {
        public override void Send(ReadOnlySpan<byte> message)
        {
            var reader = new Utf8JsonReader(message);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InvalidOperationException("a message that is not a JSON object: " + Encoding.UTF8.GetString(message));
            }

            reader.Skip();
            if (reader.Read())
            {
                throw new InvalidOperationException("a message with more than one JSON value: " + Encoding.UTF8.GetString(message));
            }
        }
    }
}
