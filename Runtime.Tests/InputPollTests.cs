using System.IO.Pipes;
using PForge.Runtime.Transports;

namespace PForge.Runtime.Tests;

[TestClass]
public sealed class InputPollTests
{
    [TestMethod]
    public void TheSpinEndsWhenInputArrivesAndGivesUpAfterItsBudget()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("poll() is a POSIX call; Windows reads without spinning");
        }

        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        using var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);
        var fd = (int)client.SafePipeHandle.DangerousGetHandle();

        Assert.IsFalse(InputPoll.SpinUntilReadable(fd));

        server.Write("x\n"u8);
        server.Flush();
        Assert.IsTrue(InputPoll.SpinUntilReadable(fd));
        var buffer = new byte[2];
        Assert.AreEqual(2, client.Read(buffer));

        server.Dispose();
        Assert.IsTrue(InputPoll.SpinUntilReadable(fd), "the end of input is readable: a read returns 0 at once");
    }
}
