using System.Buffers;
using System.Text.Json;
using PForge.Runtime.Content;
using PForge.Runtime.Protocol;

namespace PForge.Runtime.Tools;

/// <summary>
/// The outcome of a tool call: text, an error, or typed output written as <c>structuredContent</c>.
/// A struct so that a synchronous call allocates nothing for its result.
/// </summary>
public readonly struct ToolResult
{
    private readonly object? _value;
    private readonly StructuredWriter? _writer;

    // The pooled buffer's generation when _value is a JsonScratch that holds output written in advance.
    private readonly int _generation;

    private ToolResult(object? value, StructuredWriter? writer, bool isError, bool isTransient = false)
    {
        _value = value;
        _writer = writer;
        IsError = isError;
        IsTransient = isTransient;
    }

    private ToolResult(JsonScratch written)
    {
        _value = written;
        _generation = written.Generation;
    }

    public bool IsError { get; }

    /// <summary>
    /// True for a failure that may pass if the call is made again (a timeout, a connection error, HTTP 5xx or 429): the
    /// only kind a tool's <c>retry</c> policy repeats and its circuit breaker counts.
    /// </summary>
    public bool IsTransient { get; }

    /// <summary>A successful result with one text block.</summary>
    public static ToolResult Text(string text) => new(text ?? string.Empty, null, isError: false);

    /// <summary>An <c>isError: true</c> result the client model can read and act on.</summary>
    public static ToolResult Error(string message) => new(message ?? string.Empty, null, isError: true);

    /// <summary>
    /// An <c>isError: true</c> result marked transient (<see cref="IsTransient"/>): a <c>retry</c> policy calls the tool
    /// again and a circuit breaker counts it. Return it from a handler when its dependency failed in a way that may pass.
    /// </summary>
    public static ToolResult TransientError(string message) => new(message ?? string.Empty, null, isError: true, isTransient: true);

    /// <summary>A successful result with these content blocks (text, images, audio, resources, links), in order.</summary>
    public static ToolResult Content(params ContentBlock[] blocks) => new(CheckBlocks(blocks), null, isError: false);

    /// <summary>An <c>isError: true</c> result with these content blocks.</summary>
    public static ToolResult ErrorContent(params ContentBlock[] blocks) => new(CheckBlocks(blocks), null, isError: true);

    /// <summary>Typed output: <c>structuredContent</c> plus the same JSON as a text block.</summary>
    public static ToolResult Structured(object? value, StructuredWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return value is null ? Error("The tool's handler returned no output") : new(value, writer, isError: false);
    }

    /// <summary>
    /// Typed output with its own text: <c>structuredContent</c> written by <paramref name="writer"/>, and
    /// <paramref name="text"/> as the text block (e.g. a command's stdout rather than the JSON that also holds it).
    /// </summary>
    public static ToolResult Structured(object? value, StructuredWriter writer, string text)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return value is null
            ? Error("The tool's handler returned no output")
            : new(new TextAndValue(text ?? string.Empty, value), writer, isError: false);
    }

    /// <summary>
    /// Typed output written now into a pooled buffer, which the server takes back once it has sent the result: a
    /// synchronous call allocates nothing. Such a result is sent once; return a new one for each call rather than a cached one.
    /// A value the schema forbids (NaN, a missing field) gives an error result naming the field.
    /// </summary>
    public static ToolResult Structured<T>(T value)
        where T : IStructuredOutput<T>
    {
        var scratch = JsonScratch.Rent();
        try
        {
            T.Write(scratch.Writer, value);
            scratch.Writer.Flush();
        }
        catch (Exception ex) when (ex is ToolException or ArgumentException or InvalidOperationException)
        {
            scratch.Dispose();
            return Error(ex.Message);
        }

        return new ToolResult(scratch);
    }

    /// <summary>An <c>isError: true</c> result that still carries <c>structuredContent</c> (a pipeline stopped by a failed step).</summary>
    internal static ToolResult StructuredError(object value, StructuredWriter writer) => new(value, writer, isError: true);

    public static ToolResult FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            OperationCanceledException => Error("The call was cancelled."),

            // A dependency that did not answer in time or could not be reached may answer the next call.
            TimeoutException or System.Net.Http.HttpRequestException => TransientError(exception.Message),

            // Kept, so that a tool run as a task ends failed with its code (a call answers its message as an error result).
            McpException protocol => new(protocol, null, isError: true),
            _ => Error(exception.Message),
        };
    }

    public static implicit operator ToolResult(string text) => Text(text);

    /// <summary>The protocol error a handler threw (<see cref="McpException"/>), or null: a task that ends with one has failed.</summary>
    internal McpException? ProtocolError => _value as McpException;

    /// <summary>The text of a text or error result, or the own text of structured output; null for other structured output.</summary>
    public string? TextContent => _writer is null
        ? _value is JsonScratch ? null : _value as string ?? (_value is ContentBlock[] blocks ? FirstText(blocks) : (_value as McpException)?.Message)
        : (_value as TextAndValue)?.Text;

    private static string? FirstText(ContentBlock[] blocks) => blocks.Select(static b => b.TextValue).FirstOrDefault(static t => t is not null);

    /// <summary>
    /// The <c>structuredContent</c> JSON of a structured result (null for text and error results, or when the writer
    /// fails): what a pipeline keeps as a step's output variable.
    /// </summary>
    internal byte[]? StructuredJson()
    {
        if (_value is JsonScratch)
        {
            return Written().ToArray();
        }

        if (_writer is null || _value is null)
        {
            return null;
        }

        var value = _value is TextAndValue pair ? pair.Value : _value;
        using var scratch = JsonScratch.Rent();
        try
        {
            _writer(scratch.Writer, value);
        }
        catch (Exception ex) when (ex is ToolException or ArgumentException or InvalidOperationException)
        {
            return null;
        }

        return scratch.WrittenSpan.ToArray();
    }

    /// <summary>Awaits a handler that did not finish synchronously; an exception becomes an error result.</summary>
    public static async ValueTask<ToolResult> FromPending(ValueTask<ToolResult> pending)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return FromException(ex);
        }
    }

    /// <summary>Awaits a handler with typed output that did not finish synchronously.</summary>
    public static async ValueTask<ToolResult> FromPending<T>(ValueTask<T> pending)
        where T : IStructuredOutput<T>
    {
        try
        {
            return Structured(await pending.ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            return FromException(ex);
        }
    }

    /// <summary>Writes the MCP <c>CallToolResult</c> object.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (_value is JsonScratch)
        {
            WriteStructured(writer, Written(), text: null, IsError);
            return;
        }

        if (_writer is not null && _value is not null)
        {
            WriteStructured(writer, _value, _writer, IsError);
            return;
        }

        if (_value is ContentBlock[] blocks)
        {
            WriteBlocks(writer, blocks, IsError);
            return;
        }

        WriteText(writer, _value as string ?? (_value as McpException)?.Message ?? string.Empty, IsError);
    }

    /// <summary>True for typed output written in advance whose JSON is plain ASCII (<see cref="RawJson.IsPlain"/>): the hot result, which <see cref="WritePlain"/> writes.</summary>
    internal bool IsPlain => _value is JsonScratch && !IsError && RawJson.IsPlain(Written());

    /// <summary>Writes a result that <see cref="IsPlain"/> as bytes: the same bytes as <see cref="WriteTo"/>.</summary>
    internal void WritePlain(IBufferWriter<byte> buffer)
    {
        var json = Written();
        ReadOnlySpan<byte> head = "{\"content\":[{\"type\":\"text\",\"text\":"u8;
        ReadOnlySpan<byte> middle = "}],\"structuredContent\":"u8;

        // One span for the whole result: a buffer writer's checks per piece would cost as much as the copies.
        var span = buffer.GetSpan(head.Length + RawJson.MaxPlainStringLength(json.Length) + middle.Length + json.Length + 1);
        var written = RawJson.Put(span, 0, head);
        written += RawJson.WritePlainString(span[written..], json);
        written = RawJson.Put(span, written, middle);
        written = RawJson.Put(span, written, json);
        span[written] = (byte)'}';
        buffer.Advance(written + 1);
    }

    /// <summary>Gives the pooled buffer of output written in advance back; the server calls it once the result is sent.</summary>
    internal void ReturnBuffer()
    {
        if (_value is JsonScratch scratch && scratch.Generation == _generation)
        {
            scratch.Dispose();
        }
    }

    /// <summary>The output written in advance, unless its buffer went back to the pool (the result was sent already).</summary>
    private ReadOnlySpan<byte> Written()
    {
        var scratch = (JsonScratch)_value!;
        return scratch.Generation == _generation
            ? scratch.WrittenSpan
            : throw new InvalidOperationException("This tool result was sent already and its output buffer reused: return a new result for each call");
    }

    private static ContentBlock[] CheckBlocks(ContentBlock[] blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        foreach (var block in blocks)
        {
            ArgumentNullException.ThrowIfNull(block, nameof(blocks));
        }

        return blocks;
    }

    private static void WriteBlocks(Utf8JsonWriter writer, ContentBlock[] blocks, bool isError)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("content"u8);
        foreach (var block in blocks)
        {
            block.WriteTo(writer);
        }

        writer.WriteEndArray();
        if (isError)
        {
            writer.WriteBoolean("isError"u8, true);
        }

        writer.WriteEndObject();
    }

    /// <summary>Structured output that carries its own text (allocated only by that overload, so the struct stays small).</summary>
    private sealed record TextAndValue(string Text, object Value);

    private static void WriteText(Utf8JsonWriter writer, string text, bool isError)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("content"u8);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "text"u8);
        writer.WriteString("text"u8, text);
        writer.WriteEndObject();
        writer.WriteEndArray();
        if (isError)
        {
            writer.WriteBoolean("isError"u8, true);
        }

        writer.WriteEndObject();
    }

    private static void WriteStructured(Utf8JsonWriter writer, object value, StructuredWriter structuredWriter, bool isError)
    {
        string? text = null;
        if (value is TextAndValue pair)
        {
            text = pair.Text;
            value = pair.Value;
        }

        // Written aside first: the same JSON goes out twice, and a bad value (NaN, a missing field) must become an error result.
        using var scratch = JsonScratch.Rent();
        try
        {
            structuredWriter(scratch.Writer, value);
        }
        catch (Exception ex) when (ex is ToolException or ArgumentException or InvalidOperationException)
        {
            WriteText(writer, ex.Message, isError: true);
            return;
        }

        WriteStructured(writer, scratch.WrittenSpan, text, isError);
    }

    /// <summary>Writes a result of structured output: the JSON as <c>structuredContent</c>, and as the text block unless it has its own text.</summary>
    private static void WriteStructured(Utf8JsonWriter writer, ReadOnlySpan<byte> json, string? text, bool isError)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("content"u8);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "text"u8);
        if (text is not null)
        {
            writer.WriteString("text"u8, text);
        }
        else
        {
            writer.WriteString("text"u8, json);
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WritePropertyName("structuredContent"u8);
        writer.WriteRawValue(json, skipInputValidation: true);
        if (isError)
        {
            writer.WriteBoolean("isError"u8, true);
        }

        writer.WriteEndObject();
    }
}
