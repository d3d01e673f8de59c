using System.Buffers;
using System.Text.Json;
using ArgumentsFixture;
using CsCheck;

namespace PForge.PropertyTests;

/// <summary>
/// Properties of the argument reader the generator wrote for the fixture's tool 'shape' (PropertyTests/Fixture):
/// any arguments object its schema allows is accepted and reaches the handler intact, whatever the member order, the
/// escaping or the unknown members beside it; any object that breaks one rule is refused with a message naming the field.
/// </summary>
[TestClass]
public sealed class ArgumentReaderProperties
{
    private const int Iterations = 5_000;

    private static readonly Gen<string> Name =
        Gen.Select(Gen.Char["abcdefghijklmnopqrstuvwxyz"], Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789_"], 0, 19], (head, tail) => head + tail);

    // Any text at all: the writer escapes it, the reader must give back the same string.
    private static readonly Gen<string> Text = Gen.String[Gen.Char, 0, 12];

    private static readonly Gen<Arguments> Valid =
        Gen.Select(
            Gen.Select(Name, Gen.Long[-1000, 1000], Gen.Double[0, 1].Nullable(), Gen.Bool.Nullable(), Gen.OneOf<string?>(null, "red", "green", "blue")),
            Gen.Select(Text.Null(), Text.Array[0, 5].Null(), Gen.Select(Gen.Double[-1e9, 1e9], Gen.Double[-1e9, 1e9]).Nullable(), Gen.Bool, Gen.Int[0, 7]),
            static (a, b) => new Arguments(a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, b.Item1, b.Item2, b.Item3, b.Item4, b.Item5));

    [TestMethod]
    public void AnyAllowedArgumentsReachTheHandlerIntact() =>
        Valid.Sample(
            arguments =>
            {
                var json = arguments.ToJson(_ => { });
                Assert.IsTrue(ShapeInput.TryRead(json, out var input, out var error), $"{error}\n{System.Text.Encoding.UTF8.GetString(json)}");
                Assert.AreEqual(arguments.Name, input.Name);
                Assert.AreEqual(arguments.Count, input.Count);
                Assert.AreEqual(arguments.Ratio, input.Ratio);
                Assert.AreEqual(arguments.Flag ?? false, input.Flag);
                Assert.AreEqual(arguments.Color ?? "red", input.Color);
                Assert.AreEqual(arguments.Note, input.Note);
                CollectionAssert.AreEqual(arguments.Tags, input.Tags?.ToArray());
                Assert.AreEqual(arguments.Point?.Item1, input.Point?.X);
                Assert.AreEqual(arguments.Point?.Item2, input.Point?.Y);
            },
            iter: Iterations);

    /// <summary>One way to break the schema: what it does to a valid object, and the field the error must name.</summary>
    private sealed record Breach(string Field, Action<Dictionary<string, object?>> Apply);

    private static readonly Gen<Breach> Breaches = Gen.OneOf(
        Gen.Const(new Breach("name", static m => m.Remove("name"))),
        Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz"], 21, 40].Select(static s => new Breach("name", m => m["name"] = s)),
        Name.Select(static s => new Breach("name", m => m["name"] = "9" + s[1..])),
        Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz"], 1, 5].Select(static s => new Breach("name", m => m["name"] = s.ToUpperInvariant())),
        Gen.Const(new Breach("count", static m => m.Remove("count"))),
        Gen.Long[1001, long.MaxValue].Select(static n => new Breach("count", m => m["count"] = n)),
        Gen.Long[long.MinValue, -1001].Select(static n => new Breach("count", m => m["count"] = n)),
        Gen.Double[-1000, 1000].Where(static d => d != Math.Floor(d)).Select(static d => new Breach("count", m => m["count"] = d)),
        Text.Select(static s => new Breach("count", m => m["count"] = s)),
        Gen.Double[1.000001, 1e9].Select(static d => new Breach("ratio", m => m["ratio"] = d)),
        Gen.Double[-1e9, -0.000001].Select(static d => new Breach("ratio", m => m["ratio"] = d)),
        Gen.Const(new Breach("flag", static m => m["flag"] = "true")),
        Text.Where(static s => s is not ("red" or "green" or "blue")).Select(static s => new Breach("color", m => m["color"] = s)),
        Gen.Int.Select(static n => new Breach("note", m => m["note"] = n)),
        Text.Array[6, 10].Select(static a => new Breach("tags", m => m["tags"] = a)),
        Gen.Int.Select(static n => new Breach("tags[0]", m => m["tags"] = new object[] { n })),
        Gen.Const(new Breach("point.x", static m => m["point"] = new Dictionary<string, object?> { ["y"] = 1.0 })),
        Text.Select(static s => new Breach("point.y", m => m["point"] = new Dictionary<string, object?> { ["x"] = 1.0, ["y"] = s })),
        Gen.Const(new Breach("point", static m => m["point"] = 3)));

    [TestMethod]
    public void AnyArgumentsBreakingOneRuleAreRefusedNamingTheField() =>
        Gen.Select(Valid, Breaches).Sample(
            (arguments, breach) =>
            {
                var json = arguments.ToJson(breach.Apply);
                var text = System.Text.Encoding.UTF8.GetString(json);
                Assert.IsFalse(ShapeInput.TryRead(json, out _, out var error), $"accepted: {text}");
                Assert.Contains($"'{breach.Field}'", error!, $"{error}\n{text}");
            },
            iter: Iterations);

    [TestMethod]
    public void AMemberGivenTwiceIsRefusedNamingIt() =>
        Gen.Select(Valid, Gen.OneOf("name", "count")).Sample(
            (arguments, field) =>
            {
                var json = arguments.ToJson(_ => { });
                var twice = System.Text.Encoding.UTF8.GetString(json)[..^1] + $",\"{field}\":" + (field == "name" ? "\"abc\"" : "1") + "}";
                Assert.IsFalse(ShapeInput.TryRead(System.Text.Encoding.UTF8.GetBytes(twice), out _, out var error), twice);
                Assert.AreEqual($"Parameter '{field}' is given more than once", error);
            },
            iter: Iterations / 5);

    /// <summary>A generated arguments object; null members are left out of the JSON.</summary>
    private sealed record Arguments(
        string Name, long Count, double? Ratio, bool? Flag, string? Color, string? Note, string[]? Tags, (double, double)? Point, bool Extra, int Rotation)
    {
        /// <summary>The object as JSON after <paramref name="change"/>, its members rotated and an unknown one added when asked.</summary>
        public byte[] ToJson(Action<Dictionary<string, object?>> change)
        {
            var members = new Dictionary<string, object?> { ["name"] = Name, ["count"] = Count };
            Add(members, "ratio", Ratio);
            Add(members, "flag", Flag);
            Add(members, "color", Color);
            Add(members, "note", Note);
            Add(members, "tags", Tags);
            Add(members, "point", Point is { } p ? new Dictionary<string, object?> { ["y"] = p.Item2, ["x"] = p.Item1 } : null);
            if (Extra)
            {
                members["unknown_member"] = new object[] { "ignored", 1, new Dictionary<string, object?> { ["deep"] = true } };
            }

            change(members);
            var ordered = members.Skip(Rotation % Math.Max(1, members.Count)).Concat(members.Take(Rotation % Math.Max(1, members.Count)));
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                WriteValue(writer, ordered.ToDictionary());
            }

            return buffer.WrittenSpan.ToArray();
        }

        private static void Add(Dictionary<string, object?> members, string name, object? value)
        {
            if (value is not null)
            {
                members[name] = value;
            }
        }

        private static void WriteValue(Utf8JsonWriter writer, object? value)
        {
            switch (value)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case string s:
                    writer.WriteStringValue(s);
                    break;
                case bool b:
                    writer.WriteBooleanValue(b);
                    break;
                case long l:
                    writer.WriteNumberValue(l);
                    break;
                case int i:
                    writer.WriteNumberValue(i);
                    break;
                case double d:
                    writer.WriteNumberValue(d);
                    break;
                case Dictionary<string, object?> map:
                    writer.WriteStartObject();
                    foreach (var (key, item) in map)
                    {
                        writer.WritePropertyName(key);
                        WriteValue(writer, item);
                    }

                    writer.WriteEndObject();
                    break;
                case System.Collections.IEnumerable items:
                    writer.WriteStartArray();
                    foreach (var item in items)
                    {
                        WriteValue(writer, item);
                    }

                    writer.WriteEndArray();
                    break;
                default:
                    throw new ArgumentException($"no JSON for {value.GetType()}", nameof(value));
            }
        }
    }
}
