namespace PForge.Runtime.Generated;

/// <summary>For generated code: a handler's pending result, as the nullable result that the server's method returns.</summary>
public static class PendingResult
{
    /// <summary>The result, without an allocation when it completed synchronously.</summary>
    public static ValueTask<T?> OrNull<T>(ValueTask<T> pending)
        where T : class =>
        pending.IsCompletedSuccessfully ? new(pending.Result) : AwaitOrNull(pending);

    private static async ValueTask<T?> AwaitOrNull<T>(ValueTask<T> pending)
        where T : class =>
        await pending.ConfigureAwait(false);
}
