using System.Globalization;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Generated;

/// <summary>Checks generated output writers call, so a handler's bad output becomes a clear error result.</summary>
public static class OutputWriter
{
    public static double Finite(double value, string field) =>
        double.IsFinite(value)
            ? value
            : throw new ToolException(string.Create(CultureInfo.InvariantCulture, $"Output field '{field}' is not a finite number ({value})"));

    public static T Required<T>(T? value, string field)
        where T : class =>
        value ?? throw new ToolException($"Output field '{field}' is required but the handler returned null");
}
