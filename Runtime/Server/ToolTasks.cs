using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using PForge.Runtime.Protocol;
using PForge.Runtime.Protocol.Messages;
using PForge.Runtime.Telemetry;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Server;

/// <summary>
/// The tools of one server run as tasks (the Tasks extension of revision 2026-07-28): each task's record lives in the
/// server's state store, so any instance sharing the store answers <c>tasks/get</c> and takes <c>tasks/cancel</c>; the
/// instance that runs the task watches the store for a cancellation and writes the outcome, kept for <see cref="Ttl"/>.
/// </summary>
public sealed class ToolTasks
{
    internal const string KeyPrefix = "pforge-task:";

    private readonly ConcurrentDictionary<string, RunningTask> _running = new(StringComparer.Ordinal);

    /// <summary>How long a task's record is kept from its creation (its <c>ttlMs</c>).</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The poll interval suggested to clients, and how often the running instance looks for a cancellation.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>How many tasks run on this instance now.</summary>
    public int RunningCount => _running.Count;

    /// <summary>
    /// Creates a task for tool <paramref name="tool"/> and starts it: the returned record (working) is in the store
    /// already, so a <c>tasks/get</c> for it resolves on any instance.
    /// </summary>
    /// <param name="declared">What the creating request declares: what the task may ask the client.</param>
    /// <param name="answers">The answers of the rounds before the task (<c>task_start: handler</c>), replayed by place.</param>
    internal async ValueTask<TaskRecord> StartAsync(
        McpServerDefinition definition, int tool, byte[] arguments, ClientFeatures declared, Dictionary<int, InputAnswer>? answers, ServerLog log, ToolUser? user = null)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var now = Time.GetUtcNow();
        var record = new TaskRecord(id, "working", now, now, (long)Ttl.TotalMilliseconds, (long)PollInterval.TotalMilliseconds);
        await definition.State.SetAsync(KeyPrefix + id, record.ToJson(), Ttl).ConfigureAwait(false);

        var running = new RunningTask(this, definition, record);
        running.Context = new ToolContext(new TaskChannel(definition, log, declared, answers, running)) { User = user };
        _running[id] = running;
        running.Completion = Task.Run(() => RunAsync(definition, tool, arguments, running, log));
        return record;
    }

    /// <summary>
    /// The stored record of task <paramref name="id"/> as JSON, or null when no task (alive) has it. Questions answered
    /// through another instance's store are left out, so that a poll right after the update no longer shows them.
    /// </summary>
    internal async ValueTask<string?> GetAsync(McpServerDefinition definition, string id)
    {
        if (!IsTaskId(id) || await definition.State.GetAsync(KeyPrefix + id).ConfigureAwait(false) is not { } json)
        {
            return null;
        }

        if (_running.ContainsKey(id) || !TaskRecord.IsInputRequired(json))
        {
            return json;
        }

        var answered = new List<string>();
        foreach (var key in TaskRecord.InputKeys(json))
        {
            if (await definition.State.ExistsAsync(AnswerKey(id, key)).ConfigureAwait(false))
            {
                answered.Add(key);
            }
        }

        return answered.Count == 0 ? json : TaskRecord.WithoutInputs(json, answered);
    }

    /// <summary>
    /// Gives task <paramref name="id"/> the client's answers to the questions it waits on (<c>tasks/update</c>): at once
    /// when it runs here, else through the store for the instance that runs it. Answers to no waiting question are
    /// ignored, as the extension says. False when no such task exists.
    /// </summary>
    internal async ValueTask<bool> UpdateAsync(McpServerDefinition definition, string id, Dictionary<string, byte[]> responses)
    {
        if (_running.TryGetValue(id, out var running))
        {
            foreach (var (key, result) in responses)
            {
                await running.AnswerAsync(key, result).ConfigureAwait(false);
            }

            return true;
        }

        if (await GetAsync(definition, id).ConfigureAwait(false) is not { } json)
        {
            return false;
        }

        if (TaskRecord.IsInputRequired(json))
        {
            var waiting = TaskRecord.InputKeys(json);
            foreach (var (key, result) in responses)
            {
                if (waiting.Contains(key))
                {
                    await definition.State.SetAsync(AnswerKey(id, key), System.Text.Encoding.UTF8.GetString(result), Ttl).ConfigureAwait(false);
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Asks task <paramref name="id"/> to stop: at once when it runs here, else through the store for the instance
    /// that runs it. False when no such task exists.
    /// </summary>
    internal async ValueTask<bool> CancelAsync(McpServerDefinition definition, string id)
    {
        if (await GetAsync(definition, id).ConfigureAwait(false) is not { } json)
        {
            return false;
        }

        if (!TaskRecord.IsTerminal(json))
        {
            await definition.State.SetAsync(KeyPrefix + id + ":cancel", "1", Ttl).ConfigureAwait(false);
            if (_running.TryGetValue(id, out var running))
            {
                running.Context.Cancel();
            }
        }

        return true;
    }

    /// <summary>At shutdown: cancels the tasks running here and waits for them to record it (at most <paramref name="timeout"/>).</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout)
    {
        var running = _running.Values.ToArray();
        foreach (var task in running)
        {
            task.Context.Cancel(atShutdown: true);
        }

        try
        {
            await Task.WhenAll(running.Select(r => r.Completion ?? Task.CompletedTask)).WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task RunAsync(McpServerDefinition definition, int tool, byte[] arguments, RunningTask running, ServerLog log)
    {
        using var done = new CancellationTokenSource();
        var watch = WatchAsync(definition, running, done.Token);
        TaskRecord outcome;
        var record = running.Record;
        try
        {
            var result = await definition.CallToolAsync(tool, arguments, running.Context).ConfigureAwait(false);
            record = running.Record;
            outcome = running.Context.IsCancelled
                ? record.Ended("cancelled", Time.GetUtcNow(), running.Context.CancelledAtShutdown ? "The server shut down" : "Cancelled by the client")
                : result.ProtocolError is { } protocol
                    ? record.Ended("failed", Time.GetUtcNow(), protocol.Message, error: Error(protocol))
                    : record.Ended("completed", Time.GetUtcNow(), result: Write(result));
        }
        catch (Exception ex)
        {
            log.Error($"task {record.TaskId} failed outside its handler: {ex}");
            outcome = record.Ended("failed", Time.GetUtcNow(), error: Error(ex));
        }
        finally
        {
            await done.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await watch.ConfigureAwait(false);
            await running.EndAsync(outcome).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            log.Error($"task {record.TaskId}: its outcome could not be stored: {ex.Message}");
        }
        finally
        {
            _running.TryRemove(record.TaskId, out _);
        }
    }

    /// <summary>How long a record still lives: what is left of the TTL from its creation (at least a second, for the last write).</summary>
    internal TimeSpan Remaining(TaskRecord record)
    {
        var left = Ttl - (Time.GetUtcNow() - record.CreatedAt);
        return left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1);
    }

    private static string AnswerKey(string id, string key) => KeyPrefix + id + ":answer:" + key;

    /// <summary>
    /// Takes what other instances left in the store for a task running here, looking every poll interval: a
    /// cancellation (which ends the watch) or the answer to a question it waits on.
    /// </summary>
    private async Task WatchAsync(McpServerDefinition definition, RunningTask running, CancellationToken done)
    {
        var id = running.Id;
        var context = running.Context;
        try
        {
            while (!done.IsCancellationRequested)
            {
                await Task.Delay(PollInterval, Time, done).ConfigureAwait(false);
                if (await definition.State.ExistsAsync(KeyPrefix + id + ":cancel", done).ConfigureAwait(false))
                {
                    context.Cancel();
                    return;
                }

                foreach (var key in running.PendingKeys)
                {
                    if (await definition.State.GetAsync(AnswerKey(id, key), done).ConfigureAwait(false) is { } answer)
                    {
                        await running.AnswerAsync(key, System.Text.Encoding.UTF8.GetBytes(answer)).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            // A store that fails here only costs the remote cancellation; the task runs on.
            context.ServerLog.Warning($"task {id}: cannot watch for a cancellation: {ex.Message}");
        }
    }

    private static string Write(ToolResult result)
    {
        using var scratch = JsonScratch.Rent();
        result.WriteTo(scratch.Writer);
        result.ReturnBuffer();
        return System.Text.Encoding.UTF8.GetString(scratch.WrittenSpan);
    }

    private static string Error(Exception ex)
    {
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        writer.WriteStartObject();
        writer.WriteNumber("code"u8, ex is McpException mcp ? mcp.Code : McpErrorCodes.InternalError);
        writer.WriteString("message"u8, ex is McpException ? ex.Message : "Internal error: " + ex.Message);
        writer.WriteEndObject();
        return System.Text.Encoding.UTF8.GetString(scratch.WrittenSpan);
    }

    /// <summary>A task id this server could have issued (32 lowercase hex digits): anything else is looked up nowhere.</summary>
    private static bool IsTaskId(string id) => id.Length == 32 && id.All(static c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

}

/// <summary>A task as the Tasks extension shows it: status, times, TTL, poll interval, and the outcome once it has one.</summary>
internal sealed record TaskRecord(string TaskId, string Status, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt, long TtlMs, long PollIntervalMs)
{
    public string? StatusMessage { get; init; }

    /// <summary>The tool's CallToolResult JSON (completed).</summary>
    public string? Result { get; init; }

    /// <summary>The JSON-RPC error object (failed).</summary>
    public string? Error { get; init; }

    /// <summary>The questions the task waits on, an object keyed by input key (input_required).</summary>
    public string? InputRequests { get; init; }

    public TaskRecord Ended(string status, DateTimeOffset at, string? message = null, string? result = null, string? error = null) =>
        this with { Status = status, LastUpdatedAt = at, StatusMessage = message, Result = result, Error = error, InputRequests = null };

    /// <summary>The record's members, in the order of the extension's examples (no braces when <paramref name="resultType"/> leads).</summary>
    public void WriteMembers(Utf8JsonWriter writer)
    {
        writer.WriteString("taskId"u8, TaskId);
        writer.WriteString("status"u8, Status);
        if (StatusMessage is not null)
        {
            writer.WriteString("statusMessage"u8, StatusMessage);
        }

        writer.WriteString("createdAt"u8, Timestamp(CreatedAt));
        writer.WriteString("lastUpdatedAt"u8, Timestamp(LastUpdatedAt));
        writer.WriteNumber("ttlMs"u8, TtlMs);
        writer.WriteNumber("pollIntervalMs"u8, PollIntervalMs);
        if (InputRequests is not null)
        {
            writer.WritePropertyName("inputRequests"u8);
            writer.WriteRawValue(InputRequests, skipInputValidation: true);
        }

        if (Result is not null)
        {
            writer.WritePropertyName("result"u8);
            writer.WriteRawValue(Result, skipInputValidation: true);
        }

        if (Error is not null)
        {
            writer.WritePropertyName("error"u8);
            writer.WriteRawValue(Error, skipInputValidation: true);
        }
    }

    public string ToJson()
    {
        using var scratch = JsonScratch.Rent();
        scratch.Writer.WriteStartObject();
        WriteMembers(scratch.Writer);
        scratch.Writer.WriteEndObject();
        return System.Text.Encoding.UTF8.GetString(scratch.WrittenSpan);
    }

    /// <summary>True when a stored record's status is completed, failed or cancelled.</summary>
    public static bool IsTerminal(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("status").GetString() is "completed" or "failed" or "cancelled";
    }

    /// <summary>True when a stored record waits on the client (its status is input_required).</summary>
    public static bool IsInputRequired(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("status").GetString() is "input_required";
    }

    /// <summary>The input keys of a stored record's <c>inputRequests</c>.</summary>
    public static HashSet<string> InputKeys(string json)
    {
        using var document = JsonDocument.Parse(json);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (document.RootElement.TryGetProperty("inputRequests", out var requests) && requests.ValueKind == JsonValueKind.Object)
        {
            foreach (var request in requests.EnumerateObject())
            {
                keys.Add(request.Name);
            }
        }

        return keys;
    }

    /// <summary>A stored record without the questions under <paramref name="answered"/>; working when none is left.</summary>
    public static string WithoutInputs(string json, List<string> answered)
    {
        using var document = JsonDocument.Parse(json);
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        var remaining = document.RootElement.GetProperty("inputRequests").EnumerateObject().Where(r => !answered.Contains(r.Name)).ToList();
        writer.WriteStartObject();
        foreach (var member in document.RootElement.EnumerateObject())
        {
            if (member.NameEquals("status"u8))
            {
                writer.WriteString("status"u8, remaining.Count == 0 ? "working" : "input_required");
            }
            else if (member.NameEquals("inputRequests"u8))
            {
                if (remaining.Count > 0)
                {
                    writer.WriteStartObject("inputRequests"u8);
                    foreach (var request in remaining)
                    {
                        request.WriteTo(writer);
                    }

                    writer.WriteEndObject();
                }
            }
            else
            {
                member.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
        return System.Text.Encoding.UTF8.GetString(scratch.WrittenSpan);
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
