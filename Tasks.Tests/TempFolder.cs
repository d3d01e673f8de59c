namespace PForge.Tasks.Tests;

/// <summary>A folder of the test's own, deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("pforge-tasks-tests-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
