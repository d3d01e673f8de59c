using System.Diagnostics.CodeAnalysis;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Generated;

/// <summary>
/// Parameters bound to the caller's identity (<c>claim:</c> in pforge.yaml): filled from a claim of the caller's
/// token, never from the client, and absent from the tool's inputSchema.
/// </summary>
public static class ClaimArgument
{
    /// <summary>Reads claim <paramref name="claim"/> of the call's caller into parameter <paramref name="parameter"/>.</summary>
    public static bool TryRead(ToolContext context, string claim, string parameter, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.User is not { } user)
        {
            value = null;
            error = $"Parameter '{parameter}' comes from the caller's identity (claim '{claim}'), and this call has no authenticated caller: serve over HTTP with forge.http.auth";
            return false;
        }

        value = claim == "sub" ? user.Subject : user.FindClaim(claim);
        if (value is null)
        {
            error = $"Parameter '{parameter}' comes from claim '{claim}', which the caller's credentials do not carry";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>The error of a call whose arguments set a parameter that only the caller's identity may fill.</summary>
    public static string SentByClient(string parameter, string claim) =>
        $"Parameter '{parameter}' is set from the caller's identity (claim '{claim}'); a client may not send it";
}
