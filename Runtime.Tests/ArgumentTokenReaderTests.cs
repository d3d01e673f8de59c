using System.Text;
using System.Text.Json;
using PForge.Runtime.Generated;

namespace PForge.Runtime.Tests;

/// <summary>The hand reader of arguments gives exactly the tokens, values and errors of Utf8JsonReader, and is the fast path for plain text.</summary>
[TestClass]
public sealed class ArgumentTokenReaderTests
{
    private static readonly string[] Seeds =
    [
        """{"operation":"add","a":1,"b":2.5}""",
        """ { "a" : [ 1 , -0 , 0.5e+3 , 1E5 , true , false , null ] , "b" : { "c" : { } , "d" : [ ] } } """,
        """{"name":"café ☕","n":-12,"list":[{"x":1},{"y":[2,[3]]}]}""",
        """{"s":"a\"b\\c\u00e9\n","t":"\ud800"}""",
        """[1e400,123456789012345678901234567890,-9223372036854775808,9223372036854775808,1.5e-400]""",
        "{\"a\":1}\t\r\n",
    ];

    [TestMethod]
    [DataRow("""{"operation":"add","a":1,"b":1}""")]
    [DataRow(""" { "a" : [ 1 , -0 , 0.5e+3 ] , "b" : { "c" : { } , "d" : [ ] } } """)]
    [DataRow("""{"name":"café ☕","flag":true,"none":null}""")]
    public void PlainArgumentsAreReadByHandToTheEnd(string json)
    {
        var reader = new ArgumentTokenReader(Encoding.UTF8.GetBytes(json));
        while (reader.Read())
        {
        }

        Assert.IsTrue(reader.IsPlain, json);
    }

    [TestMethod]
    [DataRow("""{"s":"a\nb"}""")]
    [DataRow("""{"a":1,}""")]
    [DataRow("""{"a":01}""")]
    public void AnEscapeOrAnErrorHandsOverToTheRealReader(string json)
    {
        var reader = new ArgumentTokenReader(Encoding.UTF8.GetBytes(json));
        try
        {
            while (reader.Read())
            {
            }
        }
        catch (JsonException)
        {
            // The real reader's verdict; AgreesWithUtf8JsonReader checks that it is the same.
        }

        Assert.IsFalse(reader.IsPlain, json);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("   ")]
    [DataRow("\uFEFF{}")]
    [DataRow("{}")]
    [DataRow("{} x")]
    [DataRow("{}}")]
    [DataRow("""{"a" 1}""")]
    [DataRow("""{"a":}""")]
    [DataRow("{,}")]
    [DataRow("""{"a":1,}""")]
    [DataRow("[1,]")]
    [DataRow("[1 2]")]
    [DataRow("]")]
    [DataRow("}")]
    [DataRow("truex")]
    [DataRow("[nul]")]
    [DataRow("[tru]")]
    [DataRow("/* c */ {}")]
    [DataRow("{\"a\":1 // c\n}")]
    [DataRow("[01]")]
    [DataRow("[1.]")]
    [DataRow("[-]")]
    [DataRow("[1e]")]
    [DataRow("[+1]")]
    [DataRow("[.5]")]
    [DataRow("[1.5e-400, 1e400, -0.0, 2.0, 1E+2]")]
    [DataRow("{\"a\":\"\u0001\"}")]
    [DataRow("\"tab\there\"")]
    [DataRow("{\"a\":\"x")]
    [DataRow("{\"a")]
    [DataRow("{\"a\":1")]
    [DataRow("'a'")]
    [DataRow("NaN")]
    [DataRow("[Infinity]")]
    public void AgreesWithUtf8JsonReader(string json) => AssertSame(Encoding.UTF8.GetBytes(json));

    [TestMethod]
    public void AgreesOnDepthAtAndBeyondBothLimits()
    {
        foreach (var depth in new[] { 31, 32, 33, 64, 65, 70 })
        {
            AssertSame(Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth)));
            AssertSame(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)));
        }
    }

    [TestMethod]
    public void AgreesOnInvalidUtf8()
    {
        AssertSame([.. "{\"a\":\""u8, 0xC3, .. "\"}"u8]);
        AssertSame([.. "{\"a\":\""u8, 0xFF, 0xFE, .. "\"}"u8]);
        AssertSame([.. "{\""u8, 0xED, 0xA0, 0x80, .. "\":1}"u8]);
        AssertSame([.. "{\"a\":\""u8, 0xF0, 0x9F, 0x98, 0x80, .. "\"}"u8]);
    }

    [TestMethod]
    public void AgreesOnEveryOneByteEditOfTheSeeds()
    {
        // Deleting, replacing or inserting one byte anywhere: every way a plain read could go wrong near a token's edge.
        var bytes = " \"\\{}[],:0123456789-+.eEtrufalsn\u00e9x\t\n"u8.ToArray();
        foreach (var seed in Seeds)
        {
            var text = Encoding.UTF8.GetBytes(seed);
            for (var i = 0; i <= text.Length; i++)
            {
                if (i < text.Length)
                {
                    AssertSame([.. text[..i], .. text[(i + 1)..]]);
                }

                foreach (var b in bytes)
                {
                    if (i < text.Length)
                    {
                        AssertSame([.. text[..i], b, .. text[(i + 1)..]]);
                    }

                    AssertSame([.. text[..i], b, .. text[i..]]);
                }
            }
        }
    }

    [TestMethod]
    public void SkipAgreesWithUtf8JsonReader()
    {
        foreach (var seed in Seeds)
        {
            var text = Encoding.UTF8.GetBytes(seed);
            var real = new Utf8JsonReader(text, ArgumentReader.Options);
            var hand = new ArgumentTokenReader(text);
            var steps = new StringBuilder();
            while (Step(ref real, ref hand, steps, seed))
            {
                // Skip at every property name and container start, as generated readers do for undeclared members.
                if (real.TokenType is JsonTokenType.PropertyName or JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    Assert.AreEqual(SkipOutcome(ref real), SkipOutcome(ref hand), seed);
                    Assert.AreEqual(real.TokenType, hand.TokenType, seed);
                    Assert.AreEqual(real.CurrentDepth, hand.CurrentDepth, seed);
                }
            }
        }
    }

    /// <summary>Reads both to the end in step: the same result of each read, token, depth, value, conversions and exception.</summary>
    private static void AssertSame(byte[] json)
    {
        var label = Encoding.UTF8.GetString(json);
        var real = new Utf8JsonReader(json, ArgumentReader.Options);
        var hand = new ArgumentTokenReader(json);
        var steps = new StringBuilder();
        while (Step(ref real, ref hand, steps, label))
        {
        }
    }

    private static bool Step(ref Utf8JsonReader real, ref ArgumentTokenReader hand, StringBuilder steps, string label)
    {
        string expected, actual;
        var copy = real;
        bool realRead = false, handRead = false;
        try
        {
            realRead = copy.Read();
            expected = $"read {realRead}";
        }
        catch (JsonException ex)
        {
            expected = $"{ex.GetType().Name}: {ex.Message}";
        }

        try
        {
            handRead = hand.Read();
            actual = $"read {handRead}";
        }
        catch (JsonException ex)
        {
            actual = $"{ex.GetType().Name}: {ex.Message}";
        }

        real = copy;
        steps.Append(expected).Append(';');
        Assert.AreEqual(expected, actual, $"{label} after {steps}");
        if (!realRead)
        {
            return false;
        }

        Assert.AreEqual(Describe(ref real), Describe(ref hand), $"{label} after {steps}");
        return true;
    }

    private static string Describe(ref Utf8JsonReader reader)
    {
        var text = $"{reader.TokenType} at {reader.CurrentDepth} [{Convert.ToHexString(reader.ValueSpan)}] sequence {reader.HasValueSequence}";
        if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
        {
            string value, equals;
            try
            {
                value = $"= {reader.GetString()}";
            }
            catch (InvalidOperationException ex)
            {
                value = ex.GetType().Name;
            }

            try
            {
                equals = $"= {reader.ValueTextEquals("a"u8)}";
            }
            catch (InvalidOperationException ex)
            {
                equals = ex.GetType().Name;
            }

            return $"{text} {value} {equals}";
        }

        return reader.TokenType == JsonTokenType.Number
            ? $"{text} {(reader.TryGetInt64(out var l) ? l : "no long")} {(reader.TryGetDouble(out var d) ? BitConverter.DoubleToInt64Bits(d) : "no double")}"
            : text;
    }

    private static string Describe(ref ArgumentTokenReader reader)
    {
        var text = $"{reader.TokenType} at {reader.CurrentDepth} [{Convert.ToHexString(reader.ValueSpan)}] sequence {reader.HasValueSequence}";
        if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
        {
            string value, equals;
            try
            {
                value = $"= {reader.GetString()}";
            }
            catch (InvalidOperationException ex)
            {
                value = ex.GetType().Name;
            }

            try
            {
                equals = $"= {reader.ValueTextEquals("a"u8)}";
            }
            catch (InvalidOperationException ex)
            {
                equals = ex.GetType().Name;
            }

            return $"{text} {value} {equals}";
        }

        return reader.TokenType == JsonTokenType.Number
            ? $"{text} {(reader.TryGetInt64(out var l) ? l : "no long")} {(reader.TryGetDouble(out var d) ? BitConverter.DoubleToInt64Bits(d) : "no double")}"
            : text;
    }

    private static string SkipOutcome(ref Utf8JsonReader reader)
    {
        try
        {
            reader.Skip();
            return "skipped";
        }
        catch (JsonException ex)
        {
            return ex.Message;
        }
    }

    private static string SkipOutcome(ref ArgumentTokenReader reader)
    {
        try
        {
            reader.Skip();
            return "skipped";
        }
        catch (JsonException ex)
        {
            return ex.Message;
        }
    }
}
