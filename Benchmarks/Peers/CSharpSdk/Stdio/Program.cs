using CSharpSdkPeer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The SDK's documented minimal stdio server; logging off (stdout carries the protocol, and PForge logs nothing at info).
var builder = Host.CreateEmptyApplicationBuilder(settings: null);
builder.Logging.ClearProviders();
builder.Services
    .AddMcpServer(options => options.ServerInfo = new() { Name = "calculator", Version = "1.0.0" })
    .WithStdioServerTransport()
    .WithTools<CalculatorTool>(PeerJson.Options);
await builder.Build().RunAsync().ConfigureAwait(false);
