using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace PForge.LoadDriver;

/// <summary>A spawned stdio server: raw stdin and stdout streams, stderr drained and dropped, responses read as lines.</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process process;
    private readonly Stream input;
    private readonly Stream output;
    private readonly byte[] buffer = new byte[1 << 20];
    private int start;
    private int end;

    private ServerProcess(Process process)
    {
        this.process = process;
        input = process.StandardInput.BaseStream;
        output = process.StandardOutput.BaseStream;
    }

    public int Id => process.Id;

    /// <summary>Responses with an error member or an isError result, counted by <see cref="ReadResponses"/>.</summary>
    public long Errors { get; private set; }

    public string? FirstError { get; private set; }

    public static ServerProcess Start(Options options, IReadOnlyDictionary<string, string>? environment = null, Action<string>? onStderrLine = null)
    {
        var info = new ProcessStartInfo(options.Command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in options.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {options.Command}");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onStderrLine?.Invoke(e.Data);
            }
        };
        process.BeginErrorReadLine();
        return new ServerProcess(process);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        input.Write(bytes);
        input.Flush();
    }

    /// <summary>Sends initialize, waits for its response, then sends the file's notifications (initialized).</summary>
    public void Initialize(RequestSet requests)
    {
        Write(requests.Initialize);
        WaitFor(requests.InitializeId);
        Write(requests.Notifications);
    }

    /// <summary>Reads until the response with this id arrives (other lines are ignored).</summary>
    public void WaitFor(long id)
    {
        var found = false;
        while (!found)
        {
            ReadResponses((responseId, _) => found |= responseId == id);
        }
    }

    /// <summary>
    /// One read from stdout, then every complete line in the buffer: <paramref name="onResponse"/> gets each response's id
    /// and the time of the read. Returns the number of responses. Throws when the server closed its stdout.
    /// </summary>
    public int ReadResponses(Action<long, long> onResponse)
    {
        if (start == end)
        {
            start = end = 0;
        }
        else if (end == buffer.Length)
        {
            if (start == 0)
            {
                throw new InvalidDataException("a response line longer than 1 MiB");
            }

            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }

        var read = output.Read(buffer, end, buffer.Length - end);
        if (read == 0)
        {
            throw new EndOfStreamException($"the server closed its output (exit code {(process.WaitForExit(2000) ? process.ExitCode.ToString(CultureInfo.InvariantCulture) : "?")})");
        }

        var now = Stopwatch.GetTimestamp();
        end += read;
        var responses = 0;
        while (true)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            var line = buffer.AsSpan(start, newline);
            start += newline + 1;
            if (TryReadId(line, out var id, out var isError))
            {
                responses++;
                if (isError)
                {
                    Errors++;
                    FirstError ??= System.Text.Encoding.UTF8.GetString(line);
                }

                onResponse(id, now);
            }
        }

        return responses;
    }

    /// <summary>
    /// The id of a response line, and whether it failed. Fast path for <c>{"jsonrpc":"2.0","id":N,"result":…</c>;
    /// any other member order goes through Utf8JsonReader. A line without an id (a notification) is no response.
    /// </summary>
    internal static bool TryReadId(ReadOnlySpan<byte> line, out long id, out bool isError)
    {
        ReadOnlySpan<byte> head = "{\"jsonrpc\":\"2.0\",\"id\":"u8;
        if (line.StartsWith(head) && Utf8Parser.TryParse(line[head.Length..], out id, out var consumed))
        {
            var rest = line[(head.Length + consumed)..];
            if (rest.StartsWith(",\"result\":"u8))
            {
                isError = rest.IndexOf("\"isError\":true"u8) >= 0;
                return true;
            }
        }

        id = 0;
        isError = false;
        var hasId = false;
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                hasId = reader.TokenType == JsonTokenType.Number ? reader.TryGetInt64(out id)
                    : reader.TokenType == JsonTokenType.String && long.TryParse(reader.GetString(), CultureInfo.InvariantCulture, out id);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                isError = true;
                reader.Read();
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        isError |= line.IndexOf("\"isError\":true"u8) >= 0;
        return hasId;
    }

    /// <summary>A figure of /proc/&lt;pid&gt;/status in bytes (VmHWM: peak resident set; VmRSS: resident now).</summary>
    public long ReadStatus(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                var kb = line[(field.Length + 1)..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidDataException($"no {field} in /proc/{process.Id}/status");
    }

    /// <summary>Closes stdin (the server's cue to exit), gives it 5 s, then kills it.</summary>
    public void Dispose()
    {
        try
        {
            input.Dispose();
        }
        catch (IOException)
        {
            // Already gone.
        }

        if (!process.WaitForExit(5000))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }
}
