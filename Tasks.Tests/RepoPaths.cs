namespace PForge.Tasks.Tests;

/// <summary>Locates the repository the tests were built from.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string?> Root = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PForge.Sdk.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    });

    /// <summary>The folder holding <c>PForge.Sdk.sln</c>, found by walking up from the test output, or null when run outside the repo.</summary>
    public static string? TryFindRoot() => Root.Value;

    /// <summary>The repository root; fails the test when the tests run outside a clone.</summary>
    public static string FindRoot() =>
        TryFindRoot() ?? throw new AssertFailedException($"No PForge.Sdk.sln above '{AppContext.BaseDirectory}': run the tests from a clone of the repository.");
}
