using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PForge.Runtime.Transports;

/// <summary>
/// Waits briefly, without sleeping, for input on a file descriptor: on an idle virtual machine a thread that blocks in
/// read() at once is woken tens of microseconds late, which is most of a request's round trip over stdio.
/// </summary>
internal static partial class InputPoll
{
    /// <summary>How long a reader spins for the next message before it blocks.</summary>
    public static readonly TimeSpan SpinBudget = TimeSpan.FromMicroseconds(50);

    private const short PollIn = 0x001;

    private static bool s_unavailable = OperatingSystem.IsWindows();

    /// <summary>Spins until <paramref name="fd"/> has input or <see cref="SpinBudget"/> passed; false also where poll() is missing.</summary>
    public static bool SpinUntilReadable(int fd)
    {
        if (s_unavailable)
        {
            return false;
        }

        var start = Stopwatch.GetTimestamp();
        var spinner = default(SpinWait);
        try
        {
            do
            {
                var poll = new PollFd { Fd = fd, Events = PollIn };
                if (Poll(ref poll, 1, 0) != 0)
                {
                    // Readable, at end of input, or an error: a read now returns without waiting either way.
                    return true;
                }

                spinner.SpinOnce(sleep1Threshold: -1);
            }
            while (Stopwatch.GetElapsedTime(start) < SpinBudget);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            s_unavailable = true;
        }

        return false;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "poll")]
    private static partial int Poll(ref PollFd fds, nuint count, int timeout);
}
