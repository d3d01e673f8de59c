using System.Text;
using PForge.Runtime.Protocol;

namespace PForge.Runtime.Tests;

/// <summary>
/// The hand-written envelope reader against Utf8JsonReader's full read: whatever it accepts, the full read accepts with
/// the same envelope; what it leaves to the full read is still answered (these messages and a few thousand mutations).
/// </summary>
[TestClass]
public sealed class PlainEnvelopeReaderTests
{
    // The first ones are plain; the rest are left to the full read.
    private const int PlainSeeds = 14;

    private static readonly string[] Seeds =
    [
        """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"calculate","arguments":{"operation":"add","a":1,"b":1}}}""",
        """{"method":"tools/call","params":{"name":"echo","arguments":{"text":"a \"b\" \\ \/ \b\f\n\r\t \u00e9"},"_meta":{"progressToken":"p-1"}},"jsonrpc":"2.0","id":"x\u0031"}""",
        """ { "jsonrpc" : "2.0" , "id" : -9223372036854775808 , "method" : "tools/call" , "params" : { "_meta" : { "progressToken" : 7 , "other" : [ 1.5e-3 , true , false , null , { } , [ ] ] } , "name" : "n" } } """,
        """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":["echo"],"arguments":[1],"name":"x","arguments":null}}""",
        """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"a","_meta":{"progressToken":1,"progressToken":{}},"_meta":{"progressToken":9223372036854775808}}}""",
        """{"jsonrpc":"2.0","id":4,"params":{"name":"late"},"method":"tools/call"}""",
        """{"jsonrpc":"2.0","id":5,"method":"tools/list","params":{"cursor":"abc"}}""",
        """{"jsonrpc":"2.0","method":"notifications/initialized"}""",
        """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"a","reason":"r"}}""",
        """{"jsonrpc":"2.0","id":6,"result":{"content":[{"type":"text","text":"ok"}]}}""",
        """{"jsonrpc":"2.0","id":"s","error":{"code":-32601,"message":"m","data":{"x":[0,-0,0.0,1E+2,2e-2]}}}""",
        """{"jsonrpc":"2.0","id":7,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"c","version":"1"}},"extra":1}""",
        // Names that begin like the ones matched as literals, and a method that begins like tools/call.
        """{"jsonrpcx":1,"jsonrpc":"2.0","idx":1,"id":18,"methods":"m","method":"tools/call","params":{"names":"a","name":"n","argumentsx":1,"_metadata":{},"arguments":{},"_meta_":2}}""",
        """{"jsonrpc":"2.0","id":19,"method":"tools/callx","params":{"name":"n"},"params_":{},"resultx":1,"error_":2}""",
        """{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}""",
        """{"jsonrpc":"2.0","id":1.5,"method":"ping"}""",
        """{"jsonrpc":"2.0","id":8,"method":"ping","params":[1]}""",
        """{"jsonrpc":"2.0","id":9,"method":"","params":{}}""",
        """{"jsonrpc":"2.0","id":10,"method":"pi\u006eg"}""",
        """{"jsonrpc":"1.0","id":11,"method":"ping"}""",
        """{"jsonrpc":"2.0","id":12,"method":"ping","method":"ping"}""",
        """{"jsonrpc":"2.0","id":13,"method":"ping","result":1}""",
        """{"jsonrpc":"2.0","id":14,"method":"tools/call","params":{"name":"é","arguments":{}}}""",
        """{"jsonrpc":"2.0","id":15,"method":"tools/call","params":{"name":"\ud800","arguments":{"deep":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}}""",
        """[{"jsonrpc":"2.0","id":16,"method":"ping"}]""",
        """{"jsonrpc":"2.0","id":17,"method":"ping"} x""",
        """{}""",
        // Known names and values escaped: the full read decodes them.
        """{"json\u0072pc":"2.0","id":20,"method":"ping"}""",
        """{"jsonrpc":"2\u002e0","id":21,"method":"ping"}""",
        """{"jsonrpc":"2.0","id":22,"method":"tools\/call","params":{"name":"x"}}""",
        """{"jsonrpc":"2.0","id":23,"method":"tools/call","params":{"n\u0061me":"x","arguments":{}}}""",
    ];

    [TestMethod]
    public void TheCommonShapesAreReadByHand()
    {
        foreach (var seed in Seeds.Take(PlainSeeds))
        {
            Assert.IsTrue(PlainEnvelopeReader.TryRead(Encoding.UTF8.GetBytes(seed), out _), seed);
        }

        Assert.IsTrue(PlainEnvelopeReader.TryRead(Encoding.UTF8.GetBytes(Seeds[5]), out var late));
        Assert.IsFalse(late.ToolCall.IsScanned);
    }

    [TestMethod]
    public void WhatIsLeftToTheFullReadIsAnsweredByIt()
    {
        // An error, an escape to decode, non-ASCII, a fraction or null for an id, nesting beyond its depth.
        foreach (var seed in Seeds.Skip(PlainSeeds))
        {
            Assert.IsFalse(PlainEnvelopeReader.TryRead(Encoding.UTF8.GetBytes(seed), out _), seed);
        }
    }

    [TestMethod]
    public void WhatTheHandReadAcceptsTheFullReadReadsTheSame()
    {
        foreach (var seed in Seeds)
        {
            AssertAgrees(Encoding.UTF8.GetBytes(seed));
        }
    }

    [TestMethod]
    public void MutationsOfTheMessagesAgreeToo()
    {
        // Deterministic: the same 40,000 mutations each run, each one byte inserted, removed or replaced, some twice.
        var random = new Random(20261207);
        var alphabet = Encoding.ASCII.GetBytes("{}[]:,\"\\/ \t\r\n0123456789+-.eEuabfnrtlsx");
        var accepted = 0;
        for (var i = 0; i < 40_000; i++)
        {
            var message = Encoding.UTF8.GetBytes(Seeds[random.Next(Seeds.Length)]).ToList();
            for (var edits = 1 + random.Next(2); edits > 0 && message.Count > 0; edits--)
            {
                var at = random.Next(message.Count);
                switch (random.Next(3))
                {
                    case 0:
                        message.Insert(at, alphabet[random.Next(alphabet.Length)]);
                        break;
                    case 1:
                        message.RemoveAt(at);
                        break;
                    default:
                        message[at] = random.Next(20) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
                        break;
                }
            }

            accepted += AssertAgrees(message.ToArray()) ? 1 : 0;
        }

        // Not vacuous: many mutations (a changed digit, a letter in a string) are still plain, valid messages.
        Assert.IsGreaterThan(4_000, accepted);
    }

    private static bool AssertAgrees(byte[] message)
    {
        if (!PlainEnvelopeReader.TryRead(message, out var plain))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(message);
        Assert.IsTrue(JsonRpcReader.TryReadFully(message, out var full, out var error), $"{text}: the full read refuses it ({error.Message})");
        Assert.AreEqual(Describe(full), Describe(plain), text);
        return true;
    }

    private static string Describe(in JsonRpcEnvelope envelope) =>
        $"method={Encoding.UTF8.GetString(envelope.Method)} id={Encoding.UTF8.GetString(envelope.Id)} params={Encoding.UTF8.GetString(envelope.Params)} "
        + $"result={Encoding.UTF8.GetString(envelope.Result)} error={Encoding.UTF8.GetString(envelope.Error)} "
        + $"notification={envelope.IsNotification} response={envelope.IsResponse} call={envelope.ToolCall}";
}
