using System.Text.Json;
using PForge.Runtime.Client;
using PForge.Runtime.Protocol;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Server;

/// <summary>
/// What one request of revision 2026-07-28 asks for its call in its <c>_meta</c> (the lowest log level it wants as
/// <c>notifications/message</c>, none without one; the client capabilities it declares), and its rounds of input: the
/// answers the client gave so far, replayed to the handler in order, and the question the handler asks next.
/// </summary>
internal sealed class ModernCall(LogLevel? logLevel, bool canSample, bool canElicit, bool canRunTasks = false)
{
    /// <summary>The key prefix of the server's input requests: the number after it is the question's place in the call.</summary>
    public const string KeyPrefix = "input-";

    private int _asked;
    private InputQuestion? _pending;

    /// <summary>A request asking for nothing: no logs, no requests to the client.</summary>
    public static ModernCall Common { get; } = new(null, canSample: false, canElicit: false);

    public LogLevel? LogLevel { get; } = logLevel;

    public bool CanSample { get; } = canSample;

    public bool CanElicit { get; } = canElicit;

    /// <summary>True when the request declares the Tasks extension: a tool declared <c>task: true</c> then runs as a task.</summary>
    public bool CanRunTasks { get; } = canRunTasks;

    public bool IsCommon => LogLevel is null && !CanSample && !CanElicit && !CanRunTasks && Method is null;

    /// <summary>The request's method and what it names (tool, prompt or URI), to which its request state is bound.</summary>
    public string? Method { get; private set; }

    public string Name { get; private set; } = string.Empty;

    /// <summary>The answers of the rounds so far, oldest first.</summary>
    public List<InputAnswer> Answers { get; private set; } = [];

    /// <summary>The question the handler asked that no answer covers yet: the call ends with an input required result.</summary>
    public InputQuestion? Pending => Volatile.Read(ref _pending);

    /// <summary>Makes the call one that may ask the client: <paramref name="answers"/> are given back in order.</summary>
    public void AllowInput(string method, string name, List<InputAnswer> answers)
    {
        Method = method;
        Name = name;
        Answers = answers;
    }

    /// <summary>
    /// The client's answer to the handler's next question when an earlier round gave it; otherwise records the question
    /// and throws <see cref="InputRequiredException"/>, which ends the handler's run (it runs again on the retry).
    /// </summary>
    public byte[] Ask(string method, Action<Utf8JsonWriter> writeParams)
    {
        var place = Interlocked.Increment(ref _asked) - 1;
        if (place < Answers.Count)
        {
            var answer = Answers[place];
            return answer.Method == method
                ? answer.Result
                : throw new ToolException($"The handler asked {method} where an earlier round asked {answer.Method}: it must ask the same questions in the same order");
        }

        if (Method is null)
        {
            throw new ToolException($"{method} cannot be sent: this request cannot take an input required result");
        }

        using (var scratch = JsonScratch.Rent())
        {
            var writer = scratch.Writer;
            writer.WriteStartObject();
            writeParams(writer);
            writer.WriteEndObject();

            // The first unanswered question wins: a handler asking several at once gets them one round each.
            Interlocked.CompareExchange(ref _pending, new InputQuestion(KeyPrefix + place, method, scratch.WrittenSpan.ToArray()), null);
        }

        throw new InputRequiredException(method);
    }
}

/// <summary>A question for the client: the key of its input request, the method and its params object.</summary>
internal sealed record InputQuestion(string Key, string Method, byte[] Params);

/// <summary>Ends a handler's run that asked the client something (revision 2026-07-28): the call answers "input required".</summary>
internal sealed class InputRequiredException(string method)
    : OperationCanceledException($"The call waits for the client's answer to {method}; it runs again when the client retries with it");
