namespace PForge.Runtime.Tests.Support;

/// <summary>The one bound on every wait in these tests: generous for a loaded machine, short enough to fail fast on a hang.</summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
}
