using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PForge.Runtime.Telemetry;

namespace PForge.Runtime.Tools.Cli;

/// <summary>Runs a <c>cli</c> tool's process and turns what it did into a tool result.</summary>
/// <remarks>
/// The program is started directly with its argv elements as given (no shell, no re-splitting) and the server's
/// environment plus the invocation's. Its stdin is a pipe closed at once (the server's stdin carries the protocol), its
/// stdout and stderr are pipes read to the end on their own threads, each capped, so the child is never blocked by a
/// full pipe. A timeout or the call's cancellation kills the whole process tree.
/// </remarks>
public static class CliRunner
{
    /// <summary>How much of stderr's end a non-zero exit quotes.</summary>
    internal const int ErrorTailChars = 2000;

    /// <summary>Longest stdout line reported while streaming; the rest of a longer line is cut (the capture keeps it).</summary>
    internal const int MaxStreamedLineBytes = 16 * 1024;

    private const int ReadChunkBytes = 16 * 1024;

    /// <summary>How long to wait for a killed process to exit, and then for its pipes to close.</summary>
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DrainAfterKill = TimeSpan.FromSeconds(2);

    /// <summary>How long the pipes may stay open after the tree was killed before their holders are looked for.</summary>
    private static readonly TimeSpan HolderGrace = TimeSpan.FromMilliseconds(200);

    /// <summary>Runs the process; stdout becomes the text, <c>{stdout, stderr, exit_code}</c> the structured content.</summary>
    public static ValueTask<ToolResult> RunAsync(CliInvocation invocation, ToolContext context)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(context);
        return RunCoreAsync(invocation, context);
    }

    private static async ValueTask<ToolResult> RunCoreAsync(CliInvocation invocation, ToolContext context)
    {
        var command = invocation.Command ?? string.Empty;
        if (Check(invocation) is { } problem)
        {
            return CouldNotStart(command, problem);
        }

        if (context.IsCancelled)
        {
            return ToolResult.FromException(new OperationCanceledException());
        }

        var startInfo = new ProcessStartInfo(command)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in invocation.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in invocation.Environment ?? [])
        {
            // On top of the server's own environment, which the dictionary starts with.
            startInfo.Environment[name] = value;
        }

        if (!string.IsNullOrEmpty(invocation.WorkingDirectory))
        {
            // Checked first: starting in a missing directory fails with the same error as a missing program.
            if (!Directory.Exists(invocation.WorkingDirectory))
            {
                return CouldNotStart(command, "its working directory does not exist");
            }

            startInfo.WorkingDirectory = invocation.WorkingDirectory;
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            // The runtime's own message repeats the program and the server's working directory: keep the reason only.
            return CouldNotStart(command, new Win32Exception(ex.NativeErrorCode).Message);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            return CouldNotStart(command, ex.Message);
        }

        try
        {
            // The child reads end of input at once, never the server's stdin.
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone: its exit is seen below.
        }

        var stdout = new OutputCapture(invocation.MaxOutputBytes);
        var stderr = new OutputCapture(invocation.MaxOutputBytes);
        var lines = invocation.Stream ? new LineReporter(context, command) : null;
        var outputs = Task.WhenAll(
            Pump(process.StandardOutput.BaseStream, stdout, lines),
            Pump(process.StandardError.BaseStream, stderr, null));

        string? stoppedBecause = null;
        using (var timeout = NewTimeout(invocation.Timeout))
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, context.CancellationToken))
        {
            try
            {
                await process.WaitForExitAsync(stop.Token).ConfigureAwait(false);

                // A child it left running may still hold the pipes: their end is waited for within the same bound.
                await outputs.WaitAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                stoppedBecause = context.IsCancelled
                    ? $"Command '{command}' was cancelled"
                    : $"Command '{command}' timed out after {FormatMilliseconds(invocation.Timeout)} ms";
            }
        }

        if (stoppedBecause is not null)
        {
            var killed = await KillTreeAsync(process, command, context.ServerLog).ConfigureAwait(false);
            if (!await WaitAsync(outputs, HolderGrace).ConfigureAwait(false))
            {
                // A process that left the tree (its parent exited, so it was re-parented) still holds a pipe: find it
                // by the pipe itself and kill it with its own tree.
                KillPipeHolders(process, command, context.ServerLog);
                if (!await WaitAsync(outputs, DrainAfterKill).ConfigureAwait(false))
                {
                    context.ServerLog.Warning($"command '{command}': an output pipe is still open after its process tree was killed");
                }
            }

            stdout.Freeze();
            stderr.Freeze();
            var message = killed is null
                ? stoppedBecause + "; its process tree was killed"
                : $"{stoppedBecause}; its process tree could not be killed: {killed}";

            // A timeout may pass on another attempt; a cancellation by the client must not be repeated.
            return context.IsCancelled ? ToolResult.Error(message) : ToolResult.TransientError(message);
        }

        var exitCode = process.ExitCode;
        var stdoutText = stdout.ToText("stdout");
        var stderrText = stderr.ToText("stderr");
        if (exitCode != 0)
        {
            var tail = ErrorTail(stderrText);
            var code = exitCode.ToString(CultureInfo.InvariantCulture);
            return ToolResult.Error(tail.Length == 0
                ? $"Command '{command}' exited with code {code} and wrote nothing to stderr"
                : $"Command '{command}' exited with code {code}: {tail}");
        }

        return ToolResult.Structured(new CliOutput(stdoutText, stderrText, exitCode), CliOutput.Writer, stdoutText);
    }

    /// <summary>What would make the start fail or pass something other than what was declared; null when fine.</summary>
    private static string? Check(CliInvocation invocation)
    {
        if (string.IsNullOrEmpty(invocation.Command))
        {
            return "no command is given";
        }

        if (invocation.Command.Contains('\0', StringComparison.Ordinal))
        {
            return "the command contains a NUL character";
        }

        if (invocation.Arguments is null)
        {
            return "no argument list is given";
        }

        for (var i = 0; i < invocation.Arguments.Count; i++)
        {
            // A NUL would silently end the argument where the operating system reads it.
            var argument = invocation.Arguments[i];
            if (argument is null)
            {
                return $"argument {i + 1} is null";
            }

            if (argument.Contains('\0', StringComparison.Ordinal))
            {
                return $"argument {i + 1} contains a NUL character, which a process argument cannot hold";
            }
        }

        foreach (var (name, value) in invocation.Environment ?? [])
        {
            // Names are the YAML's and may be quoted; values are never (they may be secrets).
            if (string.IsNullOrEmpty(name) || name.Contains('=', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
            {
                return $"'{name?.Replace("\0", "\\0", StringComparison.Ordinal)}' is not a valid environment variable name";
            }

            if (value is null)
            {
                return $"environment variable '{name}' has no value";
            }

            if (value.Contains('\0', StringComparison.Ordinal))
            {
                return $"the value of environment variable '{name}' contains a NUL character";
            }
        }

        if (invocation.Timeout <= TimeSpan.Zero && invocation.Timeout != Timeout.InfiniteTimeSpan)
        {
            return "its timeout is not positive";
        }

        if (invocation.MaxOutputBytes < 0)
        {
            return "its output limit is negative";
        }

        return null;
    }

    private static ToolResult CouldNotStart(string command, string reason) =>
        ToolResult.Error($"Command '{command}' could not be started: {reason}");

    private static CancellationTokenSource NewTimeout(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan || timeout.TotalMilliseconds >= int.MaxValue
            ? new CancellationTokenSource()
            : new CancellationTokenSource(timeout);

    private static string FormatMilliseconds(TimeSpan timeout) =>
        ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    /// <summary>Kills the process and its descendants and waits (bounded) for them; null when done, else why not.</summary>
    private static async Task<string?> KillTreeAsync(Process process, string command, ServerLog log)
    {
        string? failure = null;
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had exited already (a child it left behind held the pipes open): nothing left in its tree to kill.
        }
        catch (Exception ex) when (ex is Win32Exception or AggregateException or NotSupportedException)
        {
            failure = ex.Message;
            log.Warning($"command '{command}': killing its process tree failed: {ex}");
        }

        try
        {
            await process.WaitForExitAsync().WaitAsync(KillWait).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            failure ??= $"it had not exited {KillWait.TotalSeconds:0} s later";
            log.Warning($"command '{command}': still running {KillWait.TotalSeconds:0} s after being killed");
        }

        return failure;
    }

    private static async Task<bool> WaitAsync(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Kills, on Linux, every other process that holds the write end of the child's stdout or stderr pipe: only the
    /// child and what it started can (the server closed its own copy when starting it).
    /// </summary>
    private static void KillPipeHolders(Process process, string command, ServerLog log)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var pipes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stream in new[] { process.StandardOutput.BaseStream, process.StandardError.BaseStream })
        {
            if (stream is System.IO.Pipes.PipeStream { SafePipeHandle: { IsInvalid: false, IsClosed: false } handle }
                && ReadLink($"/proc/self/fd/{handle.DangerousGetHandle()}") is { } pipe
                && pipe.StartsWith("pipe:", StringComparison.Ordinal))
            {
                pipes.Add(pipe);
            }
        }

        if (pipes.Count == 0)
        {
            return;
        }

        var self = Environment.ProcessId;
        foreach (var directory in EnumerateOrEmpty("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == self)
            {
                continue;
            }

            foreach (var fd in EnumerateOrEmpty(Path.Combine(directory, "fd"), files: true))
            {
                if (ReadLink(fd) is not { } target || !pipes.Contains(target))
                {
                    continue;
                }

                try
                {
                    using var holder = Process.GetProcessById(pid);
                    holder.Kill(entireProcessTree: true);
                    log.Debug($"command '{command}': killed process {pid}, which still held its output");
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or Win32Exception or AggregateException or NotSupportedException)
                {
                    // Gone meanwhile, or not ours to kill.
                }

                break;
            }
        }
    }

    private static IEnumerable<string> EnumerateOrEmpty(string directory, bool files = false)
    {
        try
        {
            return files ? Directory.GetFiles(directory) : Directory.GetDirectories(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string? ReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads a pipe to its end on a thread of its own (a pipe read cannot be cancelled, and a long-running child must
    /// not hold thread-pool threads), keeping what the capture allows and dropping the rest, never stopping early.
    /// </summary>
    private static Task Pump(Stream stream, OutputCapture capture, LineReporter? lines) =>
        Task.Factory.StartNew(
            () =>
            {
                var buffer = new byte[ReadChunkBytes];
                try
                {
                    int read;
                    while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        var kept = capture.Append(buffer.AsSpan(0, read));

                        // Only what is captured is streamed: a flood past the cap floods no notifications either.
                        lines?.Append(buffer.AsSpan(0, kept));
                    }

                    lines?.Flush();
                }
                catch (Exception ex) when (ex is IOException or ObjectDisposedException)
                {
                    // The pipe was closed under the reader (the call is over): what was read is kept.
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    /// <summary>The last <see cref="ErrorTailChars"/> characters of stderr, trimmed, never starting inside a surrogate pair.</summary>
    internal static string ErrorTail(string stderr)
    {
        var text = stderr.AsSpan().TrimEnd();
        if (text.Length > ErrorTailChars)
        {
            text = text[^ErrorTailChars..];
            if (char.IsLowSurrogate(text[0]))
            {
                text = text[1..];
            }
        }

        return text.TrimStart().ToString();
    }

    /// <summary>The length of <paramref name="bytes"/> without an incomplete UTF-8 sequence at its end.</summary>
    internal static int WithoutPartialCharacter(ReadOnlySpan<byte> bytes)
    {
        for (var back = 1; back <= Math.Min(4, bytes.Length); back++)
        {
            var b = bytes[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? bytes.Length - back : bytes.Length;
        }

        return bytes.Length;
    }

    /// <summary>The first bytes of one output stream, up to a cap, and how many more there were.</summary>
    private sealed class OutputCapture(int limit)
    {
        private readonly Lock _gate = new();
        private byte[] _bytes = [];
        private int _length;
        private long _over;
        private bool _frozen;

        /// <summary>Keeps what fits and counts the rest; returns how many bytes were kept.</summary>
        public int Append(ReadOnlySpan<byte> bytes)
        {
            lock (_gate)
            {
                if (_frozen)
                {
                    return 0;
                }

                var kept = Math.Min(bytes.Length, limit - _length);
                if (kept > 0)
                {
                    if (_length + kept > _bytes.Length)
                    {
                        var grown = (int)Math.Min(limit, Math.Max((long)_length + kept, Math.Max(4096L, _bytes.Length * 2L)));
                        Array.Resize(ref _bytes, grown);
                    }

                    bytes[..kept].CopyTo(_bytes.AsSpan(_length));
                    _length += kept;
                }

                _over += bytes.Length - kept;
                return kept;
            }
        }

        /// <summary>Ignores whatever a reader still running appends (a pipe held open by an escaped child).</summary>
        public void Freeze()
        {
            lock (_gate)
            {
                _frozen = true;
            }
        }

        /// <summary>The text (invalid UTF-8 replaced), ending with a line that says how much was cut, if anything was.</summary>
        public string ToText(string name)
        {
            lock (_gate)
            {
                _frozen = true;
                var bytes = _bytes.AsSpan(0, _length);
                if (_over == 0)
                {
                    return Encoding.UTF8.GetString(bytes);
                }

                var text = Encoding.UTF8.GetString(bytes[..WithoutPartialCharacter(bytes)]);
                var separator = text.Length == 0 || text.EndsWith('\n') ? string.Empty : "\n";
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"{text}{separator}[{name} truncated: {_over} more bytes over the limit of {limit} bytes]");
            }
        }
    }

    /// <summary>Splits streamed stdout into lines and reports each: as progress when the client asked, else to the log.</summary>
    private sealed class LineReporter(ToolContext context, string command)
    {
        private readonly byte[] _line = new byte[MaxStreamedLineBytes];
        private int _length;
        private bool _cut;
        private long _count;
        private bool _failed;

        public void Append(ReadOnlySpan<byte> bytes)
        {
            while (!bytes.IsEmpty)
            {
                var newline = bytes.IndexOf((byte)'\n');
                Add(newline < 0 ? bytes : bytes[..newline]);
                if (newline < 0)
                {
                    return;
                }

                Emit();
                bytes = bytes[(newline + 1)..];
            }
        }

        /// <summary>Reports a last line that had no newline.</summary>
        public void Flush()
        {
            if (_length > 0 || _cut)
            {
                Emit();
            }
        }

        private void Add(ReadOnlySpan<byte> part)
        {
            var room = _line.Length - _length;
            if (part.Length > room)
            {
                _cut = true;
                part = part[..room];
            }

            part.CopyTo(_line.AsSpan(_length));
            _length += part.Length;
        }

        private void Emit()
        {
            var bytes = _line.AsSpan(0, _length);
            string text;
            if (_cut)
            {
                text = Encoding.UTF8.GetString(bytes[..WithoutPartialCharacter(bytes)]) + "…";
            }
            else
            {
                text = Encoding.UTF8.GetString(bytes.EndsWith((byte)'\r') ? bytes[..^1] : bytes);
            }

            _length = 0;
            _cut = false;
            _count++;
            if (_failed)
            {
                return;
            }

            try
            {
                if (context.CanReportProgress)
                {
                    context.ReportProgress(_count, message: text);
                }
                else
                {
                    // No progress token: each line reaches the client as a log message (filtered by logging/setLevel).
                    context.Log(Client.LogLevel.Info, text, logger: command);
                }
            }
            catch (Exception ex)
            {
                // The reader must go on draining the pipe whatever happens to a notification, or the child would block.
                _failed = true;
                context.ServerLog.Warning($"command '{command}': streaming its output stopped: {ex.Message}");
            }
        }
    }

    /// <summary>The structured content of a run that exited with code 0.</summary>
    private sealed record CliOutput(string Stdout, string Stderr, int ExitCode)
    {
        public static readonly StructuredWriter Writer = static (writer, value) =>
        {
            var output = (CliOutput)value;
            writer.WriteStartObject();
            writer.WriteString("stdout"u8, output.Stdout);
            writer.WriteString("stderr"u8, output.Stderr);
            writer.WriteNumber("exit_code"u8, output.ExitCode);
            writer.WriteEndObject();
        };
    }
}
