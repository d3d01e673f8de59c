using PForge.Runtime.Tools;

namespace PForge.Runtime.Http.Auth;

/// <summary>
/// What authentication made of a request: the caller, or the refusal to answer (401 with an RFC 6750 error code, 403
/// for a missing scope, 503 when the authorization server cannot be asked).
/// </summary>
internal readonly record struct AuthOutcome(ToolUser? User, int Status, string? Error, string Description, IReadOnlyList<string>? Scopes = null)
{
    public bool Succeeded => User is not null;

    public static AuthOutcome Allowed(ToolUser user) => new(user, 200, null, string.Empty);

    /// <summary>No credentials at all: RFC 6750 §3.1 sends no error code then.</summary>
    public static AuthOutcome Missing(string description) => new(null, 401, null, description);

    public static AuthOutcome InvalidToken(string description) => new(null, 401, "invalid_token", description);

    public static AuthOutcome InvalidRequest(string description) => new(null, 400, "invalid_request", description);

    public static AuthOutcome InsufficientScope(string description, IReadOnlyList<string> scopes) => new(null, 403, "insufficient_scope", description, scopes);

    public static AuthOutcome Unavailable(string description) => new(null, 503, null, description);
}
