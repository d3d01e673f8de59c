using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using PForge.Runtime.Protocol;
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
    private const string KeyPrefix = "pforge-task:";

    private readonly ConcurrentDictionary<string, Running> _running = new(StringComparer.Ordinal);

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
    internal async ValueTask<TaskRecord> StartAsync(McpServerDefinition definition, int tool, byte[] arguments, ServerLog log)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var now = Time.GetUtcNow();
        var record = new TaskRecord(id, "working", now, now, (long)Ttl.TotalMilliseconds, (long)PollInterval.TotalMilliseconds);
        await definition.State.SetAsync(KeyPrefix + id, record.ToJson(), Ttl).ConfigureAwait(false);

        var context = new ToolContext(new TaskChannel(definition, log));
        var running = new Running(context);
        _running[id] = running;
        running.Completion = Task.Run(() => RunAsync(definition, tool, arguments, record, running, log));
        return record;
    }

    /// <summary>The stored record of task <paramref name="id"/> as JSON, or null when no task (alive) has it.</summary>
    internal ValueTask<string?> GetAsync(McpServerDefinition definition, string id) =>
        IsTaskId(id) ? definition.State.GetAsync(KeyPrefix + id) : new((string?)null);

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

    private async Task RunAsync(McpServerDefinition definition, int tool, byte[] arguments, TaskRecord record, Running running, ServerLog log)
    {
        using var done = new CancellationTokenSource();
        var watch = WatchAsync(definition, record.TaskId, running.Context, done.Token);
        TaskRecord outcome;
        try
        {
            var result = await definition.CallToolAsync(tool, arguments, running.Context).ConfigureAwait(false);
            outcome = running.Context.IsCancelled
                ? record.Ended("cancelled", Time.GetUtcNow(), running.Context.CancelledAtShutdown ? "The server shut down" : "Cancelled by the client")
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
            await definition.State.SetAsync(KeyPrefix + record.TaskId, outcome.ToJson(), Ttl - (Time.GetUtcNow() - record.CreatedAt)).ConfigureAwait(false);
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

    /// <summary>Cancels the task when another instance asked for it in the store, looking every poll interval.</summary>
    private async Task WatchAsync(McpServerDefinition definition, string id, ToolContext context, CancellationToken done)
    {
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

    private sealed class Running(ToolContext context)
    {
        public ToolContext Context { get; } = context;

        public Task? Completion { get; set; }
    }
}

/// <summary>A task as the Tasks extension shows it: status, times, TTL, poll interval, and the outcome once it has one.</summary>
internal sealed record TaskRecord(string TaskId, string Status, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt, long TtlMs, long PollIntervalMs)
{
    public string? StatusMessage { get; init; }

    /// <summary>The tool's CallToolResult JSON (completed).</summary>
    public string? Result { get; init; }

    /// <summary>The JSON-RPC error object (failed).</summary>
    public string? Error { get; init; }

    public TaskRecord Ended(string status, DateTimeOffset at, string? message = null, string? result = null, string? error = null) =>
        this with { Status = status, LastUpdatedAt = at, StatusMessage = message, Result = result, Error = error };

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

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
