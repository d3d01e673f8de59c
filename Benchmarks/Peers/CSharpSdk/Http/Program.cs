using System.Globalization;
using CSharpSdkPeer;

// The SDK's documented Streamable HTTP server (WithHttpTransport + MapMcp) on the slim builder, logging off, bound to
// loopback like PForge's. Stateful sessions (Mcp-Session-Id) like PForge's and the TypeScript peer's, unless
// --stateless is given (the SDK's own default since revision 2026-07-28).
var port = 8080;
var stateless = args.Contains("--stateless");
for (var i = 0; i + 1 < args.Length; i++)
{
    if (args[i] is "--port" or "port")
    {
        port = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    }
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
builder.Services
    .AddMcpServer(options => options.ServerInfo = new() { Name = "calculator", Version = "1.0.0" })
    .WithHttpTransport(options => options.Stateless = stateless)
    .WithTools<CalculatorTool>(PeerJson.Options);
var app = builder.Build();
app.MapMcp("/mcp");
await Console.Error.WriteLineAsync($"calculator: listening on http://127.0.0.1:{port}/mcp").ConfigureAwait(false);
await app.RunAsync().ConfigureAwait(false);
