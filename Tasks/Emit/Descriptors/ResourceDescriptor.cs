namespace PForge.Tasks.Emit;

/// <summary>One resource: a static URI or a template, and where its contents come from.</summary>
public sealed class ResourceDescriptor
{
    public required int Index { get; init; }

    public required bool IsUriTemplate { get; init; }

    /// <summary>The URI (static) or the URI template.</summary>
    public required string Uri { get; init; }

    /// <summary>True when clients may subscribe to it (<c>subscribe: true</c>).</summary>
    public required bool Subscribable { get; init; }

    /// <summary><c>text</c> or <c>blob</c> (contents compiled in), or <c>handler</c>.</summary>
    public required string Source { get; init; }

    /// <summary>For contents compiled in: the text, or the base64 of the blob; and the static field of the result.</summary>
    public string? Content { get; init; }

    public string StaticField { get; init; } = string.Empty;

    public string? MimeType { get; init; }

    public HandlerDescriptor? Handler { get; init; }

    /// <summary>For templates: the generated regex method and its pattern.</summary>
    public string RegexMethod { get; init; } = string.Empty;

    public string Regex { get; init; } = string.Empty;

    /// <summary>For templates: the request's variable properties, in template order (group i + 1).</summary>
    public IReadOnlyList<RequestPropertyDescriptor> Variables { get; init; } = [];

    /// <summary>Its place in <c>resources/list</c> (static) or <c>resources/templates/list</c> (template): what ResourceScopes and ResourceTemplateScopes take.</summary>
    public int Place { get; init; }

    /// <summary>The scopes a caller needs for it, and the static array of the server holding them; empty when it needs none.</summary>
    public IReadOnlyList<string> Scopes { get; set; } = [];

    public string ScopesField { get; set; } = string.Empty;
}
