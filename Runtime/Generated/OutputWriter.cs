using System.Globalization;
using System.Text.Json;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Generated;

/// <summary>Checks generated output writers call, so a handler's bad output becomes a clear error result.</summary>
public static class OutputWriter
{
    public static double Finite(double value, string field) =>
        double.IsFinite(value)
            ? value
            : throw new ToolException(string.Create(CultureInfo.InvariantCulture, $"Output field '{field}' is not a finite number ({value})"));

    /// <summary>
    /// Writes a finite number: one with no fraction below 10^15 as an integer, the digits the writer's shortest form
    /// gives it too, without the cost of finding that form (perf gate); -0 and every other number as the writer writes them.
    /// </summary>
    public static void WriteNumber(Utf8JsonWriter writer, double value, string field)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var finite = Finite(value, field);
        var integral = Math.Abs(finite) < 1e15 && finite == Math.Truncate(finite) && !(finite == 0 && double.IsNegative(finite));
        if (integral)
        {
            writer.WriteNumberValue((long)finite);
        }
        else
        {
            writer.WriteNumberValue(finite);
        }
    }

    public static T Required<T>(T? value, string field)
        where T : class =>
        value ?? throw new ToolException($"Output field '{field}' is required but the handler returned null");
}
