using PForge.Tasks.Config;

namespace PForge.Tasks.Emit;

/// <summary>
/// The scopes of tools, prompts, resources and templates (each distinct set one static array of the server), and
/// <c>forge.http.auth</c> with the scopes the server supports.
/// </summary>
internal static class ScopeBuilder
{
    /// <summary>
    /// Gives each descriptor its scopes and the field of their array, and returns the arrays. A pipeline needs its own
    /// scopes and those of every tool its steps call (through other pipelines too), computed here at build time: the
    /// runtime checks one list per tool, and a step must not reach what its caller may not.
    /// </summary>
    public static List<ScopeSetDescriptor> Assign(PForgeConfig config, IReadOnlyList<ToolDescriptor> tools, IReadOnlyList<ResourceDescriptor> resources, IReadOnlyList<PromptDescriptor> prompts)
    {
        var byName = config.Tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var effective = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var sets = new List<ScopeSetDescriptor>();
        foreach (var tool in tools)
        {
            Set(tool.Scopes = Effective(tool.Name, []), field => tool.ScopesField = field);
        }

        foreach (var prompt in prompts)
        {
            Set(prompt.Scopes = config.Prompts[prompt.Index].Scopes, field => prompt.ScopesField = field);
        }

        foreach (var resource in resources)
        {
            Set(resource.Scopes = config.Resources[resource.Index].Scopes, field => resource.ScopesField = field);
        }

        return sets;

        void Set(IReadOnlyList<string> scopes, Action<string> field)
        {
            if (scopes.Count == 0)
            {
                return;
            }

            var found = sets.FirstOrDefault(s => s.Scopes.SequenceEqual(scopes, StringComparer.Ordinal));
            if (found is null)
            {
                found = new ScopeSetDescriptor { Field = $"s_scopes{sets.Count}", Scopes = [.. scopes] };
                sets.Add(found);
            }

            field(found.Field);
        }

        // Pipelines cannot reach themselves (PF0702), so the walk ends; 'seen' guards it all the same.
        List<string> Effective(string name, HashSet<string> seen)
        {
            if (effective.TryGetValue(name, out var known))
            {
                return known;
            }

            var scopes = new List<string>();
            if (byName.TryGetValue(name, out var tool) && seen.Add(name))
            {
                scopes.AddRange(tool.Scopes);
                foreach (var step in tool.Pipeline?.Steps ?? [])
                {
                    scopes.AddRange(Effective(step.Tool, seen).Where(s => !scopes.Contains(s, StringComparer.Ordinal)));
                }

                seen.Remove(name);
            }

            return effective[name] = scopes;
        }
    }

    /// <summary><c>forge.http.auth</c>, with ScopesSupported the sorted union of every scope named; null without it.</summary>
    public static AuthDescriptor? Auth(PForgeConfig config, IReadOnlyList<ToolDescriptor> tools, IReadOnlyList<ResourceDescriptor> resources, IReadOnlyList<PromptDescriptor> prompts)
    {
        if (config.Forge.Http?.Auth is not { } auth)
        {
            return null;
        }

        var supported = auth.Scopes
            .Concat(tools.SelectMany(t => t.Scopes))
            .Concat(resources.SelectMany(r => r.Scopes))
            .Concat(prompts.SelectMany(p => p.Scopes))
            .Concat(auth.ApiKeys.SelectMany(k => k.Scopes))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var oauth = auth.OAuth;
        return new AuthDescriptor
        {
            Scopes = auth.Scopes,
            ScopesSupported = supported,
            ApiKeys = auth.ApiKeys,
            HasOauth = oauth is not null,
            Issuers = oauth?.Issuers ?? [],
            Resource = oauth?.Resource,
            Algorithms = oauth?.Algorithms,
            ClockSkewSeconds = oauth?.ClockSkewSeconds,
            FetchTimeoutMs = oauth?.FetchTimeoutMs,
            KeysRefreshSeconds = oauth?.KeysRefreshSeconds,
            HasIntrospection = oauth?.Introspection is not null,
            IntrospectionEndpoint = oauth?.Introspection?.Endpoint,
            ClientIdVariable = oauth?.Introspection?.ClientIdVariable ?? string.Empty,
            ClientSecretVariable = oauth?.Introspection?.ClientSecretVariable ?? string.Empty,
        };
    }
}
