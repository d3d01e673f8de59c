// The ceiling of the Streamable HTTP benchmark: Kestrel with PForge's settings (slim builder, no configuration sources,
// no logging, no Server header) and one request delegate that finds the request's id and answers the bytes PForge
// answers for 6 x 7, with the same headers. wrk against it measures Kestrel, the sockets and the client alone: a server
// on Kestrel can only come below it.
//   CeilingHttp [--port N]   listens on 127.0.0.1:N/mcp (default 8080)
using System.Buffers;
using System.IO.Pipelines;
using System.Net;

var port = args is ["--port", var value] ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 8080;
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "CeilingHttp" });
builder.Configuration.Sources.Clear();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(options =>
{
    options.AddServerHeader = false;
    options.Listen(IPAddress.Loopback, port);
});
var app = builder.Build();
app.Run(Responder.AnswerAsync);
await app.RunAsync();

internal static class Responder
{
    private static readonly byte[] Head = """{"jsonrpc":"2.0","id":"""u8.ToArray();
    private static readonly byte[] InitializeResult = ""","result":{"protocolVersion":"2025-11-25","capabilities":{"tools":{}},"serverInfo":{"name":"ceiling","version":"1.0.0"}}}"""u8.ToArray();
    private static readonly byte[] CallResult = ""","result":{"content":[{"type":"text","text":"{\"result\":42}"}],"structuredContent":{"result":42}}}"""u8.ToArray();

    public static async Task AnswerAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        var reader = context.Request.BodyReader;
        ReadResult read;
        while (true)
        {
            read = await reader.ReadAsync(context.RequestAborted);
            if (read.IsCompleted)
            {
                break;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        var body = read.Buffer.IsSingleSegment ? read.Buffer.FirstSpan : read.Buffer.ToArray();
        var answer = Answer(body, out var initialize);
        reader.AdvanceTo(read.Buffer.End);
        if (answer is null)
        {
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        if (initialize)
        {
            context.Response.Headers["Mcp-Session-Id"] = "ceiling";
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = answer.Length;
        await context.Response.BodyWriter.WriteAsync(answer, context.RequestAborted);
    }

    /// <summary>The response to a request with a numeric id, or null for a notification.</summary>
    private static byte[]? Answer(ReadOnlySpan<byte> body, out bool initialize)
    {
        initialize = body.IndexOf("\"initialize\""u8) >= 0;
        var at = body.IndexOf("\"id\":"u8);
        if (at < 0)
        {
            return null;
        }

        var digits = body[(at + 5)..];
        var length = digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        var id = length < 0 ? digits : digits[..length];
        var result = initialize ? InitializeResult : CallResult;
        var answer = new byte[Head.Length + id.Length + result.Length];
        Head.CopyTo(answer, 0);
        id.CopyTo(answer.AsSpan(Head.Length));
        result.CopyTo(answer, Head.Length + id.Length);
        return answer;
    }
}
