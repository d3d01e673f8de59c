using System.Text.Json;
using PForge.Runtime.Client;
using PForge.Runtime.Protocol;
using PForge.Runtime.Protocol.Messages;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Server;

/// <summary>
/// What one request of revision 2026-07-28 asks for its call in its <c>_meta</c> (the lowest log level it wants as
/// <c>notifications/message</c>, none without one; the client capabilities it declares), and its rounds of input: the
/// answers the client gave so far, replayed to the handler by the place of their question, and the questions the
/// handler asks that no answer covers yet.
/// </summary>
internal sealed class ModernCall(LogLevel? logLevel, ClientFeatures declared)
{
    /// <summary>The key prefix of an input request the handler did not name: the number after it is the question's place.</summary>
    public const string KeyPrefix = "input-";

    /// <summary>The longest input key a handler may give.</summary>
    public const int MaxKeyChars = 64;

    private readonly Lock _gate = new();
    private int _asked;
    private List<InputQuestion>? _pending;

    // Set when the handler asked wrongly (a key twice, too many questions): its error result goes out, not its questions.
    private bool _misasked;

    /// <summary>A request asking for nothing: no logs, no requests to the client.</summary>
    public static ModernCall Common { get; } = new(null, ClientFeatures.None);

    public LogLevel? LogLevel { get; } = logLevel;

    public bool CanSample => declared.HasFlag(ClientFeatures.Sampling);

    public bool CanElicit => declared.HasFlag(ClientFeatures.Elicitation);

    public bool CanListRoots => declared.HasFlag(ClientFeatures.Roots);

    /// <summary>True when the request declares the Tasks extension: a tool declared <c>task: true</c> then runs as a task.</summary>
    public bool CanRunTasks => declared.HasFlag(ClientFeatures.Tasks);

    public bool IsCommon => LogLevel is null && declared == ClientFeatures.None && Method is null;

    /// <summary>What the request declares it can be asked.</summary>
    public ClientFeatures Declared => declared;

    /// <summary>The tool and arguments a handler may hand over to a task (<c>task_start: handler</c>), or null.</summary>
    public (int Tool, byte[] Arguments)? TaskTool { get; private set; }

    // Set when the handler called ContinueAsTask, until the session takes the hand-off.
    private bool _handedOff;

    /// <summary>Lets the handler of <paramref name="tool"/> continue as a task.</summary>
    public void AllowTask(int tool, byte[] arguments) => TaskTool = (tool, arguments);

    /// <summary>Marks the call handed over to a task, when it may be; false when it may not.</summary>
    public bool HandOff()
    {
        if (TaskTool is null)
        {
            return false;
        }

        _handedOff = true;
        return true;
    }

    /// <summary>The tool to run as a task once, when the handler handed over to one; null otherwise.</summary>
    public (int Tool, byte[] Arguments)? TakeHandOff()
    {
        if (!_handedOff)
        {
            return null;
        }

        _handedOff = false;
        return TaskTool;
    }

    /// <summary>The request's method and what it names (tool, prompt or URI), to which its request state is bound.</summary>
    public string? Method { get; private set; }

    public string Name { get; private set; } = string.Empty;

    /// <summary>The answers of the rounds so far, by the place of their question in the handler's run.</summary>
    public Dictionary<int, InputAnswer> Answers { get; private set; } = [];

    /// <summary>The questions the handler asked that no answer covers yet, in the order asked; null when there are none.</summary>
    public List<InputQuestion>? Pending
    {
        get
        {
            lock (_gate)
            {
                return _pending is null || _misasked ? null : [.. _pending];
            }
        }
    }

    /// <summary>Makes the call one that may ask the client: <paramref name="answers"/> are given back by place.</summary>
    public void AllowInput(string method, string name, Dictionary<int, InputAnswer> answers)
    {
        Method = method;
        Name = name;
        Answers = answers;
    }

    /// <summary>
    /// The client's answer to the handler's next question when an earlier round gave it; otherwise records the question
    /// under <paramref name="key"/> (or <see cref="KeyPrefix"/> and its place) and throws <see cref="InputRequiredException"/>,
    /// which ends the handler's run (it runs again on the retry). Questions asked before the handler awaits any of them
    /// go out together in one input required result.
    /// </summary>
    public byte[] Ask(string method, string? key, Action<Utf8JsonWriter> writeParams)
    {
        var place = Interlocked.Increment(ref _asked) - 1;
        if (Answers.TryGetValue(place, out var answer))
        {
            return answer.Method == method
                ? answer.Result
                : throw new ToolException($"The handler asked {method} where an earlier round asked {answer.Method}: it must ask the same questions in the same order");
        }

        if (Method is null)
        {
            throw new ToolException($"{method} cannot be sent: this request cannot take an input required result");
        }

        key ??= KeyPrefix + place;
        if (key.Length is 0 or > MaxKeyChars)
        {
            lock (_gate)
            {
                _misasked = true;
            }

            throw new ToolException($"An input key must have 1 to {MaxKeyChars} characters; the handler gave one of {key.Length}");
        }

        byte[] parameters;
        using (var scratch = JsonScratch.Rent())
        {
            var writer = scratch.Writer;
            writer.WriteStartObject();
            writeParams(writer);
            writer.WriteEndObject();
            parameters = scratch.WrittenSpan.ToArray();
        }

        lock (_gate)
        {
            _pending ??= [];
            if (_pending.Exists(question => question.Key == key))
            {
                _misasked = true;
                throw new ToolException($"The handler asked twice under the input key '{key}' in one round: each question needs its own key");
            }

            if (_pending.Count == RetryParams.MaxResponses)
            {
                _misasked = true;
                throw new ToolException($"The handler asked more than {RetryParams.MaxResponses} questions in one round");
            }

            _pending.Add(new InputQuestion(place, key, method, parameters));
        }

        throw new InputRequiredException(method);
    }
}

/// <summary>A question for the client: its place in the handler's run, the key of its input request, the method and its params.</summary>
internal sealed record InputQuestion(int Place, string Key, string Method, byte[] Params);

/// <summary>Ends a handler's run that continues as a task (<see cref="ToolContext.ContinueAsTask"/>): the call answers with the task handle.</summary>
internal sealed class TaskHandoffException()
    : OperationCanceledException("The call continues as a task; the handler runs again there");

/// <summary>Ends a handler's run that asked the client something (revision 2026-07-28): the call answers "input required".</summary>
internal sealed class InputRequiredException(string method)
    : OperationCanceledException($"The call waits for the client's answer to {method}; it runs again when the client retries with it");
