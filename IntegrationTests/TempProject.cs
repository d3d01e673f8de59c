namespace PForge.IntegrationTests;

/// <summary>A throwaway PForge project outside the repo that imports the working-tree SDK, as a user's project would.</summary>
internal sealed class TempProject : IDisposable
{
    public TempProject(string name, string yaml)
    {
        Name = name;
        Directory = Path.Combine(Path.GetTempPath(), "pforge-it", $"{name}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        var sdk = Path.Combine(DotNet.RepoRoot, "Sdk", "Sdk");
        File.WriteAllText(ProjectFile, $"""
            <Project>
              <Import Project="{sdk}/Sdk.props" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <Import Project="{sdk}/Sdk.targets" />
            </Project>
            """);
        WriteYaml(yaml);
    }

    public string Name { get; }

    public string Directory { get; }

    public string ProjectFile => Path.Combine(Directory, Name + ".csproj");

    public string YamlFile => Path.Combine(Directory, "pforge.yaml");

    public string GeneratedDirectory => Path.Combine(Directory, "obj", "Debug", "net10.0", "pforge");

    public string OutputAssembly => Path.Combine(Directory, "bin", "Debug", "net10.0", Name + ".dll");

    public void WriteYaml(string yaml) => File.WriteAllText(YamlFile, yaml);

    public void WriteFile(string relativePath, string content)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public Task<string> BuildAsync() => DotNet.BuildAsync(ProjectFile);

    public Task<(int ExitCode, string Output)> TryBuildAsync() =>
        DotNet.RunAsync(Directory, TimeSpan.FromMinutes(5), "build", ProjectFile, "-nologo");

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
