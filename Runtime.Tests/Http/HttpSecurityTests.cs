using System.Net;
using PForge.Runtime.Http;
using PForge.Runtime.Settings;
using PForge.Runtime.Tests.Support;
using static PForge.Runtime.Tests.Http.StreamableHttpTests;

namespace PForge.Runtime.Tests.Http;

/// <summary>DNS-rebinding protection: the Host and Origin headers, as the conformance suite's scenario checks them.</summary>
[TestClass]
public sealed class HttpSecurityTests
{
    [TestMethod]
    public async Task ANonLocalHostIs403()
    {
        await using var http = await HttpHarness.StartAsync();

        // What the conformance suite sends: a foreign Host and the matching Origin.
        var reply = await http.PostAsync(SessionHarness.InitializeRequest, configure: request =>
        {
            request.Headers.Host = "evil.example.com";
            request.Headers.Add("Origin", "http://evil.example.com");
        });
        Assert.AreEqual(403, reply.Status);
        Assert.AreEqual(TransportError("Forbidden: Host 'evil.example.com' is not a local address (DNS rebinding protection)"), reply.Body);
        Assert.AreEqual(0, http.Server.SessionCount);
        StringAssert.Contains(http.Log, "refused a request: Forbidden: Host 'evil.example.com'");

        var withPort = await http.PostAsync(SessionHarness.InitializeRequest, configure: request => request.Headers.Host = "127.0.0.1.evil.example.com:80");
        Assert.AreEqual(403, withPort.Status);
    }

    [TestMethod]
    public async Task LocalHostsWithAnyPortAreServed()
    {
        await using var http = await HttpHarness.StartAsync();
        foreach (var host in new[] { $"localhost:{http.Url.Port}", "localhost", "127.0.0.1:1", "[::1]:8080", "LOCALHOST:9" })
        {
            var reply = await http.PostAsync(SessionHarness.InitializeRequest, configure: request =>
            {
                request.Headers.Host = host;
                request.Headers.Add("Origin", "http://" + host);
            });
            Assert.AreEqual(200, reply.Status, host);
        }
    }

    [TestMethod]
    public async Task AForeignOriginIs403UnlessAllowed()
    {
        await using var http = await HttpHarness.StartAsync(HttpSettings.Default with { Port = 0, AllowedOrigins = ["https://app.example.com"] });
        var evil = await http.PostAsync(SessionHarness.InitializeRequest, configure: request => request.Headers.Add("Origin", "https://evil.example.com"));
        Assert.AreEqual(403, evil.Status);
        Assert.AreEqual(TransportError("Forbidden: Origin 'https://evil.example.com' is not allowed"), evil.Body);

        foreach (var origin in new[] { "null", "http://localhost.evil.example.com", "file://localhost", "http://localhost:3000/path" })
        {
            var refused = await http.PostAsync(SessionHarness.InitializeRequest, configure: request => request.Headers.Add("Origin", origin));
            Assert.AreEqual(403, refused.Status, origin);
        }

        foreach (var origin in new[] { "https://app.example.com", "https://APP.example.com/", "http://localhost:3000", "https://127.0.0.1", "http://[::1]:5173" })
        {
            var allowed = await http.PostAsync(SessionHarness.InitializeRequest, configure: request => request.Headers.Add("Origin", origin));
            Assert.AreEqual(200, allowed.Status, origin);
        }
    }

    [TestMethod]
    public async Task BoundToEveryAddressTheHostIsNotCheckedButTheOriginIs()
    {
        await using var http = await HttpHarness.StartAsync(HttpSettings.Default with { Host = "0.0.0.0", Port = 0, AllowUnauthenticated = true });
        Assert.AreEqual("0.0.0.0", http.Url.Host);
        var local = new UriBuilder(http.Url) { Host = "127.0.0.1" }.Uri;

        using var foreignHost = http.Post(SessionHarness.InitializeRequest, configure: request =>
        {
            request.RequestUri = local;
            request.Headers.Host = "mcp.example.com";
        });
        Assert.AreEqual(200, (await http.SendAsync(foreignHost)).Status);

        using var foreignOrigin = http.Post(SessionHarness.InitializeRequest, configure: request =>
        {
            request.RequestUri = local;
            request.Headers.Add("Origin", "https://evil.example.com");
        });
        Assert.AreEqual(403, (await http.SendAsync(foreignOrigin)).Status);
    }

    [TestMethod]
    public void LocalAuthoritiesAreRecognizedExactly()
    {
        foreach (var local in new[] { "localhost", "localhost:1", "127.0.0.1", "127.0.0.1:65535", "[::1]", "[::1]:80", "LocalHost:8080" })
        {
            Assert.IsTrue(OriginGuard.IsLocalAuthority(local), local);
        }

        foreach (var foreign in new[] { "", "evil.example.com", "localhost.", "localhost:", "localhost:x", "localhost:123456", "127.0.0.2", "[::1", "[::2]:80", "127.0.0.1:80:80", "localhost@evil" })
        {
            Assert.IsFalse(OriginGuard.IsLocalAuthority(foreign), foreign);
        }
    }

    [TestMethod]
    public void BindAddressesAreIpAddressesOrLocalhost()
    {
        Assert.IsTrue(McpHttpServer.TryParseBindAddress("localhost", out var address));
        Assert.AreEqual(IPAddress.Loopback, address);
        Assert.IsTrue(McpHttpServer.TryParseBindAddress("[::1]", out address));
        Assert.AreEqual(IPAddress.IPv6Loopback, address);
        Assert.IsTrue(McpHttpServer.TryParseBindAddress("0.0.0.0", out address));
        Assert.AreEqual(IPAddress.Any, address);
        Assert.IsFalse(McpHttpServer.TryParseBindAddress("example.com", out _));
    }
}
