using System.Text;
using System.Text.Json;
using PForge.Runtime.Protocol;
using PForge.Runtime.Protocol.Messages;

namespace PForge.Runtime.Server;

/// <summary>The Tasks extension of revision 2026-07-28: a tool declared <c>task: true</c> answered with a task handle, and tasks/*.</summary>
public sealed partial class McpSession
{
    /// <summary>
    /// For a task tool called in revision 2026-07-28: starts the task (false), refuses a required one to a request
    /// without the extension (false), or lets the call run inline (true), its handler free to continue as a task when
    /// the tool says <c>task_start: handler</c>.
    /// </summary>
    private bool TaskOrInline(ModernReplySink reply, ReadOnlySpan<byte> id, int tool, ReadOnlySpan<char> name, ReadOnlySpan<byte> arguments)
    {
        if (!reply.Call.CanRunTasks)
        {
            if (!_definition.IsTaskRequired(tool))
            {
                return true;
            }

            SendMissingCapability(reply, id, $"Missing required client capability: tool '{name}' runs only as a task, so the request needs the {InitializeParams.TasksExtension} extension in its clientCapabilities.extensions", InitializeParams.TasksExtension, isExtension: true);
            return false;
        }

        if (_definition.TaskStartsInHandler(tool))
        {
            reply.Call.AllowTask(tool, arguments.ToArray());
            return true;
        }

        StartTask(reply, id, tool, arguments.ToArray(), reply.Call.Declared, answers: null);
        return false;
    }

    /// <summary>Answers with the task's handle once its record is stored; the tool runs on in the background.</summary>
    private void StartTask(MessageSink reply, ReadOnlySpan<byte> id, int tool, byte[] arguments, ClientFeatures declared, Dictionary<int, InputAnswer>? answers)
    {
        var context = NewContext(reply, default);
        Respond(reply, id, context, _definition.Tasks.StartAsync(_definition, tool, arguments, declared, answers, _log, reply.User), static (writer, record) =>
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
            SendMissingCapability(reply, id, $"Missing required client capability: {name} needs the {InitializeParams.TasksExtension} extension in the request's clientCapabilities.extensions", InitializeParams.TasksExtension, isExtension: true);
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
            var update = RetryParams.Read(parameters);
            if (update.Error is { } error)
            {
                Recycle(context);
                SendError(reply, id, McpErrorCodes.InvalidParams, error);
                return;
            }

            // Answers to no question the task waits on are ignored, as the extension says.
            Respond(reply, id, context, Known(_definition.Tasks.UpdateAsync(_definition, taskId, update.InputResponses ?? []), taskId), static (writer, _) => WriteEmpty(writer));
        }
    }

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
