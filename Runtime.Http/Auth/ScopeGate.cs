using PForge.Runtime.Protocol;
using PForge.Runtime.Protocol.Messages;
using PForge.Runtime.Server;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Http.Auth;

/// <summary>
/// The scopes of the one tool, prompt or resource a request names (<c>scopes:</c> in pforge.yaml), checked before
/// the request reaches the session, so that a refusal is the HTTP 403 <c>insufficient_scope</c> the specification names.
/// </summary>
internal static class ScopeGate
{
    /// <summary>Null when <paramref name="user"/> may make the request; otherwise the refusal naming every scope it needs.</summary>
    public static AuthOutcome? Check(McpServerDefinition definition, ToolUser user, ReadOnlySpan<byte> method, ReadOnlySpan<byte> parameters, IReadOnlyList<string> serverScopes)
    {
        if (!definition.HasScopedItems)
        {
            return null;
        }

        string what;
        IReadOnlyList<string> scopes;
        if (method.SequenceEqual(McpMethods.ToolsCall))
        {
            var name = StringMember.Read(parameters, "name"u8);
            var tool = name is null ? -1 : definition.FindTool(name);
            if (tool < 0)
            {
                return null;
            }

            (what, scopes) = ($"tool '{name}'", definition.ToolScopes(tool));
        }
        else if (method.SequenceEqual(McpMethods.PromptsGet))
        {
            var name = StringMember.Read(parameters, "name"u8);
            var prompt = name is null ? -1 : definition.FindPrompt(name);
            if (prompt < 0)
            {
                return null;
            }

            (what, scopes) = ($"prompt '{name}'", definition.PromptScopes(prompt));
        }
        else if (method.SequenceEqual(McpMethods.ResourcesRead) || method.SequenceEqual(McpMethods.ResourcesSubscribe))
        {
            if (StringMember.Read(parameters, "uri"u8) is not { } uri)
            {
                return null;
            }

            (what, scopes) = ($"resource '{uri}'", definition.ResourceScopesOf(uri));
        }
        else
        {
            return null;
        }

        if (user.FirstMissingScope(scopes) is not { } missing)
        {
            return null;
        }

        // RFC 6750 §3.1: the scope parameter lists what the request needs, so the client can ask for all of it at once.
        return AuthOutcome.InsufficientScope($"{what} needs scope '{missing}'", [.. serverScopes.Concat(scopes).Distinct(StringComparer.Ordinal)]);
    }
}
