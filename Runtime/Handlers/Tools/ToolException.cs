namespace PForge.Runtime.Tools;

/// <summary>Thrown by a handler to end a call with an <c>isError: true</c> result carrying this message.</summary>
public sealed class ToolException : Exception
{
    public ToolException(string message)
        : base(message)
    {
    }

    public ToolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ToolException()
    {
    }
}
