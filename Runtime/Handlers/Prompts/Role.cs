namespace PForge.Runtime.Prompts;

/// <summary>Who says a message in a prompt or a sampling request.</summary>
public enum Role
{
    User,
    Assistant,
}
