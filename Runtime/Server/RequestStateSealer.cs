using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using PForge.Runtime.Protocol;

namespace PForge.Runtime.Server;

/// <summary>
/// Seals and opens the <c>requestState</c> of an input required result (revision 2026-07-28): the answers a handler got
/// in earlier rounds, bound to the request's method and name and to an expiry, under an HMAC-SHA256 whose key only the
/// servers share. The client echoes the state; a changed, foreign, expired or misplaced one is refused.
/// </summary>
public sealed class RequestStateSealer
{
    /// <summary>The environment variable with the shared secret: set the same on every instance behind one endpoint.</summary>
    public const string KeyVariable = "PFORGE_REQUEST_STATE_KEY";

    /// <summary>The longest state accepted or issued (its answers included), in characters.</summary>
    public const int MaxChars = 64 * 1024;

    private const int MacBytes = 32;

    // Made on first use: deriving it at start-up would load OpenSSL, milliseconds of a cold start most servers never need.
    private readonly Func<byte[]> _makeKey;
    private byte[]? _key;

    private RequestStateSealer(Func<byte[]> makeKey, TimeSpan lifetime, TimeProvider time)
    {
        _makeKey = makeKey;
        Lifetime = lifetime;
        Time = time;
    }

    /// <summary>How long a state may be echoed after it was issued.</summary>
    public TimeSpan Lifetime { get; }

    internal TimeProvider Time { get; }

    /// <summary>A sealer with a key of its own: states it issues are good on this process only.</summary>
    public static RequestStateSealer WithRandomKey(TimeSpan? lifetime = null, TimeProvider? time = null) =>
        new(static () => RandomNumberGenerator.GetBytes(32), lifetime ?? TimeSpan.FromMinutes(10), time ?? TimeProvider.System);

    /// <summary>A sealer keyed by <paramref name="secret"/> (any length; hashed to the key), as every instance sharing it.</summary>
    public static RequestStateSealer WithSecret(string secret, TimeSpan? lifetime = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return new(() => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)), lifetime ?? TimeSpan.FromMinutes(10), time ?? TimeProvider.System);
    }

    /// <summary>The key, the same for every caller once made.</summary>
    private byte[] Key
    {
        get
        {
            if (_key is null)
            {
                Interlocked.CompareExchange(ref _key, _makeKey(), null);
            }

            return _key;
        }
    }

    /// <summary>
    /// The state of a request after <paramref name="answers"/>, whose next questions are <paramref name="asked"/>;
    /// null when it would be over <see cref="MaxChars"/>.
    /// </summary>
    internal string? Seal(string method, string name, IReadOnlyDictionary<int, InputAnswer> answers, IReadOnlyList<InputQuestion> asked)
    {
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        writer.WriteStartObject();
        writer.WriteString("m"u8, method);
        writer.WriteString("n"u8, name);
        writer.WriteNumber("e"u8, (Time.GetUtcNow() + Lifetime).ToUnixTimeMilliseconds());
        writer.WriteStartArray("q"u8);
        foreach (var question in asked)
        {
            writer.WriteStartObject();
            writer.WriteNumber("p"u8, question.Place);
            writer.WriteString("k"u8, question.Key);
            writer.WriteString("m"u8, question.Method);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("a"u8);
        foreach (var (place, answer) in answers)
        {
            writer.WriteStartObject();
            writer.WriteNumber("p"u8, place);
            writer.WriteString("m"u8, answer.Method);
            writer.WritePropertyName("r"u8);
            writer.WriteRawValue(answer.Result, skipInputValidation: true);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        var payload = scratch.WrittenSpan;
        if (Base64Url.GetEncodedLength(payload.Length + MacBytes) > MaxChars)
        {
            return null;
        }

        var sealedBytes = new byte[payload.Length + MacBytes];
        payload.CopyTo(sealedBytes);
        HMACSHA256.HashData(Key, payload, sealedBytes.AsSpan(payload.Length));
        return Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>
    /// The rounds of a state this server sealed for <paramref name="method"/> and <paramref name="name"/>, still
    /// fresh; otherwise null with the reason in <paramref name="problem"/>.
    /// </summary>
    internal SealedRounds? Open(string state, string method, string name, out string? problem)
    {
        problem = "\"requestState\" is not one this server issued for this request (changed, foreign or expired)";
        if (state.Length > MaxChars)
        {
            problem = $"\"requestState\" is over {MaxChars} characters";
            return null;
        }

        var bytes = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(state.Length));
        try
        {
            if (Base64Url.DecodeFromChars(state, bytes, out var consumed, out var length) != OperationStatus.Done || consumed != state.Length || length <= MacBytes)
            {
                return null;
            }

            var payload = bytes.AsSpan(0, length - MacBytes);
            Span<byte> mac = stackalloc byte[MacBytes];
            HMACSHA256.HashData(Key, payload, mac);
            if (!CryptographicOperations.FixedTimeEquals(mac, bytes.AsSpan(length - MacBytes, MacBytes)))
            {
                return null;
            }

            var answers = Read(payload, method, name, Time.GetUtcNow().ToUnixTimeMilliseconds());
            problem = answers is null ? problem : null;
            return answers;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>The rounds of a sealed payload, when it names this request and has not expired.</summary>
    private static SealedRounds? Read(ReadOnlySpan<byte> payload, string method, string name, long now)
    {
        using var document = JsonDocument.Parse(payload.ToArray());
        var root = document.RootElement;
        if (root.GetProperty("m").GetString() != method || root.GetProperty("n").GetString() != name || root.GetProperty("e").GetInt64() < now)
        {
            return null;
        }

        var answers = new Dictionary<int, InputAnswer>();
        foreach (var answer in root.GetProperty("a").EnumerateArray())
        {
            answers[answer.GetProperty("p").GetInt32()] = new InputAnswer(answer.GetProperty("m").GetString()!, System.Text.Encoding.UTF8.GetBytes(answer.GetProperty("r").GetRawText()));
        }

        var asked = new List<AskedQuestion>();
        foreach (var question in root.GetProperty("q").EnumerateArray())
        {
            asked.Add(new AskedQuestion(question.GetProperty("p").GetInt32(), question.GetProperty("k").GetString()!, question.GetProperty("m").GetString()!));
        }

        return new SealedRounds(answers, asked);
    }
}

/// <summary>What a request state holds: the answers so far, by place, and the questions asked after them.</summary>
internal sealed record SealedRounds(Dictionary<int, InputAnswer> Answers, List<AskedQuestion> Asked);

/// <summary>A question of the last round: its place in the handler's run, its input key and method.</summary>
internal sealed record AskedQuestion(int Place, string Key, string Method);

/// <summary>One answer the client gave in an earlier round: the method asked and its result object.</summary>
internal sealed record InputAnswer(string Method, byte[] Result);
