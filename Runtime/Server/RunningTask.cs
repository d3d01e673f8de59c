using System.Text;
using System.Text.Json;
using PForge.Runtime.Protocol;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Server;

/// <summary>
/// A task that runs on this instance: its context, its current record, and the questions its handler waits on. A
/// question makes the task <c>input_required</c> with the question under its key in <c>inputRequests</c>; an answer
/// (<c>tasks/update</c>, here or through the store from another instance) removes it and the task works on.
/// </summary>
internal sealed class RunningTask(ToolTasks tasks, McpServerDefinition definition, TaskRecord record)
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly Dictionary<string, Question> _questions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedKeys = new(StringComparer.Ordinal);
    private int _asked;
    private bool _ended;

    public string Id => record.TaskId;

    public TaskRecord Record
    {
        get
        {
            lock (_gate)
            {
                return record;
            }
        }
    }

    public ToolContext Context { get; set; } = null!;

    public Task? Completion { get; set; }

    /// <summary>The keys the handler waits on now.</summary>
    public string[] PendingKeys
    {
        get
        {
            lock (_gate)
            {
                return [.. _questions.Keys];
            }
        }
    }

    /// <summary>
    /// Asks the client <paramref name="method"/> through the task: stores the task as input required and waits for the
    /// answer (at most <paramref name="timeout"/>, or until the task is cancelled).
    /// </summary>
    public async Task<byte[]> AskAsync(string method, string? key, Action<Utf8JsonWriter> writeParams, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var question = new Question(method, Params(writeParams));
        lock (_gate)
        {
            key ??= ModernCall.KeyPrefix + _asked;
            _asked++;
            if (key.Length is 0 or > ModernCall.MaxKeyChars)
            {
                throw new ToolException($"An input key must have 1 to {ModernCall.MaxKeyChars} characters; the handler gave one of {key.Length}");
            }

            // The extension wants a key never used again in the life of a task.
            if (!_usedKeys.Add(key))
            {
                throw new ToolException($"The handler asked twice under the input key '{key}': each question of a task needs its own key");
            }

            if (_questions.Count == Protocol.Messages.RetryParams.MaxResponses)
            {
                throw new ToolException($"The handler asked more than {Protocol.Messages.RetryParams.MaxResponses} questions at once");
            }

            _questions[key] = question;
        }

        try
        {
            await PublishAsync().ConfigureAwait(false);
            return await question.Answer.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new ToolException($"The client did not answer {method} (input key '{key}') within {timeout.TotalSeconds:0.###} s");
        }
        finally
        {
            if (Forget(key))
            {
                await PublishAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Gives the answer to the question under <paramref name="key"/>, once its removal is stored (so that a tasks/get
    /// right after the update no longer shows it); false when no question waits under that key.
    /// </summary>
    public async ValueTask<bool> AnswerAsync(string key, byte[] result)
    {
        Question? question;
        lock (_gate)
        {
            if (!_questions.Remove(key, out question))
            {
                return false;
            }
        }

        await PublishAsync().ConfigureAwait(false);
        question.Answer.TrySetResult(result);
        return true;
    }

    /// <summary>Stores the task's outcome; no question state is stored after it (a write in flight goes first).</summary>
    public async Task EndAsync(TaskRecord outcome)
    {
        await _writing.WaitAsync().ConfigureAwait(false);
        try
        {
            lock (_gate)
            {
                _ended = true;
                record = outcome;
            }

            await definition.State.SetAsync(ToolTasks.KeyPrefix + Id, outcome.ToJson(), tasks.Remaining(outcome)).ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
    }

    private bool Forget(string key)
    {
        lock (_gate)
        {
            return _questions.Remove(key);
        }
    }

    /// <summary>Stores the record as the questions make it: input required with them, working without.</summary>
    private async Task PublishAsync()
    {
        await _writing.WaitAsync().ConfigureAwait(false);
        try
        {
            TaskRecord current;
            lock (_gate)
            {
                if (_ended)
                {
                    return;
                }

                var requests = _questions.Count == 0 ? null : InputRequests();
                record = record with
                {
                    Status = requests is null ? "working" : "input_required",
                    LastUpdatedAt = tasks.Time.GetUtcNow(),
                    InputRequests = requests,
                };
                current = record;
            }

            await definition.State.SetAsync(ToolTasks.KeyPrefix + Id, current.ToJson(), tasks.Remaining(current)).ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
    }

    // Called under the gate.
    private string InputRequests()
    {
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        writer.WriteStartObject();
        foreach (var (key, question) in _questions)
        {
            writer.WriteStartObject(key);
            writer.WriteString("method"u8, question.Method);
            writer.WritePropertyName("params"u8);
            writer.WriteRawValue(question.Params, skipInputValidation: true);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        return Encoding.UTF8.GetString(scratch.WrittenSpan);
    }

    private static byte[] Params(Action<Utf8JsonWriter> writeParams)
    {
        using var scratch = JsonScratch.Rent();
        scratch.Writer.WriteStartObject();
        writeParams(scratch.Writer);
        scratch.Writer.WriteEndObject();
        return scratch.WrittenSpan.ToArray();
    }

    private sealed class Question(string method, byte[] parameters)
    {
        public string Method { get; } = method;

        public byte[] Params { get; } = parameters;

        public TaskCompletionSource<byte[]> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
