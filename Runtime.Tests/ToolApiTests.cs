using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PForge.Runtime.Generated;
using PForge.Runtime.Protocol;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Tests;

/// <summary>The small public pieces generated code calls: contexts, results, output checks, argument reads.</summary>
[TestClass]
public sealed class ToolApiTests
{
    [TestMethod]
    public void AContextIsNotCancelledUntilCancelled()
    {
        var context = new ToolContext();
        var token = context.CancellationToken;
        Assert.IsFalse(context.IsCancelled);
        Assert.IsFalse(token.IsCancellationRequested);
        context.Cancel();
        context.Cancel();
        Assert.IsTrue(context.IsCancelled);
        Assert.IsTrue(token.IsCancellationRequested);
    }

    [TestMethod]
    public void ATokenTakenAfterCancellationIsAlreadyCancelled()
    {
        var context = new ToolContext();
        context.Cancel();
        Assert.IsTrue(context.CancellationToken.IsCancellationRequested);
    }

    [TestMethod]
    public void ResultsWriteTheCallToolResultShape()
    {
        Assert.AreEqual("""{"content":[{"type":"text","text":"ok"}]}""", Write("ok"));
        Assert.AreEqual("""{"content":[{"type":"text","text":""}]}""", Write(ToolResult.Text(null!)));
        Assert.AreEqual("""{"content":[{"type":"text","text":"bad"}],"isError":true}""", Write(ToolResult.Error("bad")));
        Assert.AreEqual(
            """{"content":[{"type":"text","text":"The call was cancelled."}],"isError":true}""",
            Write(ToolResult.FromException(new OperationCanceledException("ignored"))));
        Assert.AreEqual("ok", ToolResult.Text("ok").TextContent);
        Assert.IsTrue(ToolResult.Error("bad").IsError);
        Assert.IsNull(ToolResult.Structured("v", static (w, _) => w.WriteStartObject()).TextContent);
    }

    [TestMethod]
    public void AStructuredWriterFailureBecomesAnErrorResult()
    {
        // The message must not depend on the server's culture (en-US would print "∞"); see OutputWriter.Finite.
        Assert.AreEqual(
            """{"content":[{"type":"text","text":"Output field 'name' is required but the handler returned null"}],"isError":true}""",
            Write(ToolResult.Structured("v", static (_, _) => OutputWriter.Required<string>(null, "name"))));
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-US");
            Assert.AreEqual(
                """{"content":[{"type":"text","text":"Output field 'n' is not a finite number (Infinity)"}],"isError":true}""",
                Write(ToolResult.Structured("v", static (w, _) => w.WriteNumberValue(OutputWriter.Finite(double.PositiveInfinity, "n")))));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [TestMethod]
    public void StructuredOutputCanCarryItsOwnText()
    {
        StructuredWriter writer = static (w, v) =>
        {
            w.WriteStartObject();
            w.WriteString("stdout"u8, (string)v);
            w.WriteEndObject();
        };
        var result = ToolResult.Structured("a \"b\"\n", writer, "a \"b\"\n");
        Assert.AreEqual(
            """{"content":[{"type":"text","text":"a \"b\"\n"}],"structuredContent":{"stdout":"a \"b\"\n"}}""",
            Write(result));
        Assert.AreEqual("a \"b\"\n", result.TextContent);
        Assert.IsFalse(result.IsError);

        Assert.AreEqual(
            """{"content":[{"type":"text","text":""}],"structuredContent":{"stdout":"x"}}""",
            Write(ToolResult.Structured("x", writer, null!)));
        Assert.AreEqual(
            """{"content":[{"type":"text","text":"The tool's handler returned no output"}],"isError":true}""",
            Write(ToolResult.Structured(null, writer, "text")));
        Assert.AreEqual(
            """{"content":[{"type":"text","text":"Output field 'n' is not a finite number (NaN)"}],"isError":true}""",
            Write(ToolResult.Structured("v", static (w, _) => w.WriteNumberValue(OutputWriter.Finite(double.NaN, "n")), "text")));
        Assert.ThrowsExactly<ArgumentNullException>(() => ToolResult.Structured("v", null!, "text"));
    }

    [TestMethod]
    public async Task PendingResultsTurnExceptionsIntoErrors()
    {
        var failed = await ToolResult.FromPending(new ValueTask<ToolResult>(Task.FromException<ToolResult>(new ToolException("late")))).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.AreEqual("""{"content":[{"type":"text","text":"late"}],"isError":true}""", Write(failed));

        var typed = await ToolResult.FromPending(new ValueTask<Point>(Task.FromResult(new Point(1.5, "a")))).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.AreEqual("""{"content":[{"type":"text","text":"{\"x\":1.5,\"label\":\"a\"}"}],"structuredContent":{"x":1.5,"label":"a"}}""", Write(typed));

        var bad = await ToolResult.FromPending(new ValueTask<Point>(Task.FromException<Point>(new ToolException("no point")))).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.AreEqual("""{"content":[{"type":"text","text":"no point"}],"isError":true}""", Write(bad));
    }

    [TestMethod]
    public void TypedOutputIsWrittenWhenTheResultIsMadeAndSentOnce()
    {
        var result = ToolResult.Structured(new Point(2, "b"));
        Assert.IsFalse(result.IsError);
        Assert.IsNull(result.TextContent);
        Assert.AreEqual("""{"x":2,"label":"b"}""", Encoding.UTF8.GetString(result.StructuredJson()!));
        var expected = """{"content":[{"type":"text","text":"{\"x\":2,\"label\":\"b\"}"}],"structuredContent":{"x":2,"label":"b"}}""";
        Assert.AreEqual(expected, Write(result));
        Assert.AreEqual(expected, Write(result));

        // Once the server has taken the buffer back, another result may own it: the old one refuses rather than send that.
        result.ReturnBuffer();
        var next = ToolResult.Structured(new Point(3, "c"));
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => Write(result));
        Assert.AreEqual("This tool result was sent already and its output buffer reused: return a new result for each call", ex.Message);
        result.ReturnBuffer();
        Assert.AreEqual("""{"x":3,"label":"c"}""", Encoding.UTF8.GetString(next.StructuredJson()!));
        next.ReturnBuffer();
    }

    [TestMethod]
    [DataRow("b", true)]
    [DataRow("a \"quoted\" \\ back/slash {}[]:,", true)]
    [DataRow("", true)]
    [DataRow("é", false)]
    [DataRow("line\nbreak\u007f", true)]
    public void APlainResultWritesTheBytesTheWriterWrites(string label, bool plain)
    {
        // Plain is the output's JSON, escapes included: a line break in a value is "\n" there; non-ASCII stays as UTF-8.
        var result = ToolResult.Structured(new Point(2.5, label));
        Assert.AreEqual(plain, result.IsPlain);
        var expected = Write(result);
        if (plain)
        {
            var buffer = new ArrayBufferWriter<byte>();
            result.WritePlain(buffer);
            Assert.AreEqual(expected, Encoding.UTF8.GetString(buffer.WrittenSpan));
        }

        result.ReturnBuffer();
    }

    [TestMethod]
    public void PlainTextIsEscapedAsTheRelaxedEncoderEscapesIt()
    {
        var printable = Enumerable.Range(0x20, 0x7F - 0x20).Select(static b => (byte)b).ToArray();
        Assert.IsTrue(RawJson.IsPlain(printable));
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, JsonScratch.WriterOptions))
        {
            writer.WriteStringValue(printable);
        }

        var buffer = new byte[RawJson.MaxPlainStringLength(printable.Length)];
        var written = RawJson.WritePlainString(buffer, printable);
        Assert.AreEqual(Encoding.UTF8.GetString(stream.ToArray()), Encoding.UTF8.GetString(buffer, 0, written));
        foreach (var other in new byte[] { 0x00, 0x09, 0x1F, 0x7F, 0x80, 0xC3, 0xFF })
        {
            Assert.IsFalse(RawJson.IsPlain([0x41, other]), $"byte 0x{other:X2}");
            Assert.IsFalse(RawJson.IsPlain([.. printable, other]), $"byte 0x{other:X2} after a long plain text");
        }

        // Short and long texts take different checks (a loop, a vectorised search): both accept the printable range.
        Assert.IsTrue(RawJson.IsPlain(printable.AsSpan(0, 40)));
        Assert.IsTrue(RawJson.IsPlain(printable.AsSpan(30, 64)));
    }

    [TestMethod]
    [DataRow("1")]
    [DataRow("\"abc\"")]
    [DataRow("")]
    public void AResultStartIsTheStartTheWriterWrites(string id)
    {
        var idBytes = Encoding.UTF8.GetBytes(id);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, JsonScratch.WriterOptions))
        {
            JsonRpcWriter.WriteResponseStart(writer, idBytes);
            writer.WritePropertyName("result"u8);
            writer.WriteNullValue();
            writer.WriteEndObject();
        }

        var buffer = new ArrayBufferWriter<byte>();
        RawJson.WriteResultStart(buffer, idBytes);
        Assert.AreEqual(Encoding.UTF8.GetString(stream.ToArray()), Encoding.UTF8.GetString(buffer.WrittenSpan) + "null}");
    }

    [TestMethod]
    public void TypedOutputTheSchemaForbidsIsAnErrorResult()
    {
        var result = ToolResult.Structured(new Point(double.NaN, "n"));
        Assert.IsTrue(result.IsError);
        Assert.AreEqual("""{"content":[{"type":"text","text":"Output field 'x' is not a finite number (NaN)"}],"isError":true}""", Write(result));
        Assert.AreEqual("""{"content":[{"type":"text","text":"Output field 'label' is required but the handler returned null"}],"isError":true}""", Write(ToolResult.Structured(new Point(1, null!))));
    }

    [TestMethod]
    public void NumbersAreWrittenAsTheWriterWritesThem()
    {
        double[] values = [0, -0.0, 1, -1, 2, 42, 1.5, -2.25, 1e14, 1e15 - 1, -(1e15 - 1), 1e15, -1e15, 1e16, 123456789012345, 9007199254740993, 1e300, double.Epsilon, 0.1 + 0.2, long.MaxValue, long.MinValue];
        foreach (var value in values.Concat(Enumerable.Range(0, 60).Select(static e => Math.Pow(2, e) - 1)))
        {
            Assert.AreEqual(WriteWith(w => w.WriteNumberValue(value)), WriteWith(w => OutputWriter.WriteNumber(w, value, "n")), $"{value:R}");
        }

        var ex = Assert.ThrowsExactly<ToolException>(() => WriteWith(w => OutputWriter.WriteNumber(w, double.NaN, "n")));
        Assert.AreEqual("Output field 'n' is not a finite number (NaN)", ex.Message);
    }

    [TestMethod]
    [DataRow("0")]
    [DataRow("-0")]
    [DataRow("7")]
    [DataRow("-12")]
    [DataRow("9007199254740993")]
    [DataRow("9223372036854775807")]
    [DataRow("-9223372036854775808")]
    [DataRow("9223372036854775808")]
    [DataRow("1.5")]
    [DataRow("-0.0")]
    [DataRow("1e2")]
    public void NumbersAreReadAsTheirTextParses(string json)
    {
        var reader = new ArgumentTokenReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        Assert.IsTrue(ArgumentReader.TryReadNumber(ref reader, out var value));
        var expected = double.Parse(json, CultureInfo.InvariantCulture);
        Assert.AreEqual(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value), json);
    }

    [TestMethod]
    [DataRow("2024-11-05", "2024-11-05")]
    [DataRow("2025-11-25", "2025-11-25")]
    [DataRow("2025-11-26", "2025-11-25")]
    [DataRow(null, "2025-11-25")]
    public void NegotiationEchoesSupportedVersions(string? requested, string expected) =>
        Assert.AreEqual(expected, ProtocolVersions.Negotiate(requested));

    [TestMethod]
    [DataRow("2", true, 2L)]
    [DataRow("2.0", true, 2L)]
    [DataRow("-3e2", true, -300L)]
    [DataRow("2.5", false, 0L)]
    [DataRow("1e300", false, 0L)]
    [DataRow("\"2\"", false, 0L)]
    public void IntegersFollowJsonSchema(string json, bool ok, long expected)
    {
        var reader = new ArgumentTokenReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        Assert.AreEqual(ok, ArgumentReader.TryReadInteger(ref reader, out var value));
        Assert.AreEqual(expected, value);
    }

    /// <summary>Typed output as the generator writes it for an output record struct.</summary>
    private readonly record struct Point(double X, string Label) : IStructuredOutput<Point>
    {
        public static void Write(Utf8JsonWriter writer, Point value)
        {
            writer.WriteStartObject();
            writer.WriteNumber("x"u8, OutputWriter.Finite(value.X, "x"));
            writer.WriteString("label"u8, OutputWriter.Required(value.Label, "label"));
            writer.WriteEndObject();
        }
    }

    private static string Write(ToolResult result)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, JsonScratch.WriterOptions))
        {
            result.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string WriteWith(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, JsonScratch.WriterOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
