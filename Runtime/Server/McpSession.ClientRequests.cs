using System.Globalization;
using System.Text;
using System.Text.Json;
using PForge.Runtime.Protocol;
using PForge.Runtime.Protocol.Messages;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Server;

/// <summary>Requests this server sends to the client (sampling, elicitation), and the client's responses to them.</summary>
public sealed partial class McpSession
{
    /// <summary>
    /// Sends request <paramref name="method"/> on <paramref name="sink"/> and returns the client's <c>result</c> JSON.
    /// Throws <see cref="ToolException"/> for an error answer, a timeout or the end of the session, and
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires; in those last cases the
    /// client is told with <c>notifications/cancelled</c>.
    /// </summary>
    internal async Task<byte[]> SendRequestAsync(string method, Action<Utf8JsonWriter> writeParams, MessageSink sink, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        long id;
        lock (_gate)
        {
            if (_ended)
            {
                throw new ToolException($"The session has ended; {method} cannot be sent");
            }

            id = ++_lastOutgoingId;
            _outgoing.Add(id, answer);
        }

        using (var scratch = JsonScratch.Rent())
        {
            var writer = scratch.Writer;
            writer.WriteStartObject();
            writer.WriteString("jsonrpc"u8, "2.0"u8);
            writer.WriteNumber("id"u8, id);
            writer.WriteString("method"u8, method);
            writer.WritePropertyName("params"u8);
            writer.WriteStartObject();
            writeParams(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
            sink.Send(scratch.WrittenSpan);
        }

        try
        {
            return await answer.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Abandon(id, sink, "timed out");
            throw new ToolException($"The client did not answer {method} within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");
        }
        catch (OperationCanceledException)
        {
            Abandon(id, sink, "the request that sent it was cancelled");
            throw;
        }
    }

    /// <summary>Forgets a request still waiting and tells the client it need not answer.</summary>
    private void Abandon(long id, MessageSink sink, string reason)
    {
        lock (_gate)
        {
            if (!_outgoing.Remove(id))
            {
                return;
            }
        }

        try
        {
            using var scratch = JsonScratch.Rent();
            var writer = scratch.Writer;
            JsonRpcWriter.WriteNotificationStart(writer, "notifications/cancelled"u8);
            writer.WriteNumber("requestId"u8, id);
            writer.WriteString("reason"u8, reason);
            writer.WriteEndObject();
            writer.WriteEndObject();
            sink.Send(scratch.WrittenSpan);
        }
        catch (Exception ex)
        {
            // The stream of the request may be gone already (an HTTP client that went away): nothing to tell then.
            _log.Debug($"could not send notifications/cancelled for request {id}: {ex.Message}");
        }
    }

    /// <summary>Completes the request of ours a response answers; a response to nothing of ours is dropped.</summary>
    private void HandleClientResponse(in JsonRpcEnvelope envelope)
    {
        TaskCompletionSource<byte[]>? waiting = null;
        long id = 0;
        var known = !envelope.Id.IsEmpty && envelope.Id[0] != (byte)'"' && long.TryParse(envelope.Id, NumberStyles.None, CultureInfo.InvariantCulture, out id);
        if (known)
        {
            lock (_gate)
            {
                if (_outgoing.Remove(id, out waiting))
                {
                    known = true;
                }
            }
        }

        if (waiting is null)
        {
            _log.Debug($"ignored a response to request {Encoding.UTF8.GetString(envelope.Id)}, which this session is not waiting for");
            return;
        }

        if (!envelope.Error.IsEmpty)
        {
            waiting.TrySetException(new ToolException("The client answered with an error: " + ErrorObject.Read(envelope.Error)));
        }
        else if (envelope.Result.IsEmpty || envelope.Result[0] != (byte)'{')
        {
            waiting.TrySetException(new ToolException("The client's answer has no result object"));
        }
        else
        {
            waiting.TrySetResult(envelope.Result.ToArray());
        }
    }
}
