using System.Text.Json;
using PForge.Runtime.Protocol;
using PForge.Runtime.Protocol.Messages;

namespace PForge.Runtime.Server;

/// <summary>The list methods: the whole constant payload when it fits one page (no copy), else a page by cursor.</summary>
public sealed partial class McpSession
{
    private void SendPage(MessageSink reply, ReadOnlySpan<byte> id, ReadOnlySpan<byte> parameters, ReadOnlySpan<byte> json, ListKind kind)
    {
        string? cursor = null;
        if (!parameters.IsEmpty)
        {
            var reader = new Utf8JsonReader(parameters);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isCursor = reader.ValueTextEquals("cursor"u8);
                reader.Read();
                if (isCursor && reader.TokenType != JsonTokenType.Null)
                {
                    cursor = reader.TokenType == JsonTokenType.String ? JsonText.TryGetString(ref reader) ?? string.Empty : string.Empty;
                }

                reader.Skip();
            }
        }

        var index = _definition.ListIndexOf(kind, json);

        // A caller of an authenticated transport sees only the items its scopes reach (docs/auth.md).
        var user = _definition.HasScopedItems ? reply.User : null;
        var pageSize = _definition.PageSize > 0 ? _definition.PageSize : int.MaxValue;
        var offset = 0;
        if (cursor is not null)
        {
            offset = index.ParseCursor(cursor);
            if (offset < 0)
            {
                SendError(reply, id, McpErrorCodes.InvalidParams, "Invalid params: unknown cursor");
                return;
            }
        }
        else if (index.Count <= pageSize && user is null)
        {
            SendRawResult(reply, id, json);
            return;
        }

        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        JsonRpcWriter.WriteResponseStart(writer, id);
        writer.WritePropertyName("result"u8);
        if (user is null)
        {
            index.WritePage(writer, json, offset, pageSize);
        }
        else
        {
            index.WritePage(writer, json, offset, pageSize, item => user.FirstMissingScope(ScopesOf(kind, item)) is null);
        }

        writer.WriteEndObject();
        reply.SendResponse(scratch.WrittenSpan);
    }

    private IReadOnlyList<string> ScopesOf(ListKind kind, int item) => kind switch
    {
        ListKind.Tools => _definition.ToolScopes(item),
        ListKind.Resources => _definition.ResourceScopes(item),
        ListKind.ResourceTemplates => _definition.ResourceTemplateScopes(item),
        _ => _definition.PromptScopes(item),
    };
}
