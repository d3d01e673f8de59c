using System.Text;
using Microsoft.AspNetCore.Http;
using PForge.Runtime.Protocol;

namespace PForge.Runtime.Http.Auth;

/// <summary>
/// The answer to a request authentication refused: its status, an RFC 6750 <c>WWW-Authenticate: Bearer</c> challenge
/// (with RFC 9728's <c>resource_metadata</c> when OAuth is on, and the scopes needed), and a JSON-RPC error body.
/// </summary>
internal static class AuthChallenge
{
    public static Task WriteAsync(HttpContext context, in AuthOutcome outcome, string? metadataUrl, IReadOnlyList<string> scopes, ReadOnlySpan<byte> id = default)
    {
        if (outcome.Status != StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.WWWAuthenticate = Header(outcome, metadataUrl, outcome.Scopes ?? scopes);
        }
        else
        {
            context.Response.Headers.RetryAfter = "5";
        }

        var message = outcome.Status switch
        {
            StatusCodes.Status401Unauthorized => "Unauthorized: " + outcome.Description,
            StatusCodes.Status403Forbidden => "Forbidden: " + outcome.Description,
            StatusCodes.Status400BadRequest => "Bad Request: " + outcome.Description,
            _ => "Service Unavailable: " + outcome.Description,
        };
        return HttpErrors.WriteAsync(context, outcome.Status, HttpErrors.Body(id, HttpErrors.TransportError, message));
    }

    /// <summary><c>Bearer error="…", error_description="…", scope="…", resource_metadata="…"</c>; values as quoted strings of printable ASCII.</summary>
    internal static string Header(in AuthOutcome outcome, string? metadataUrl, IReadOnlyList<string> scopes)
    {
        var header = new StringBuilder("Bearer");
        var first = true;
        void Add(string name, string value)
        {
            header.Append(first ? " " : ", ").Append(name).Append("=\"");
            foreach (var c in value)
            {
                // RFC 6750 §3: error_description is %x20-21 / %x23-5B / %x5D-7E; anything else becomes '?'.
                header.Append(c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '?');
            }

            header.Append('"');
            first = false;
        }

        if (outcome.Error is { } error)
        {
            Add("error", error);
            Add("error_description", outcome.Description);
        }

        if (scopes.Count > 0)
        {
            Add("scope", string.Join(' ', scopes));
        }

        if (metadataUrl is not null)
        {
            Add("resource_metadata", metadataUrl);
        }

        return header.ToString();
    }
}
