using System.Buffers;
using System.Text;
using System.Text.Json;
using PForge.Runtime.Protocol.Messages;

namespace PForge.Runtime.Protocol;

/// <summary>Reads the JSON-RPC 2.0 envelope of one message with <see cref="Utf8JsonReader"/>; params stay raw.</summary>
public static class JsonRpcReader
{
    /// <summary>Deep enough for any MCP message, shallow enough that hostile nesting is refused early.</summary>
    public const int MaxDepth = 64;

    private static readonly JsonReaderOptions Options = new() { MaxDepth = MaxDepth };

    public static bool TryRead(ReadOnlySpan<byte> message, out JsonRpcEnvelope envelope, out JsonRpcReadError error)
    {
        // A plain valid message is read by hand, at a fraction of the per-token cost (perf gate); the rest, and every error, here.
        if (PlainEnvelopeReader.TryRead(message, out envelope))
        {
            error = default;
            return true;
        }

        return TryReadFully(message, out envelope, out error);
    }

    /// <summary>Reads the envelope with <see cref="Utf8JsonReader"/> alone: what <see cref="TryRead"/> gives for any message.</summary>
    internal static bool TryReadFully(ReadOnlySpan<byte> message, out JsonRpcEnvelope envelope, out JsonRpcReadError error)
    {
        envelope = default;
        try
        {
            return TryReadCore(message, out envelope, out error);
        }
        catch (JsonException ex)
        {
            error = new JsonRpcReadError(McpErrorCodes.ParseError, "Parse error: " + FirstLine(ex.Message));
            return false;
        }
        catch (InvalidOperationException ex)
        {
            // Decoding escaped text found invalid UTF-8 or a lone surrogate escape, which the syntax check lets through.
            error = new JsonRpcReadError(McpErrorCodes.ParseError, "Parse error: " + ex.Message);
            return false;
        }
    }

    private static bool TryReadCore(ReadOnlySpan<byte> message, out JsonRpcEnvelope envelope, out JsonRpcReadError error)
    {
        envelope = default;
        var reader = new Utf8JsonReader(message, Options);
        if (!reader.Read())
        {
            error = new(McpErrorCodes.ParseError, "Parse error: empty message");
            return false;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            // Validate the whole text first: malformed JSON is a parse error whatever its first token.
            reader.Skip();
            EnsureEnd(ref reader);
            error = reader.TokenType == JsonTokenType.EndArray
                ? new(McpErrorCodes.InvalidRequest, "Invalid request: batches are not supported (removed in MCP 2025-06-18)")
                : new(McpErrorCodes.InvalidRequest, "Invalid request: a message must be a JSON object");
            return false;
        }

        ReadOnlySpan<byte> method = default, id = default, parameters = default, result = default, errorValue = default;
        bool hasVersion = false, badVersion = false, hasId = false, badId = false, nullId = false, hasMethod = false, stringMethod = false;
        bool hasResult = false, duplicate = false;
        byte[]? unescapedMethod = null;
        CallToolScan toolCall = default;
        string? undecodableMethod = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("jsonrpc"u8))
            {
                duplicate |= hasVersion;
                reader.Read();
                hasVersion = true;
                badVersion = reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("2.0"u8);
                reader.Skip();
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                duplicate |= hasId;
                hasId = true;
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        id = message.Slice(start, (int)reader.BytesConsumed - start);
                        break;
                    case JsonTokenType.Number when reader.TryGetInt64(out _):
                        id = message.Slice(start, (int)reader.BytesConsumed - start);
                        break;
                    case JsonTokenType.Null:
                        nullId = true;
                        break;
                    default:
                        badId = true;
                        reader.Skip();
                        break;
                }
            }
            else if (reader.ValueTextEquals("method"u8))
            {
                duplicate |= hasMethod;
                hasMethod = true;
                reader.Read();
                var isString = reader.TokenType == JsonTokenType.String;
                stringMethod |= isString;
                if (!isString || reader.ValueSpan.IsEmpty)
                {
                    reader.Skip();
                }
                else if (reader.ValueIsEscaped)
                {
                    // Invalid UTF-8 or a lone surrogate escape passes the syntax check and only fails here.
                    try
                    {
                        unescapedMethod = Encoding.UTF8.GetBytes(reader.GetString()!);
                        method = unescapedMethod;
                    }
                    catch (InvalidOperationException ex)
                    {
                        undecodableMethod = ex.Message;
                    }
                }
                else
                {
                    method = reader.ValueSpan;
                }
            }
            else if (reader.ValueTextEquals("params"u8))
            {
                duplicate |= !parameters.IsEmpty;
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                if (reader.TokenType == JsonTokenType.StartObject && method.SequenceEqual(McpMethods.ToolsCall))
                {
                    // The hot request's members are noted on this pass rather than tokenised again (perf gate).
                    toolCall = CallToolScan.Read(ref reader, start);
                }
                else
                {
                    reader.Skip();
                }

                parameters = message.Slice(start, (int)reader.BytesConsumed - start);
            }
            else if (reader.ValueTextEquals("result"u8) || reader.ValueTextEquals("error"u8))
            {
                var isResult = reader.ValueTextEquals("result"u8);
                duplicate |= isResult ? !result.IsEmpty : !errorValue.IsEmpty;
                hasResult = true;
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var value = message.Slice(start, (int)reader.BytesConsumed - start);
                if (isResult)
                {
                    result = value;
                }
                else
                {
                    errorValue = value;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        EnsureEnd(ref reader);

        // JSON-RPC 2.0 §4.1 and §5: a notification and a response are never answered, even when invalid; so their kind
        // is told from the members present before anything else is checked.
        envelope = new JsonRpcEnvelope
        {
            Method = method,
            Id = id,
            Params = parameters,
            ToolCall = toolCall,
            Result = result,
            Error = errorValue,
            IsNotification = stringMethod && !hasId,
            IsResponse = hasResult && !hasMethod,
        };
        if (duplicate)
        {
            error = new(McpErrorCodes.InvalidRequest, "Invalid request: a member is given more than once");
            envelope = envelope with { Id = default };
            return false;
        }

        if (undecodableMethod is not null)
        {
            error = new(McpErrorCodes.ParseError, "Parse error: " + undecodableMethod);
            envelope = envelope with { Id = default };
            return false;
        }

        if (!hasVersion || badVersion)
        {
            error = new(McpErrorCodes.InvalidRequest, "Invalid request: \"jsonrpc\" must be \"2.0\"");
            return false;
        }

        // An error response carries a null id when its sender could not read ours; it is still a response, never answered.
        if (badId || (nullId && !envelope.IsResponse))
        {
            error = new(McpErrorCodes.InvalidRequest, "Invalid request: \"id\" must be a string or an integer");
            return false;
        }

        if (envelope.IsResponse)
        {
            error = default;
            return true;
        }

        if (method.IsEmpty)
        {
            error = new(McpErrorCodes.InvalidRequest, "Invalid request: \"method\" must be a non-empty string");
            return false;
        }

        if (!parameters.IsEmpty && parameters[0] != (byte)'{')
        {
            error = new(McpErrorCodes.InvalidParams, "Invalid params: \"params\" must be an object");
            return false;
        }

        error = default;
        return true;
    }

    /// <summary>
    /// The id of a request from the start of a message too large to read whole, exactly as sent; null unless the members
    /// before the first value that does not fit in <paramref name="prefix"/> give a valid id (a string or an integer)
    /// and a string <c>method</c>, and no <c>result</c> or <c>error</c> (a response is never answered with its id).
    /// </summary>
    public static byte[]? TryReadRequestId(in ReadOnlySequence<byte> prefix)
    {
        try
        {
            var reader = new Utf8JsonReader(prefix, isFinalBlock: false, new JsonReaderState(Options));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            byte[]? id = null;
            var hasMethod = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("result"u8) || reader.ValueTextEquals("error"u8))
                {
                    return null;
                }

                var isId = reader.ValueTextEquals("id"u8);
                var isMethod = !isId && reader.ValueTextEquals("method"u8);
                if (!reader.Read())
                {
                    // The value goes on past the prefix.
                    break;
                }

                if (isId)
                {
                    var valid = reader.TokenType == JsonTokenType.String || (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out _));
                    if (id is not null || !valid)
                    {
                        return null;
                    }

                    id = prefix.Slice(reader.TokenStartIndex, reader.BytesConsumed - reader.TokenStartIndex).ToArray();
                }
                else if (isMethod)
                {
                    if (hasMethod || reader.TokenType != JsonTokenType.String || (reader.HasValueSequence ? reader.ValueSequence.IsEmpty : reader.ValueSpan.IsEmpty))
                    {
                        return null;
                    }

                    hasMethod = true;
                }
                else if (!reader.TrySkip())
                {
                    break;
                }
            }

            return hasMethod ? id : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: comparing a name decodes its escapes, and a lone surrogate escape cannot be.
            return null;
        }
    }

    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        // Anything after the top-level value (other than whitespace) makes the reader throw.
        if (reader.Read())
        {
            throw new JsonException("unexpected data after the message");
        }
    }

    private static string FirstLine(string text)
    {
        var cut = text.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? text[..cut].TrimEnd() : text;
    }
}
