using System.Text.Json;

namespace PForge.Runtime.Protocol.Messages;

/// <summary>
/// The members of a request retried after an input required result (revision 2026-07-28): <c>inputResponses</c>, the
/// client's results keyed as the server asked, and <c>requestState</c>, echoed unchanged.
/// </summary>
public readonly record struct RetryParams
{
    /// <summary>The most answers one retry may carry; a handler asks one question per round.</summary>
    public const int MaxResponses = 64;

    public Dictionary<string, byte[]>? InputResponses { get; init; }

    public string? RequestState { get; init; }

    /// <summary>What is wrong with the members (the message of an Invalid params error), or null.</summary>
    public string? Error { get; init; }

    /// <summary>Reads the members from a request's params; a request without either costs a search of its bytes.</summary>
    public static RetryParams Read(ReadOnlySpan<byte> parameters)
    {
        if (parameters.IsEmpty || (parameters.IndexOf("\"inputResponses\""u8) < 0 && parameters.IndexOf("\"requestState\""u8) < 0))
        {
            return default;
        }

        Dictionary<string, byte[]>? responses = null;
        string? state = null;
        var reader = new Utf8JsonReader(parameters);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isResponses = reader.ValueTextEquals("inputResponses"u8);
            var isState = reader.ValueTextEquals("requestState"u8);
            reader.Read();
            if (isResponses)
            {
                if (responses is not null)
                {
                    return Fail("\"inputResponses\" is given more than once");
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return Fail("\"inputResponses\" must be an object");
                }

                responses = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var key = JsonText.TryGetString(ref reader);
                    reader.Read();
                    if (key is null || reader.TokenType != JsonTokenType.StartObject)
                    {
                        return Fail("each member of \"inputResponses\" must be a result object");
                    }

                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    if (responses.Count == MaxResponses || !responses.TryAdd(key, parameters[start..((int)reader.BytesConsumed)].ToArray()))
                    {
                        return Fail(responses.Count == MaxResponses
                            ? $"\"inputResponses\" holds more than {MaxResponses} results"
                            : "\"inputResponses\" names a key more than once");
                    }
                }

                continue;
            }

            if (isState)
            {
                if (state is not null)
                {
                    return Fail("\"requestState\" is given more than once");
                }

                if (reader.TokenType != JsonTokenType.String || JsonText.TryGetString(ref reader) is not { } text)
                {
                    return Fail("\"requestState\" must be a string");
                }

                state = text;
                continue;
            }

            reader.Skip();
        }

        return new RetryParams { InputResponses = responses, RequestState = state };
    }

    private static RetryParams Fail(string problem) => new() { Error = "Invalid params: " + problem };
}
