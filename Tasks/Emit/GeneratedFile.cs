namespace PForge.Tasks.Emit;

/// <summary>One generated file: a path relative to its output folder and its text.</summary>
public sealed record GeneratedFile(string RelativePath, string Content);
