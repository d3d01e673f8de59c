using System.Text.Json;

namespace PForge.Runtime.Protocol.Messages;

/// <summary>The params of <c>completion/complete</c>: what is completed (a prompt's or a template's argument) and with what.</summary>
/// <param name="IsPrompt">True for <c>ref/prompt</c>, false for <c>ref/resource</c>.</param>
/// <param name="Reference">The prompt's name or the template's URI.</param>
/// <param name="ArgumentName">The argument being completed.</param>
/// <param name="Value">What the user typed so far.</param>
/// <param name="ContextArguments">The values of the other arguments (<c>context.arguments</c>).</param>
/// <param name="Problem">Why the params are invalid (after "Invalid params: "), or null when they are valid.</param>
public readonly record struct CompleteParams(bool IsPrompt, string Reference, string ArgumentName, string Value, IReadOnlyDictionary<string, string> ContextArguments, string? Problem)
{
    public static CompleteParams Read(ReadOnlySpan<byte> parameters)
    {
        string? refType = null, refName = null, argumentName = null, argumentValue = null, problem = null;
        var contextArguments = StringMap.Empty;
        var reader = new Utf8JsonReader(parameters);
        if (!parameters.IsEmpty)
        {
            reader.Read();
            while (problem is null && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("ref"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        problem = "\"ref\" must be an object";
                        break;
                    }

                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var member = reader.ValueTextEquals("type"u8) ? 0 : reader.ValueTextEquals("name"u8) || reader.ValueTextEquals("uri"u8) ? 1 : 2;
                        reader.Read();
                        if (member < 2 && reader.TokenType == JsonTokenType.String)
                        {
                            var text = JsonText.TryGetString(ref reader);
                            if (member == 0)
                            {
                                refType = text;
                            }
                            else
                            {
                                refName = text;
                            }
                        }

                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("argument"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        problem = "\"argument\" must be an object";
                        break;
                    }

                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var member = reader.ValueTextEquals("name"u8) ? 0 : reader.ValueTextEquals("value"u8) ? 1 : 2;
                        reader.Read();
                        if (member < 2 && reader.TokenType == JsonTokenType.String)
                        {
                            var text = JsonText.TryGetString(ref reader);
                            if (member == 0)
                            {
                                argumentName = text;
                            }
                            else
                            {
                                argumentValue = text;
                            }
                        }

                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("context"u8))
                {
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    var contextJson = parameters.Slice(start, (int)reader.BytesConsumed - start);
                    if (contextJson[0] == (byte)'{' && !StringMap.TryRead(contextJson, "arguments"u8, out contextArguments, out var contextProblem))
                    {
                        problem = "context: " + contextProblem;
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        var isPrompt = refType == "ref/prompt";
        problem ??= refType is null || refName is null
            ? "completion/complete needs \"ref\" with \"type\" and \"name\" (ref/prompt) or \"uri\" (ref/resource)"
            : !isPrompt && refType != "ref/resource"
                ? $"unknown reference type '{StringMap.Truncated(refType)}' (ref/prompt or ref/resource)"
                : argumentName is null || argumentValue is null
                    ? "completion/complete needs \"argument\" with \"name\" and \"value\" (strings)"
                    : null;
        return new CompleteParams(isPrompt, refName ?? string.Empty, argumentName ?? string.Empty, argumentValue ?? string.Empty, contextArguments, problem);
    }
}
