using PForge.Runtime.Telemetry;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Server;

/// <summary>Measures tool calls for the <c>PForge</c> meter and activity source, and the debug log.</summary>
public sealed partial class McpSession
{
    private CallObservation StartObservation(int tool, ReadOnlySpan<char> toolName)
    {
        var name = _definition.ToolName(tool) ?? toolName.ToString();
        return new CallObservation(name, System.Diagnostics.Stopwatch.GetTimestamp(), PForgeTelemetry.StartCall(name));
    }

    private async ValueTask<ToolResult> ObserveAsync(ValueTask<ToolResult> pending, CallObservation observation)
    {
        var result = await ToolResult.FromPending(pending).ConfigureAwait(false);
        observation.End(result.IsError, _log);
        return result;
    }

    /// <summary>A call being timed: its tool's name, when it started, and its activity when one is listened to.</summary>
    private sealed class CallObservation(string tool, long started, System.Diagnostics.Activity? activity)
    {
        public void End(bool isError, ServerLog log)
        {
            if (log.IsEnabled(ServerLogLevel.Debug))
            {
                var milliseconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                log.Debug($"call tool={tool} outcome={(isError ? "error" : "ok")} duration_ms={milliseconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}");
            }

            PForgeTelemetry.RecordCall(tool, isError, started, activity);
        }
    }
}
