namespace PForge.Runtime.Tools;

/// <summary>
/// The authenticated caller of a request served over HTTP with <c>forge.http.auth</c>: who it is, the scopes its
/// credentials grant, and their claims. Null on stdio and on a server without auth.
/// </summary>
public sealed class ToolUser
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoClaims = new Dictionary<string, IReadOnlyList<string>>();

    public ToolUser(string scheme, string? subject, IReadOnlyList<string> scopes, IReadOnlyDictionary<string, IReadOnlyList<string>>? claims = null, string? clientId = null)
    {
        Scheme = scheme ?? throw new ArgumentNullException(nameof(scheme));
        Subject = subject;
        Scopes = scopes ?? throw new ArgumentNullException(nameof(scopes));
        Claims = claims ?? NoClaims;
        ClientId = clientId;
    }

    /// <summary>How the caller proved who it is: <c>oauth</c> (a bearer token) or <c>api_key</c>.</summary>
    public string Scheme { get; }

    /// <summary>The token's <c>sub</c>, or the API key's name.</summary>
    public string? Subject { get; }

    /// <summary>The OAuth client the token was issued to (<c>client_id</c>, <c>azp</c>), when it says.</summary>
    public string? ClientId { get; }

    /// <summary>The scopes granted (the token's <c>scope</c> claim, or the API key's scopes).</summary>
    public IReadOnlyList<string> Scopes { get; }

    /// <summary>Every claim of the token by name; a string, number or boolean as its text, an array as its items, an object as its JSON.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Claims { get; }

    public bool HasScope(string scope)
    {
        foreach (var granted in Scopes)
        {
            if (string.Equals(granted, scope, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first of <paramref name="required"/> the caller lacks, or null when it has them all.</summary>
    public string? FirstMissingScope(IReadOnlyList<string> required)
    {
        foreach (var scope in required)
        {
            if (!HasScope(scope))
            {
                return scope;
            }
        }

        return null;
    }

    /// <summary>The (first) value of claim <paramref name="name"/>, or null when the token has none.</summary>
    public string? FindClaim(string name) =>
        Claims.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}
