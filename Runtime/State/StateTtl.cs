namespace PForge.Runtime.State;

/// <summary>Expiry rules shared by the stores: a TTL is positive, and an expiry is Unix milliseconds (never: <see cref="long.MaxValue"/>).</summary>
public static class StateTtl
{
    /// <summary>Throws when <paramref name="ttl"/> is given but not positive.</summary>
    public static void Check(TimeSpan? ttl)
    {
        if (ttl is { } value && value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), value, "A time to live must be positive.");
        }
    }

    /// <summary>When a key written at <paramref name="now"/> expires: at least 1 ms later, or never without a TTL.</summary>
    public static long ExpiresAt(long now, TimeSpan? ttl) =>
        ttl is { } value ? now + Milliseconds(value) : long.MaxValue;

    /// <summary>The TTL in whole milliseconds, rounded up (a TTL under 1 ms still expires later, not at once).</summary>
    public static long Milliseconds(TimeSpan ttl) => Math.Max(1, (long)Math.Ceiling(ttl.TotalMilliseconds));
}
