namespace PForge.Runtime.Resources;

/// <summary>What a URI names among the declared resources and templates.</summary>
public enum ResourceMatch
{
    /// <summary>No resource or template matches: reading it is -32002.</summary>
    None,

    /// <summary>A resource that can be read but not subscribed to.</summary>
    Readable,

    /// <summary>A resource that can be read and subscribed to.</summary>
    Subscribable,
}
