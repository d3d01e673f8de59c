using System.Text.Json;

namespace PForge.Runtime.Protocol.Messages;

/// <summary>The <c>notifications</c> filter of a <c>subscriptions/listen</c> request (revision 2026-07-28).</summary>
public readonly record struct ListenParams
{
    /// <summary>The most resource URIs one subscription may name.</summary>
    public const int MaxResources = 1024;

    public bool ToolsListChanged { get; init; }

    public bool PromptsListChanged { get; init; }

    public bool ResourcesListChanged { get; init; }

    public IReadOnlyList<string> ResourceSubscriptions { get; init; }

    /// <summary>What is wrong with the filter (the message of an Invalid params error), or null.</summary>
    public string? Error { get; init; }

    public static ListenParams Read(ReadOnlySpan<byte> parameters)
    {
        if (!parameters.IsEmpty)
        {
            var reader = new Utf8JsonReader(parameters);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isFilter = reader.ValueTextEquals("notifications"u8);
                reader.Read();
                if (isFilter)
                {
                    return reader.TokenType == JsonTokenType.StartObject ? ReadFilter(ref reader) : Fail("\"notifications\" must be an object");
                }

                reader.Skip();
            }
        }

        return Fail("subscriptions/listen needs \"notifications\" (an object)");
    }

    private static ListenParams ReadFilter(ref Utf8JsonReader reader)
    {
        bool tools = false, prompts = false, resources = false;
        var uris = new List<string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueTextEquals("toolsListChanged"u8) ? 1
                : reader.ValueTextEquals("promptsListChanged"u8) ? 2
                : reader.ValueTextEquals("resourcesListChanged"u8) ? 3
                : reader.ValueTextEquals("resourceSubscriptions"u8) ? 4
                : 0;
            reader.Read();
            if (name is 1 or 2 or 3)
            {
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                {
                    return Fail("each list filter of \"notifications\" must be a boolean");
                }

                var on = reader.TokenType == JsonTokenType.True;
                tools |= name == 1 && on;
                prompts |= name == 2 && on;
                resources |= name == 3 && on;
            }
            else if (name == 4)
            {
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    return Fail("\"notifications.resourceSubscriptions\" must be an array of URIs");
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String || JsonText.TryGetString(ref reader) is not { } uri)
                    {
                        return Fail("\"notifications.resourceSubscriptions\" must be an array of URIs");
                    }

                    if (uris.Count == MaxResources)
                    {
                        return Fail($"\"notifications.resourceSubscriptions\" names more than {MaxResources} URIs");
                    }

                    uris.Add(uri);
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return new ListenParams { ToolsListChanged = tools, PromptsListChanged = prompts, ResourcesListChanged = resources, ResourceSubscriptions = uris };
    }

    private static ListenParams Fail(string problem) => new() { Error = "Invalid params: " + problem, ResourceSubscriptions = [] };
}
