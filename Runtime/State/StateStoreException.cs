namespace PForge.Runtime.State;

/// <summary>A state operation failed (a value that is not an integer, a store that cannot be reached); the client sees the message.</summary>
public sealed class StateStoreException : Exception
{
    public StateStoreException(string message)
        : base(message)
    {
    }

    public StateStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StateStoreException()
    {
    }
}
