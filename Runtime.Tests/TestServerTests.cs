using System.Text;
using PForge.Runtime.Tests.Support;

namespace PForge.Runtime.Tests;

/// <summary>TestServer is the server generated from Support/test-server.yaml, with per-test options on top.</summary>
[TestClass]
public sealed class TestServerTests
{
    [TestMethod]
    public void ItsDefaultsAreThoseOfTheGeneratedServer()
    {
        var server = new TestServer();
        Assert.AreEqual(TestServer.DefaultInstructions, server.Generated.Instructions);
        Assert.AreEqual(server.Generated.Instructions, server.Instructions);
        Assert.AreEqual(server.Generated.DefaultTransport, server.DefaultTransport);
        Assert.AreEqual(server.Generated.MaxMessageBytes, server.MaxMessageBytes);
    }

    [TestMethod]
    public void ItsIdentityAndToolsAreThoseOfTheGeneratedServer()
    {
        var server = new TestServer();
        Assert.AreEqual(TestServer.ToolsList, Encoding.UTF8.GetString(server.Generated.ToolsListJson));
        Assert.AreEqual("""{"name":"test-server","version":"1.2.3"}""", Encoding.UTF8.GetString(server.ServerInfoJson));
        Assert.AreEqual((server.Generated.Name, server.Generated.Version), (server.Name, server.Version));
        Assert.AreEqual(server.Generated.FindTool("gate"), server.FindTool("gate"));
    }
}
