using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace PForge.Mibc;

/// <summary>An IL module the trained process loaded, opened to read its methods' names and signatures.</summary>
internal sealed class SourceModule : IDisposable
{
    private readonly PEReader _pe;

    public SourceModule(string path)
    {
        Path = path;
        _pe = new PEReader(File.OpenRead(path));
        Reader = _pe.GetMetadataReader();
        AssemblyIdentity = Reader.GetAssemblyDefinition().GetAssemblyName();
        AssemblyName = AssemblyIdentity.Name ?? System.IO.Path.GetFileNameWithoutExtension(path);
    }

    public string Path { get; }

    public MetadataReader Reader { get; }

    public AssemblyName AssemblyIdentity { get; }

    public string AssemblyName { get; }

    public void Dispose() => _pe.Dispose();
}
