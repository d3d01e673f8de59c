using System.Security.Claims;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Http.Auth;

/// <summary>Turns a token's claims into the <see cref="ToolUser"/> handlers see.</summary>
internal static class TokenClaims
{
    public static ToolUser ToUser(IEnumerable<Claim> claims)
    {
        var byName = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var claim in claims)
        {
            // An array claim arrives as one Claim per item, under the same type.
            if (byName.TryGetValue(claim.Type, out var values))
            {
                ((List<string>)values).Add(claim.Value);
            }
            else
            {
                byName[claim.Type] = new List<string> { claim.Value };
            }
        }

        return ToUser(byName);
    }

    public static ToolUser ToUser(Dictionary<string, IReadOnlyList<string>> claims)
    {
        // RFC 9068 and RFC 8693: "scope" is one space-separated string; some servers send "scp" as an array.
        List<string> scopes = [];
        foreach (var name in (ReadOnlySpan<string>)["scope", "scp"])
        {
            if (claims.TryGetValue(name, out var values))
            {
                foreach (var value in values)
                {
                    foreach (var scope in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (!scopes.Contains(scope))
                        {
                            scopes.Add(scope);
                        }
                    }
                }
            }
        }

        return new ToolUser("oauth", First(claims, "sub"), scopes, claims, First(claims, "client_id") ?? First(claims, "azp"));
    }

    private static string? First(Dictionary<string, IReadOnlyList<string>> claims, string name) =>
        claims.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}
