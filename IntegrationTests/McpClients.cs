using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace PForge.IntegrationTests;

/// <summary>Connects the official C# MCP client (ModelContextProtocol.Core) to a server process over stdio.</summary>
internal static class McpClients
{
    public static Task<McpClient> ConnectAsync(string command, IList<string>? arguments = null, McpClientOptions? options = null)
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = command,
            Arguments = arguments ?? [],
            Name = Path.GetFileName(command),
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        });
        options ??= new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "pforge-integration-tests", Version = "1.0.0" },
            InitializationTimeout = TimeSpan.FromSeconds(30),
        };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return McpClient.CreateAsync(transport, options, cancellationToken: cts.Token);
    }

    /// <summary>Connects over Streamable HTTP to a server started by <see cref="ServerProcess"/>, with a bearer token when given.</summary>
    public static Task<McpClient> ConnectHttpAsync(Uri endpoint, string? token = null)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = token is null ? null : new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return McpClient.CreateAsync(transport, new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "pforge-integration-tests", Version = "1.0.0" },
            InitializationTimeout = TimeSpan.FromSeconds(30),
        }, cancellationToken: cts.Token);
    }

    public static string Text(CallToolResult result) =>
        string.Join("\n", result.Content.OfType<TextContentBlock>().Select(b => b.Text));
}
