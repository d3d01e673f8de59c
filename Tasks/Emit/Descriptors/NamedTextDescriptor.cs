namespace PForge.Tasks.Emit;

/// <summary>A name and a text template: an environment variable of a cli tool's process, an http query parameter or header.</summary>
public sealed class NamedTextDescriptor
{
    public required string Name { get; init; }

    public required TextTemplateDescriptor Value { get; init; }

    /// <summary>For the authentication header: <c>bearer</c> (the value is the token) or <c>basic</c> (the value is the password); else empty.</summary>
    public string Auth { get; init; } = string.Empty;

    /// <summary>For basic authentication: the user name.</summary>
    public TextTemplateDescriptor? Username { get; init; }
}
