using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PForge.Runtime.Settings;

namespace PForge.Runtime.Http.Auth;

/// <summary>
/// RFC 9728 protected resource metadata: which authorization servers issue tokens for this server and which scopes
/// it knows. Served at <c>/.well-known/oauth-protected-resource</c> and with the endpoint's path appended.
/// </summary>
internal static class ProtectedResourceMetadata
{
    public const string WellKnown = "/.well-known/oauth-protected-resource";

    /// <summary>True for the root form and for the form suffixed with the MCP path (or the configured resource's path).</summary>
    public static bool IsPath(string? path, string mcpPath, string? resource)
    {
        if (path is null || !path.StartsWith(WellKnown, StringComparison.Ordinal))
        {
            return false;
        }

        var suffix = path.AsSpan(WellKnown.Length).TrimEnd('/');
        return suffix.IsEmpty
            || suffix.Equals(mcpPath.AsSpan().TrimEnd('/'), StringComparison.Ordinal)
            || (resource is not null && Uri.TryCreate(resource, UriKind.Absolute, out var uri) && suffix.Equals(uri.AbsolutePath.AsSpan().TrimEnd('/'), StringComparison.Ordinal));
    }

    public static Task WriteAsync(HttpContext context, AuthSettings settings, string resource, string serverName)
    {
        if (context.Request.Method is not ("GET" or "HEAD"))
        {
            context.Response.Headers.Allow = "GET";
            return HttpErrors.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "Method Not Allowed: use GET");
        }

        using var scratch = Protocol.JsonScratch.Rent();
        var writer = scratch.Writer;
        writer.WriteStartObject();
        writer.WriteString("resource"u8, resource);
        writer.WriteStartArray("authorization_servers"u8);
        foreach (var issuer in settings.OAuth!.Issuers)
        {
            writer.WriteStringValue(issuer);
        }

        writer.WriteEndArray();
        if (settings.ScopesSupported.Count > 0)
        {
            writer.WriteStartArray("scopes_supported"u8);
            foreach (var scope in settings.ScopesSupported)
            {
                writer.WriteStringValue(scope);
            }

            writer.WriteEndArray();
        }

        writer.WriteStartArray("bearer_methods_supported"u8);
        writer.WriteStringValue("header"u8);
        writer.WriteEndArray();
        writer.WriteString("resource_name"u8, serverName);
        writer.WriteEndObject();
        writer.Flush();
        var body = scratch.WrittenSpan.ToArray();
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = HttpMedia.Json;
        response.ContentLength = body.Length;
        response.Headers.CacheControl = "max-age=300";
        return context.Request.Method == "HEAD" ? Task.CompletedTask : response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
