using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PForge.LoadDriver;

/// <summary>
/// The requests file (one JSON-RPC message a line: <c>initialize</c>, <c>notifications/initialized</c>, then one
/// <c>tools/call</c> per tool) turned into bytes once: the calls are repeated, ids 1..N, into one contiguous buffer, so
/// that sending any run of consecutive requests is a single write.
/// </summary>
internal sealed class RequestSet
{
    private RequestSet(byte[] initialize, long initializeId, byte[] notifications, byte[] calls, int[] offsets)
    {
        Initialize = initialize;
        InitializeId = initializeId;
        Notifications = notifications;
        Calls = calls;
        Offsets = offsets;
    }

    /// <summary>The initialize line, '\n' included.</summary>
    public byte[] Initialize { get; }

    public long InitializeId { get; }

    /// <summary>The notifications of the file (notifications/initialized), '\n'-terminated lines.</summary>
    public byte[] Notifications { get; }

    /// <summary>Call i (0-based) has id i + 1 and lies at Calls[Offsets[i]..Offsets[i + 1]].</summary>
    public byte[] Calls { get; }

    public int[] Offsets { get; }

    public int Count => Offsets.Length - 1;

    public ReadOnlySpan<byte> Range(int from, int to) => Calls.AsSpan(Offsets[from], Offsets[to] - Offsets[from]);

    public static RequestSet Load(string path, int count)
    {
        byte[]? initialize = null;
        long initializeId = 0;
        var notifications = new List<byte>();
        var templates = new List<(byte[] Prefix, byte[] Suffix)>();
        foreach (var text in File.ReadAllLines(path))
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var line = Encoding.UTF8.GetBytes(text.Trim());
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var method = root.TryGetProperty("method", out var m) ? m.GetString() : null;
            if (!root.TryGetProperty("id", out var id))
            {
                notifications.AddRange(line);
                notifications.Add((byte)'\n');
            }
            else if (method == "initialize")
            {
                initialize = [.. line, (byte)'\n'];
                initializeId = id.ValueKind == JsonValueKind.Number ? id.GetInt64() : 0;
            }
            else
            {
                var (start, end) = IdRange(line);
                templates.Add((line[..start], line[end..]));
            }
        }

        if (initialize is null || templates.Count == 0)
        {
            throw new InvalidDataException($"{path}: needs an initialize line and at least one request with an id");
        }

        var buffer = new List<byte>(count * (templates[0].Prefix.Length + templates[0].Suffix.Length + 8));
        var offsets = new int[count + 1];
        Span<byte> digits = stackalloc byte[20];
        for (var i = 0; i < count; i++)
        {
            offsets[i] = buffer.Count;
            var (prefix, suffix) = templates[i % templates.Count];
            buffer.AddRange(prefix);
            (i + 1L).TryFormat(digits, out var written, provider: CultureInfo.InvariantCulture);
            buffer.AddRange(digits[..written]);
            buffer.AddRange(suffix);
            buffer.Add((byte)'\n');
        }

        offsets[count] = buffer.Count;
        return new RequestSet(initialize, initializeId, [.. notifications], [.. buffer], offsets);
    }

    /// <summary>Where the value of the top-level "id" lies in a request line (quotes included for a string id).</summary>
    private static (int Start, int End) IdRange(byte[] line)
    {
        var reader = new Utf8JsonReader(line);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isId = reader.ValueTextEquals("id"u8);
            reader.Read();
            if (isId)
            {
                var start = (int)reader.TokenStartIndex;
                var end = (int)reader.BytesConsumed;
                return (start, end);
            }

            reader.Skip();
        }

        throw new InvalidDataException("a request without an id");
    }
}
