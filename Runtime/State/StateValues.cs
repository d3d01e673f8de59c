using System.Globalization;

namespace PForge.Runtime.State;

/// <summary>How the stores read and write counters: the canonical decimal text of a 64-bit integer, as Redis does.</summary>
public static class StateValues
{
    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The integer <paramref name="text"/> holds, written canonically (no sign '+', no leading zeros, no spaces).</summary>
    public static bool TryParse(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && Format(value) == text;

    /// <summary><paramref name="text"/> plus <paramref name="by"/>; throws the store's error when it is no integer or the sum overflows.</summary>
    public static long Add(string key, string text, long by)
    {
        if (!TryParse(text, out var value))
        {
            throw NotAnInteger(key);
        }

        var sum = unchecked(value + by);

        // Overflow: both operands have one sign and the sum the other.
        if (((value ^ sum) & (by ^ sum)) < 0)
        {
            throw Overflow(key, by);
        }

        return sum;
    }

    public static StateStoreException NotAnInteger(string key) =>
        new($"State: the value of '{key}' is not an integer, so it cannot be incremented");

    public static StateStoreException Overflow(string key, long by) =>
        new($"State: adding {Format(by)} to '{key}' would overflow a 64-bit integer");
}
