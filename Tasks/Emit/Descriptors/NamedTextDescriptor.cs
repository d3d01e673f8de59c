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

    /// <summary>
    /// An http query parameter or header left out when the optional parameter it is made of is absent: the members
    /// followed from <c>input</c> to it; empty when it is always sent.
    /// </summary>
    public IReadOnlyList<MemberStepDescriptor> OmittedWhenNull { get; init; } = [];

    /// <summary>A query parameter of an array of scalars, sent once per item (OpenAPI's form style, exploded); else null.</summary>
    public CliArgumentDescriptor? Spread { get; init; }
}
