using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using PForge.Runtime.Protocol;
using PForge.Runtime.Tests.Support;
using PForge.Runtime.Tools;
using PForge.Runtime.Tools.Cli;

namespace PForge.Runtime.Tests;

/// <summary>
/// <see cref="CliRunner"/> with real processes: what reaches the child (argv, env, cwd, stdin), what comes back
/// (output, caps, exit codes) and how it is stopped (timeout, cancellation) with nothing left running.
/// </summary>
[TestClass]
[SupportedOSPlatform("linux")]
public sealed class CliRunnerTests
{
    [TestMethod]
    public async Task StdoutIsTheTextAndTheStructuredContentHasAllThree()
    {
        var result = await RunAsync(new CliInvocation { Command = "/bin/echo", Arguments = ["hello", "world"] });
        Assert.AreEqual(
            """{"content":[{"type":"text","text":"hello world\n"}],"structuredContent":{"stdout":"hello world\n","stderr":"","exit_code":0}}""",
            Write(result));
        Assert.AreEqual("hello world\n", result.TextContent);
        Assert.IsFalse(result.IsError);
    }

    [TestMethod]
    public async Task AProgramWithoutADirectoryIsFoundOnPath()
    {
        var result = await RunAsync(new CliInvocation { Command = "echo", Arguments = ["-n", "from PATH"] });
        Assert.AreEqual(
            """{"content":[{"type":"text","text":"from PATH"}],"structuredContent":{"stdout":"from PATH","stderr":"","exit_code":0}}""",
            Write(result));
    }

    [TestMethod]
    public async Task StderrOfASuccessfulRunIsInTheStructuredContent()
    {
        var result = await RunAsync(Sh("echo out; echo 'warn: \"careful\"' >&2"));
        Assert.AreEqual(
            """{"content":[{"type":"text","text":"out\n"}],"structuredContent":{"stdout":"out\n","stderr":"warn: \"careful\"\n","exit_code":0}}""",
            Write(result));
    }

    /// <summary>Everything a shell would interpret reaches the program as one literal argument each.</summary>
    [TestMethod]
    public async Task InjectionAttemptsReachTheProcessAsLiteralSingleArguments()
    {
        string[] hostile =
        [
            "; rm -rf /", "$(id)", "`id`", "a\nb", "--flag", "-n", "*", "", "$HOME", "a b  c", "'single'", "\"double\"",
            "| cat /etc/passwd", "&& echo pwned", "> /tmp/pforge-pwned", "\\", "${PATH}", "~", "a\tb", "é ✓ 😀",
        ];
        var result = await RunAsync(new CliInvocation { Command = "/usr/bin/printf", Arguments = ["[%s]\n", .. hostile] });
        Assert.IsFalse(result.IsError, result.TextContent);
        Assert.AreEqual(string.Concat(hostile.Select(static a => "[" + a + "]\n")), result.TextContent);
        Assert.IsFalse(File.Exists("/tmp/pforge-pwned"));

        // Counted by the program itself: exactly one argv element each, none split, none dropped (the empty one included).
        var counted = await RunAsync(new CliInvocation
        {
            Command = "/bin/sh",
            Arguments = ["-c", "printf '%s\\n' \"$#\"; for a in \"$@\"; do printf '<%s>' \"$a\"; done", "sh", .. hostile],
        });
        Assert.AreEqual(
            hostile.Length.ToString(CultureInfo.InvariantCulture) + "\n" + string.Concat(hostile.Select(static a => "<" + a + ">")),
            counted.TextContent);
    }

    [TestMethod]
    public async Task ArgumentsTheOperatingSystemCannotCarryAreRefused()
    {
        var result = await RunAsync(new CliInvocation { Command = "/bin/echo", Arguments = ["ok", "cut\0here"] });
        Assert.AreEqual(
            """{"content":[{"type":"text","text":"Command '/bin/echo' could not be started: argument 2 contains a NUL character, which a process argument cannot hold"}],"isError":true}""",
            Write(result));
    }

    [TestMethod]
    public async Task TheEnvironmentIsTheServersPlusTheDeclaredVariables()
    {
        // Set in this process only (the name is this test's own): the child must inherit it.
        Environment.SetEnvironmentVariable("PFORGE_CLI_TEST_INHERITED", "inherited value");
        Environment.SetEnvironmentVariable("PFORGE_CLI_TEST_OVERRIDDEN", "server value");
        var result = await RunAsync(new CliInvocation
        {
            Command = "/bin/sh",
            Arguments = ["-c", "printf '%s|%s|%s|%s|%s' \"$PFORGE_CLI_TEST_INHERITED\" \"$PFORGE_CLI_TEST_OVERRIDDEN\" \"$PFORGE_CLI_TEST_DECLARED\" \"${PFORGE_CLI_TEST_EMPTY-unset}\" \"${PATH:+has PATH}\""],
            Environment =
            [
                new("PFORGE_CLI_TEST_OVERRIDDEN", "declared value"),
                new("PFORGE_CLI_TEST_DECLARED", "$(id); `id` $HOME"),
                new("PFORGE_CLI_TEST_EMPTY", ""),
            ],
        });
        Assert.AreEqual("inherited value|declared value|$(id); `id` $HOME||has PATH", result.TextContent);
        Assert.AreEqual("server value", Environment.GetEnvironmentVariable("PFORGE_CLI_TEST_OVERRIDDEN"), "the server's own environment is untouched");
    }

    [TestMethod]
    public async Task AnEnvironmentValueNeverAppearsInAnError()
    {
        var result = await RunAsync(new CliInvocation
        {
            Command = "/bin/echo",
            Arguments = [],
            Environment = [new("API_TOKEN", "s3cr3t\0tail")],
        });
        Assert.AreEqual(
            """{"content":[{"type":"text","text":"Command '/bin/echo' could not be started: the value of environment variable 'API_TOKEN' contains a NUL character"}],"isError":true}""",
            Write(result));

        var failed = await RunAsync(new CliInvocation
        {
            Command = "pforge-no-such-command",
            Arguments = [],
            Environment = [new("API_TOKEN", "s3cr3t")],
        });
        Assert.DoesNotContain("s3cr3t", Write(failed));

        var timedOut = await RunAsync(new CliInvocation
        {
            Command = "/bin/sleep",
            Arguments = ["5"],
            Environment = [new("API_TOKEN", "s3cr3t")],
            Timeout = TimeSpan.FromMilliseconds(100),
        });
        Assert.DoesNotContain("s3cr3t", Write(timedOut));
    }

    [TestMethod]
    public async Task TheWorkingDirectoryIsUsedWhenGiven()
    {
        var directory = Directory.CreateTempSubdirectory("pforge-cli-cwd-");
        try
        {
            var result = await RunAsync(new CliInvocation { Command = "/bin/pwd", Arguments = ["-P"], WorkingDirectory = directory.FullName });
            Assert.AreEqual(new DirectoryInfo(directory.FullName).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? directory.FullName, result.TextContent!.TrimEnd('\n'));

            var missing = await RunAsync(new CliInvocation { Command = "/bin/pwd", Arguments = [], WorkingDirectory = Path.Combine(directory.FullName, "missing") });
            Assert.AreEqual(
                """{"content":[{"type":"text","text":"Command '/bin/pwd' could not be started: its working directory does not exist"}],"isError":true}""",
                Write(missing));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [TestMethod]
    public async Task StdinIsClosedAtOnce()
    {
        // cat would wait forever on an open stdin, and would read the protocol from the server's.
        var watch = Stopwatch.StartNew();
        var cat = await RunAsync(new CliInvocation { Command = "/bin/cat", Arguments = [], Timeout = TimeSpan.FromSeconds(5) });
        Assert.AreEqual(
            """{"content":[{"type":"text","text":""}],"structuredContent":{"stdout":"","stderr":"","exit_code":0}}""",
            Write(cat));
        Assert.IsLessThan(TimeSpan.FromSeconds(4), watch.Elapsed);

        var read = await RunAsync(Sh("if read line; then echo \"read: $line\"; else echo 'end of input'; fi"));
        Assert.AreEqual("end of input\n", read.TextContent);
    }

    [TestMethod]
    public async Task ANonZeroExitIsAnErrorWithTheEndOfStderr()
    {
        var result = await RunAsync(new CliInvocation { Command = "ls", Arguments = ["/nonexistent-pforge"], Environment = [new("LC_ALL", "C")] });
        Assert.AreEqual(
            """{"content":[{"type":"text","text":"Command 'ls' exited with code 2: ls: cannot access '/nonexistent-pforge': No such file or directory"}],"isError":true}""",
            Write(result));

        var silent = await RunAsync(Sh("echo 'stdout is not quoted'; exit 3"));
        Assert.AreEqual(
            """{"content":[{"type":"text","text":"Command '/bin/sh' exited with code 3 and wrote nothing to stderr"}],"isError":true}""",
            Write(silent));

        var blank = await RunAsync(Sh("printf '  \\n\\t\\n' >&2; exit 1"));
        Assert.AreEqual("Command '/bin/sh' exited with code 1 and wrote nothing to stderr", blank.TextContent);
    }

    [TestMethod]
    public async Task OnlyTheLast2000CharactersOfStderrAreQuoted()
    {
        var result = await RunAsync(Sh("head -c 5000 /dev/zero | tr '\\000' a >&2; printf 'END\\n\\n' >&2; exit 1"));
        Assert.AreEqual("Command '/bin/sh' exited with code 1: " + new string('a', 1997) + "END", result.TextContent);
        Assert.IsTrue(result.IsError);
    }

    [TestMethod]
    public async Task AProgramThatIsNotFoundCouldNotBeStarted()
    {
        var result = await RunAsync(new CliInvocation { Command = "pforge-no-such-command", Arguments = ["x"] });
        Assert.AreEqual(
            """{"content":[{"type":"text","text":"Command 'pforge-no-such-command' could not be started: No such file or directory"}],"isError":true}""",
            Write(result));

        var path = await RunAsync(new CliInvocation { Command = "/nonexistent-pforge/tool", Arguments = [] });
        Assert.AreEqual("Command '/nonexistent-pforge/tool' could not be started: No such file or directory", path.TextContent);
    }

    [TestMethod]
    public async Task AFileThatIsNotExecutableCouldNotBeStarted()
    {
        var file = Path.Combine(Path.GetTempPath(), "pforge-not-executable-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(file, "#!/bin/sh\necho should not run\n");
        try
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var result = await RunAsync(new CliInvocation { Command = file, Arguments = [] });
            Assert.AreEqual($"Command '{file}' could not be started: Permission denied", result.TextContent);
            Assert.IsTrue(result.IsError);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestMethod]
    public async Task InvalidUtf8IsReplaced()
    {
        var result = await RunAsync(new CliInvocation { Command = "/usr/bin/printf", Arguments = ["ok\\377\\376ok"] });
        Assert.AreEqual("ok\uFFFD\uFFFDok", result.TextContent);
    }

    [TestMethod]
    public async Task StdoutOverTheCapIsCutAndSaysSo()
    {
        // 3 MB through a 1000-byte cap: the child is never blocked (it would time out), the rest is counted.
        var result = await RunAsync(Sh("yes 2>/dev/null | head -c 3000000", maxOutputBytes: 1000));
        var expected = string.Concat(Enumerable.Repeat("y\n", 500)) + "[stdout truncated: 2999000 more bytes over the limit of 1000 bytes]";
        Assert.AreEqual(expected, result.TextContent);
        var json = string.Concat(Enumerable.Repeat("y\\n", 500)) + "[stdout truncated: 2999000 more bytes over the limit of 1000 bytes]";
        Assert.AreEqual(
            "{\"content\":[{\"type\":\"text\",\"text\":\"" + json + "\"}],\"structuredContent\":{\"stdout\":\"" + json + "\",\"stderr\":\"\",\"exit_code\":0}}",
            Write(result));
    }

    [TestMethod]
    public async Task TheDefaultCapIsOneMebibyte()
    {
        var result = await RunAsync(new CliInvocation { Command = "/usr/bin/head", Arguments = ["-c", "3000000", "/dev/zero"] });
        Assert.AreEqual(new string('\0', 1 << 20) + "\n[stdout truncated: 1951424 more bytes over the limit of 1048576 bytes]", result.TextContent);
    }

    [TestMethod]
    public async Task StderrOverTheCapIsCutAndSaysSo()
    {
        var result = await RunAsync(Sh("yes err 2>/dev/null | head -c 3000000 >&2; echo done", maxOutputBytes: 10));
        Assert.AreEqual(
            """{"content":[{"type":"text","text":"done\n"}],"structuredContent":{"stdout":"done\n","stderr":"err\nerr\ner\n[stderr truncated: 2999990 more bytes over the limit of 10 bytes]","exit_code":0}}""",
            Write(result));

        var failed = await RunAsync(Sh("yes err 2>/dev/null | head -c 3000000 >&2; exit 4", maxOutputBytes: 10));
        Assert.AreEqual(
            "Command '/bin/sh' exited with code 4: err\nerr\ner\n[stderr truncated: 2999990 more bytes over the limit of 10 bytes]",
            failed.TextContent);
    }

    [TestMethod]
    public async Task TheCapNeverEndsTextInsideACharacter()
    {
        var result = await RunAsync(new CliInvocation { Command = "/usr/bin/printf", Arguments = ["ééé"], MaxOutputBytes = 3 });
        Assert.AreEqual("é\n[stdout truncated: 3 more bytes over the limit of 3 bytes]", result.TextContent);

        var nothing = await RunAsync(new CliInvocation { Command = "/usr/bin/printf", Arguments = ["abc"], MaxOutputBytes = 0 });
        Assert.AreEqual("[stdout truncated: 3 more bytes over the limit of 0 bytes]", nothing.TextContent);

        var exact = await RunAsync(new CliInvocation { Command = "/usr/bin/printf", Arguments = ["abc"], MaxOutputBytes = 3 });
        Assert.AreEqual("abc", exact.TextContent);
    }

    [TestMethod]
    public async Task ATimeoutKillsTheWholeProcessTree()
    {
        var marker = NewMarker();
        var watch = Stopwatch.StartNew();
        var run = CliRunner.RunAsync(
            Sh($"sleep {marker} & sleep {marker}; wait", timeout: TimeSpan.FromMilliseconds(1500)),
            new ToolContext()).AsTask();

        // The shell and both sleeps, before the timeout.
        await WaitUntilAsync(() => ProcessesWith(marker).Count == 3, $"three processes with {marker}");
        var result = await run.WaitAsync(TestTimeouts.Wait);
        Assert.AreEqual(
            """{"content":[{"type":"text","text":"Command '/bin/sh' timed out after 1500 ms; its process tree was killed"}],"isError":true}""",
            Write(result));
        Assert.IsLessThan(TimeSpan.FromSeconds(8), watch.Elapsed);
        await WaitUntilAsync(() => ProcessesWith(marker).Count == 0, $"no process with {marker} left");
    }

    [TestMethod]
    public async Task CancellingTheCallKillsTheWholeProcessTree()
    {
        var marker = NewMarker();
        var context = new ToolContext();
        var run = CliRunner.RunAsync(Sh($"sleep {marker} & sleep {marker}; wait", timeout: TimeSpan.FromMinutes(5)), context).AsTask();
        await WaitUntilAsync(() => ProcessesWith(marker).Count == 3, $"three processes with {marker}");
        Assert.IsFalse(run.IsCompleted);

        context.Cancel();
        var result = await run.WaitAsync(TestTimeouts.Wait);
        Assert.AreEqual(
            """{"content":[{"type":"text","text":"Command '/bin/sh' was cancelled; its process tree was killed"}],"isError":true}""",
            Write(result));
        await WaitUntilAsync(() => ProcessesWith(marker).Count == 0, $"no process with {marker} left");
    }

    [TestMethod]
    public async Task ACallCancelledBeforeItStartsStartsNothing()
    {
        var context = new ToolContext();
        context.Cancel();
        var result = await RunAsync(new CliInvocation { Command = "/bin/echo", Arguments = [] }, context);
        Assert.AreEqual("The call was cancelled.", result.TextContent);
        Assert.IsTrue(result.IsError);
    }

    [TestMethod]
    public async Task AChildLeftHoldingTheOutputIsWaitedForUntilTheTimeout()
    {
        // The shell exits at once, but the sleep it left in the background keeps stdout open: the output is not over
        // until it closes, and at the timeout the sleep (no longer in the shell's tree) is found by the pipe and killed.
        var marker = NewMarker();
        var result = await RunAsync(Sh($"echo started; sleep {marker} & exit 0", timeout: TimeSpan.FromMilliseconds(700)));
        Assert.AreEqual("Command '/bin/sh' timed out after 700 ms; its process tree was killed", result.TextContent);
        await WaitUntilAsync(() => ProcessesWith(marker).Count == 0, $"no process with {marker} left");
    }

    [TestMethod]
    public async Task StreamingWithoutAProgressTokenOnlyReturnsTheOutput()
    {
        var result = await RunAsync(new CliInvocation { Command = "/usr/bin/printf", Arguments = ["%s\\n", "a", "b"], Stream = true });
        Assert.AreEqual(
            """{"content":[{"type":"text","text":"a\nb\n"}],"structuredContent":{"stdout":"a\nb\n","stderr":"","exit_code":0}}""",
            Write(result));
    }

    [TestMethod]
    public void InvalidInvocationsAreRefusedBeforeAnythingStarts()
    {
        static string Run(CliInvocation invocation) => CliRunner.RunAsync(invocation, new ToolContext()).AsTask().Result.TextContent!;

        Assert.AreEqual("Command '' could not be started: no command is given", Run(new CliInvocation { Command = "", Arguments = [] }));
        Assert.AreEqual(
            "Command '/bin/echo' could not be started: 'A=B' is not a valid environment variable name",
            Run(new CliInvocation { Command = "/bin/echo", Arguments = [], Environment = [new("A=B", "x")] }));
        Assert.AreEqual(
            "Command '/bin/echo' could not be started: its timeout is not positive",
            Run(new CliInvocation { Command = "/bin/echo", Arguments = [], Timeout = TimeSpan.Zero }));
        Assert.AreEqual(
            "Command '/bin/echo' could not be started: its output limit is negative",
            Run(new CliInvocation { Command = "/bin/echo", Arguments = [], MaxOutputBytes = -1 }));
        Assert.ThrowsExactly<ArgumentNullException>(() => CliRunner.RunAsync(null!, new ToolContext()));
        Assert.ThrowsExactly<ArgumentNullException>(() => CliRunner.RunAsync(new CliInvocation { Command = "x", Arguments = [] }, null!));
    }

    [TestMethod]
    public void TheErrorTailNeverStartsInsideASurrogatePair()
    {
        var text = "x" + string.Concat(Enumerable.Repeat("😀", 1000)) + "\n";
        var tail = CliRunner.ErrorTail(text);
        Assert.AreEqual(string.Concat(Enumerable.Repeat("😀", 1000)), tail);
        var odd = CliRunner.ErrorTail(string.Concat(Enumerable.Repeat("😀", 1000)) + "z");
        Assert.AreEqual(1999, odd.Length);
        Assert.IsTrue(char.IsHighSurrogate(odd[0]));
        Assert.EndsWith("😀z", odd);
    }

    internal static CliInvocation Sh(string script, TimeSpan? timeout = null, int maxOutputBytes = CliInvocation.DefaultMaxOutputBytes) => new()
    {
        Command = "/bin/sh",
        Arguments = ["-c", script],
        Timeout = timeout ?? TestTimeouts.Wait,
        MaxOutputBytes = maxOutputBytes,
    };

    /// <summary>A number no other test uses, for <c>sleep</c> to carry on its command line.</summary>
    internal static string NewMarker() =>
        "61." + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);

    /// <summary>Live (not zombie) processes whose command line contains <paramref name="marker"/>.</summary>
    internal static List<int> ProcessesWith(string marker)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(directory, "cmdline")));
                if (!commandLine.Contains(marker, StringComparison.Ordinal))
                {
                    continue;
                }

                // "pid (name) state ...": a zombie is dead, only not reaped yet.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
                if (state is not ("Z" or "X"))
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while being looked at.
            }
        }

        return found;
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > TestTimeouts.Wait)
            {
                Assert.Fail($"not within {TestTimeouts.Wait}: {what}");
            }

            await Task.Delay(20);
        }
    }

    private static async Task<ToolResult> RunAsync(CliInvocation invocation, ToolContext? context = null) =>
        await CliRunner.RunAsync(invocation, context ?? new ToolContext()).AsTask().WaitAsync(TestTimeouts.Wait);

    private static string Write(ToolResult result)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, JsonScratch.WriterOptions))
        {
            result.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
