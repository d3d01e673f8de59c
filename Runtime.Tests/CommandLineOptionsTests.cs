using PForge.Runtime.Hosting;
using PForge.Runtime.Settings;
using PForge.Runtime.Telemetry;

namespace PForge.Runtime.Tests;

[TestClass]
public sealed class CommandLineOptionsTests
{
    [TestMethod]
    public void NoArgumentsLeaveEverythingToDefaults()
    {
        var options = Parse();
        Assert.AreEqual(new CommandLineOptions(), options);
        Assert.IsFalse(options.ShowHelp);
        Assert.IsFalse(options.ShowVersion);
        Assert.IsNull(options.Transport);
        Assert.IsNull(options.Host);
        Assert.IsNull(options.Port);
        Assert.IsNull(options.LogLevel);
    }

    [TestMethod]
    [DataRow("--help")]
    [DataRow("-h")]
    [DataRow("-?")]
    public void HelpIsRecognized(string arg) => Assert.IsTrue(Parse(arg).ShowHelp);

    [TestMethod]
    public void VersionIsRecognized()
    {
        var options = Parse("--version");
        Assert.IsTrue(options.ShowVersion);
        Assert.IsFalse(options.ShowHelp);
    }

    [TestMethod]
    [DataRow("stdio")]
    [DataRow("http")]
    public void TransportTakesStdioOrHttp(string transport)
    {
        Assert.AreEqual(transport, Parse("--transport", transport).Transport);
        Assert.AreEqual(transport, Parse("--transport=" + transport).Transport);
    }

    [TestMethod]
    public void ABadTransportIsAnError()
    {
        Assert.AreEqual("--transport must be 'stdio' or 'http', not 'bad'", Fail("--transport", "bad"));
        Assert.AreEqual("--transport must be 'stdio' or 'http', not 'STDIO'", Fail("--transport=STDIO"));
        Assert.AreEqual("--transport must be 'stdio' or 'http', not ''", Fail("--transport"));
    }

    [TestMethod]
    public void PortTakesANumberFrom0To65535()
    {
        Assert.AreEqual(8080, Parse("--port", "8080").Port);
        Assert.AreEqual(0, Parse("--port=0").Port);
        Assert.AreEqual(65535, Parse("--port", "65535").Port);
    }

    [TestMethod]
    [DataRow("abc")]
    [DataRow("65536")]
    [DataRow("-1")]
    [DataRow("+80")]
    [DataRow(" 80")]
    [DataRow("80.0")]
    [DataRow("")]
    public void ABadPortIsAnError(string port) =>
        Assert.AreEqual($"--port must be a number from 0 to 65535, not '{port}'", Fail("--port", port));

    [TestMethod]
    public void APortWithoutAValueIsAnError() =>
        Assert.AreEqual("--port must be a number from 0 to 65535, not ''", Fail("--port"));

    [TestMethod]
    public void HostTakesAnAddress()
    {
        Assert.AreEqual("0.0.0.0", Parse("--host", "0.0.0.0").Host);
        Assert.AreEqual("::1", Parse("--host=::1").Host);
        Assert.AreEqual("--host needs an address", Fail("--host"));
        Assert.AreEqual("--host needs an address", Fail("--host", " "));
    }

    [TestMethod]
    [DataRow("debug")]
    [DataRow("info")]
    [DataRow("warning")]
    [DataRow("error")]
    [DataRow("none")]
    public void LogLevelTakesAKnownLevel(string level) => Assert.AreEqual(level, Parse("--log-level", level).LogLevel);

    [TestMethod]
    public void ABadLogLevelIsAnError() =>
        Assert.AreEqual("--log-level must be debug, info, warning, error or none, not 'trace'", Fail("--log-level=trace"));

    [TestMethod]
    [DataRow("--bogus")]
    [DataRow("--bogus=1")]
    [DataRow("stdio")]
    [DataRow("-v")]
    [DataRow("--")]
    public void AnUnknownOptionIsAnError(string arg) => Assert.AreEqual($"unknown option '{arg}'", Fail(arg));

    [TestMethod]
    public void OptionsCombine()
    {
        var options = Parse("--transport", "http", "--host", "localhost", "--port=9000", "--log-level", "debug");
        Assert.AreEqual(new CommandLineOptions { Transport = "http", Host = "localhost", Port = 9000, LogLevel = "debug" }, options);
    }

    [TestMethod]
    [DataRow("memory")]
    [DataRow("sqlite")]
    [DataRow("redis")]
    public void StateBackendTakesAKnownBackend(string backend)
    {
        Assert.AreEqual(backend, Parse("--state-backend", backend).StateBackend);
        Assert.AreEqual(backend, Parse("--state-backend=" + backend).StateBackend);
    }

    [TestMethod]
    public void ABadStateBackendOrAnEmptyStatePathIsAnError()
    {
        Assert.AreEqual("--state-backend must be memory, sqlite or redis, not 'sled'", Fail("--state-backend", "sled"));
        Assert.AreEqual("--state-backend must be memory, sqlite or redis, not ''", Fail("--state-backend"));
        Assert.AreEqual("--state-path needs a file or a redis connection string", Fail("--state-path"));
        Assert.AreEqual("--state-path needs a file or a redis connection string", Fail("--state-path= "));
    }

    [TestMethod]
    public void StatePathIsTakenAsWritten()
    {
        Assert.AreEqual("127.0.0.1:6379,password=x=y", Parse("--state-path=127.0.0.1:6379,password=x=y").StatePath);
        Assert.AreEqual("data/state.db", Parse("--state-path", "data/state.db").StatePath);
    }

    [TestMethod]
    public void MaxMessageBytesTakesAWholeNumberOfBytesFrom1KiBTo1GiB()
    {
        Assert.AreEqual(1024, Parse("--max-message-bytes", "1024").MaxMessageBytes);
        Assert.AreEqual(65536, Parse("--max-message-bytes=65536").MaxMessageBytes);
        Assert.AreEqual(1073741824, Parse("--max-message-bytes", "1073741824").MaxMessageBytes);
        Assert.IsNull(Parse().MaxMessageBytes);
    }

    [TestMethod]
    [DataRow("1023")]
    [DataRow("1073741825")]
    [DataRow("99999999999")]
    [DataRow("0")]
    [DataRow("-4096")]
    [DataRow("+4096")]
    [DataRow("4096.0")]
    [DataRow("16MiB")]
    [DataRow("4 096")]
    [DataRow("")]
    public void ABadMaxMessageBytesIsAnError(string value) =>
        Assert.AreEqual($"--max-message-bytes must be a whole number of bytes from 1024 to 1073741824, not '{value}'", Fail("--max-message-bytes", value));

    [TestMethod]
    public void AMaxMessageBytesWithoutAValueIsAnError() =>
        Assert.AreEqual("--max-message-bytes must be a whole number of bytes from 1024 to 1073741824, not ''", Fail("--max-message-bytes"));

    [TestMethod]
    public void TheCommandLineLimitWinsOverTheEnvironmentWhichWinsOverTheServers()
    {
        static string? Environment(string name) => name == MessageLimit.Variable ? "8192" : null;
        Assert.AreEqual(2048, MessageLimit.Override(Parse("--max-message-bytes", "2048").MaxMessageBytes, Environment, out var problem));
        Assert.IsNull(problem);
        Assert.AreEqual(8192, MessageLimit.Override(Parse().MaxMessageBytes, Environment, out problem));
        Assert.IsNull(problem);
        Assert.IsNull(MessageLimit.Override(Parse().MaxMessageBytes, static _ => null, out problem));
        Assert.IsNull(problem);
        Assert.IsNull(MessageLimit.Override(Parse().MaxMessageBytes, static _ => string.Empty, out problem));
        Assert.IsNull(problem);
    }

    [TestMethod]
    public void TheLogLevelComesFromTheCommandLineThenTheEnvironmentThenTheServer()
    {
        static string? Environment(string name) => name == ServerLog.LevelVariable ? "info" : null;
        Assert.AreEqual(ServerLogLevel.Debug, ServerLog.ResolveLevel("debug", Environment, "error", out var problem));
        Assert.IsNull(problem);
        Assert.AreEqual(ServerLogLevel.Info, ServerLog.ResolveLevel(null, Environment, "error", out problem));
        Assert.AreEqual(ServerLogLevel.Error, ServerLog.ResolveLevel(null, static _ => string.Empty, "error", out problem));
        Assert.AreEqual(ServerLogLevel.Warning, ServerLog.ResolveLevel(null, static _ => null, null, out problem));
        Assert.IsNull(problem);
    }

    [TestMethod]
    [DataRow("verbose")]
    [DataRow("DEBUG")]
    [DataRow(" info")]
    public void ABadEnvironmentLogLevelIsAProblemUnlessTheCommandLineGivesOne(string value)
    {
        Assert.IsNull(ServerLog.ResolveLevel(null, _ => value, "info", out var problem));
        Assert.AreEqual($"PFORGE_LOG_LEVEL must be debug, info, warning, error or none, not '{value}'", problem);
        Assert.AreEqual(ServerLogLevel.None, ServerLog.ResolveLevel("none", _ => value, "info", out problem));
        Assert.IsNull(problem);
    }

    [TestMethod]
    [DataRow("lots")]
    [DataRow("512")]
    [DataRow("2147483648")]
    public void ABadEnvironmentLimitIsAProblemUnlessTheCommandLineGivesOne(string value)
    {
        Assert.IsNull(MessageLimit.Override(Parse().MaxMessageBytes, _ => value, out var problem));
        Assert.AreEqual($"PFORGE_MAX_MESSAGE_BYTES must be a whole number of bytes from 1024 to 1073741824, not '{value}'", problem);
        Assert.AreEqual(4096, MessageLimit.Override(Parse("--max-message-bytes=4096").MaxMessageBytes, _ => value, out problem));
        Assert.IsNull(problem);
    }

    [TestMethod]
    public void TheFirstMistakeIsReported() =>
        Assert.AreEqual("unknown option '--one'", Fail("--transport", "stdio", "--one", "--two"));

    [TestMethod]
    public void UsageNamesTheServerAndEveryOption()
    {
        var usage = CommandLineOptions.Usage("my-server");
        StringAssert.StartsWith(usage, "Usage: my-server [options]");
        foreach (var option in new[] { "--transport", "--host", "--port", "--log-level", "--state-backend", "--state-path", "--max-message-bytes", "--version", "--help" })
        {
            StringAssert.Contains(usage, option);
        }
    }

    private static CommandLineOptions Parse(params string[] args)
    {
        var options = CommandLineOptions.Parse(args, out var error);
        Assert.IsNull(error);
        Assert.IsNotNull(options);
        return options;
    }

    private static string Fail(params string[] args)
    {
        var options = CommandLineOptions.Parse(args, out var error);
        Assert.IsNull(options);
        Assert.IsNotNull(error);
        return error;
    }
}
