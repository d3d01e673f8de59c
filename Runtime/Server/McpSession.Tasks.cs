using System.Text;
using System.Text.Json;
using PForge.Runtime.Protocol;
using PForge.Runtime.Protocol.Messages;

namespace PForge.Runtime.Server;

/// <summary>The Tasks extension of revision 2026-07-28: a tool declared <c>task: true</c> answered with a task handle, and tasks/*.</summary>
public sealed partial class McpSession
{
    /// <summary>Answers with the task's handle once its record is stored; the tool runs on in the background.</summary>
    private void StartTask(MessageSink reply, ReadOnlySpan<byte> id, int tool, ReadOnlySpan<byte> arguments)
    {
        var context = NewContext(reply, default);
        Respond(reply, id, context, _definition.Tasks.StartAsync(_definition, tool, arguments.ToArray(), _log), static (writer, record) =>
        {
            writer.WriteStartObject();
            writer.WriteString("resultType"u8, "task"u8);
            record.WriteMembers(writer);
            writer.WriteEndObject();
        });
    }

    private void TaskRequest(MessageSink reply, ReadOnlySpan<byte> id, ReadOnlySpan<byte> method, ReadOnlySpan<byte> parameters)
    {
        var name = Encoding.UTF8.GetString(method);
        if (reply is not ModernReplySink { Call.CanRunTasks: true })
        {
            // The extension's methods for a client that did not declare it: the error the extension names.
            SendMissingCapability(reply, id, $"Missing required client capability: {name} needs the {InitializeParams.TasksExtension} extension in the request's clientCapabilities.extensions", writer =>
            {
                writer.WriteStartObject("extensions"u8);
                writer.WriteStartObject(InitializeParams.TasksExtension);
                writer.WriteEndObject();
                writer.WriteEndObject();
            });
            return;
        }

        if (StringMember.Read(parameters, "taskId"u8) is not { } taskId)
        {
            SendError(reply, id, McpErrorCodes.InvalidParams, $"Invalid params: {name} needs \"taskId\" (a string)");
            return;
        }

        var context = NewContext(reply, default);
        if (method.SequenceEqual(McpMethods.TasksGet))
        {
            Respond(reply, id, context, Found(_definition.Tasks.GetAsync(_definition, taskId), taskId), static (writer, json) => writer.WriteRawValue(json, skipInputValidation: true));
        }
        else if (method.SequenceEqual(McpMethods.TasksCancel))
        {
            Respond(reply, id, context, Known(_definition.Tasks.CancelAsync(_definition, taskId), taskId), static (writer, _) => WriteEmpty(writer));
        }
        else
        {
            // This server asks no input of a task, so no key is outstanding: the responses are ignored, as the extension says.
            Respond(reply, id, context, Known(Exists(taskId), taskId), static (writer, _) => WriteEmpty(writer));
        }
    }

    private async ValueTask<bool> Exists(string taskId) => await _definition.Tasks.GetAsync(_definition, taskId).ConfigureAwait(false) is not null;

    private static async ValueTask<string> Found(ValueTask<string?> pending, string taskId) =>
        await pending.ConfigureAwait(false) ?? throw UnknownTask(taskId);

    private static async ValueTask<bool> Known(ValueTask<bool> pending, string taskId) =>
        await pending.ConfigureAwait(false) ? true : throw UnknownTask(taskId);

    private static McpException UnknownTask(string taskId) =>
        new(McpErrorCodes.InvalidParams, $"Invalid params: no task '{StringMap.Truncated(taskId)}' (unknown, or its record expired)");

    private static void WriteEmpty(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteEndObject();
    }
}
