using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PForge.Runtime.Protocol;
using PForge.Runtime.Protocol.Messages;

namespace PForge.Runtime.Http;

/// <summary>
/// The request headers of revision 2026-07-28, which mirror the body for intermediaries: <c>MCP-Protocol-Version</c>,
/// <c>Mcp-Method</c> and <c>Mcp-Name</c>. A header missing, malformed or unlike the body is a <c>HeaderMismatch</c>.
/// </summary>
internal static class ModernHeaders
{
    public const string MethodHeader = "Mcp-Method";
    public const string NameHeader = "Mcp-Name";

    private const string Base64Start = "=?base64?";
    private const string Base64End = "?=";

    /// <summary>What is wrong with the headers of a request (its envelope and <c>_meta</c> read), or null.</summary>
    public static string? Check(IHeaderDictionary headers, in JsonRpcEnvelope envelope, in RequestMeta meta, string version)
    {
        if (meta.IsPresent && meta.Error is null && !string.Equals(meta.ProtocolVersion, version, StringComparison.Ordinal))
        {
            return $"Header mismatch: {HttpMedia.ProtocolVersionHeader} header value '{Shorten(version)}' does not match body value '{Shorten(meta.ProtocolVersion!)}'";
        }

        if (Single(headers, MethodHeader, out var problem) is not { } sentMethod)
        {
            return problem;
        }

        // Compared as bytes: the common request allocates no text for it.
        var bodyMethod = envelope.Method;
        if (!SameText(bodyMethod, sentMethod))
        {
            return $"Header mismatch: {MethodHeader} header value '{Shorten(sentMethod)}' does not match body value '{Shorten(Encoding.UTF8.GetString(bodyMethod))}'";
        }

        var member = sentMethod switch
        {
            "tools/call" or "prompts/get" => "name"u8,
            "resources/read" => "uri"u8,
            "tasks/get" or "tasks/update" or "tasks/cancel" => "taskId"u8,
            _ => default,
        };
        if (member.IsEmpty)
        {
            return null;
        }

        if (Single(headers, NameHeader, out problem) is not { } sentName)
        {
            return problem;
        }

        if (Decode(sentName) is not { } name)
        {
            return Malformed(NameHeader, sentName);
        }

        if (IsPlainValue(envelope.Params, member, name))
        {
            return null;
        }

        var body = StringMember.Read(envelope.Params, member) ?? string.Empty;
        return string.Equals(name, body, StringComparison.Ordinal)
            ? null
            : $"Header mismatch: {NameHeader} header value '{Shorten(name)}' does not match body value '{Shorten(body)}'";
    }

    /// <summary>
    /// True when the last string member <paramref name="member"/> of the params is <paramref name="name"/> as plain
    /// ASCII, compared in place (the common request allocates no text for it); false sends the caller to the full reading.
    /// </summary>
    private static bool IsPlainValue(ReadOnlySpan<byte> parameters, ReadOnlySpan<byte> member, string name)
    {
        if (parameters.IsEmpty)
        {
            return false;
        }

        ReadOnlySpan<byte> value = default;
        var plain = false;
        var reader = new Utf8JsonReader(parameters);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(member);
            reader.Read();
            if (match && reader.TokenType == JsonTokenType.String)
            {
                value = reader.ValueSpan;
                plain = !reader.ValueIsEscaped;
            }

            reader.Skip();
        }

        return plain && Ascii.Equals(value, name);
    }

    /// <summary>True when <paramref name="utf8"/> is the text of <paramref name="text"/> (ASCII methods: one byte each).</summary>
    private static bool SameText(ReadOnlySpan<byte> utf8, string text)
    {
        if (utf8.Length != text.Length)
        {
            return false;
        }

        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] != text[i])
            {
                return false;
            }
        }

        return true;
    }

    private static string? Single(IHeaderDictionary headers, string header, out string? problem)
    {
        var values = headers[header];
        problem = values.Count switch
        {
            0 => $"Header mismatch: the {header} header is required",
            > 1 => $"Header mismatch: the {header} header is given more than once",
            _ => null,
        };
        return problem is null ? values[0] : null;
    }

    /// <summary>The value of a header that may carry the base64 sentinel form; null when that form is malformed or a plain value holds what a header may not.</summary>
    internal static string? Decode(string value)
    {
        if (!value.StartsWith(Base64Start, StringComparison.Ordinal) || !value.EndsWith(Base64End, StringComparison.Ordinal) || value.Length < Base64Start.Length + Base64End.Length)
        {
            // RFC 9110 field values: visible ASCII, space and tab.
            foreach (var c in value)
            {
                if (c is not ((>= ' ' and <= '~') or '\t'))
                {
                    return null;
                }
            }

            return value;
        }

        var encoded = value.AsSpan(Base64Start.Length, value.Length - Base64Start.Length - Base64End.Length);
        var bytes = new byte[(encoded.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64Chars(encoded, bytes, out var length))
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>The error of a header whose value <see cref="Decode"/> refuses.</summary>
    internal static string Malformed(string header, string value) => value.StartsWith(Base64Start, StringComparison.Ordinal)
        ? $"Header mismatch: {header} header value is not valid base64 between '{Base64Start}' and '{Base64End}'"
        : $"Header mismatch: {header} header value holds a character a header may not carry (send it as base64 between '{Base64Start}' and '{Base64End}')";

    internal static string Shorten(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");
}
