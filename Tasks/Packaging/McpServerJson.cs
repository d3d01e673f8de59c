using System.Text.RegularExpressions;
using PForge.Tasks.Config;
using PForge.Tasks.Emit;

namespace PForge.Tasks.Packaging;

/// <summary>What a server's package says about itself in the MCP registry, besides pforge.yaml's <c>forge</c>.</summary>
public sealed record McpPackageInfo(string PackageId, string PackageVersion, string? ServerName, string? Description, string? RepositoryUrl);

/// <summary>
/// The <c>.mcp/server.json</c> of a server's NuGet package (MCP registry metadata, schema 2025-12-11): name, title,
/// description and transport from pforge.yaml, the package identity from the project.
/// </summary>
public static partial class McpServerJson
{
    public const string SchemaUrl = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json";

    /// <summary>The registry name (<c>forge.name</c> under the package id unless given), and the JSON text.</summary>
    public static (string Name, string Json) Build(ForgeInfo forge, McpPackageInfo package)
    {
        ArgumentNullException.ThrowIfNull(forge);
        ArgumentNullException.ThrowIfNull(package);
        var name = string.IsNullOrWhiteSpace(package.ServerName) ? $"{package.PackageId}/{forge.Name}" : package.ServerName;
        var description = forge.Description ?? package.Description ?? forge.Title ?? forge.Name;
        var json = JsonText.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("$schema", SchemaUrl);
            writer.WriteString("name", name);
            if (forge.Title is not null)
            {
                writer.WriteString("title", forge.Title);
            }

            writer.WriteString("description", description);
            writer.WriteString("version", package.PackageVersion);
            if (GitHubRepository(package.RepositoryUrl) is { } repository)
            {
                writer.WriteStartObject("repository");
                writer.WriteString("url", repository);
                writer.WriteString("source", "github");
                writer.WriteEndObject();
            }

            writer.WriteStartArray("packages");
            writer.WriteStartObject();
            writer.WriteString("registryType", "nuget");
            writer.WriteString("identifier", package.PackageId);
            writer.WriteString("version", package.PackageVersion);
            writer.WriteString("runtimeHint", "dnx");
            writer.WriteStartObject("transport");
            if (forge.Transport == "http")
            {
                writer.WriteString("type", "streamable-http");
                writer.WriteString("url", HttpUrl(forge.Http));
            }
            else
            {
                writer.WriteString("type", "stdio");
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }, indented: true);
        return (name, json + "\n");
    }

    /// <summary>A name the registry accepts: a namespace (letters, digits, '.', '-'), '/', a name (also '_').</summary>
    public static bool IsRegistryName(string name) => RegistryName().IsMatch(name);

    // The defaults of PForge.Runtime's HttpSettings: where the server listens when forge.http does not say.
    private static string HttpUrl(HttpSettingsConfig? http)
    {
        var host = http?.Host is null or "0.0.0.0" or "::" or "[::]" ? "127.0.0.1" : http.Host;
        return $"http://{host}:{http?.Port ?? 8080}{http?.Path ?? "/mcp"}";
    }

    // The registry knows GitHub repositories by their page, not their clone URL.
    private static string? GitHubRepository(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "https" || uri.Host != "github.com")
        {
            return null;
        }

        var page = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return page.EndsWith(".git", StringComparison.Ordinal) ? page[..^4] : page;
    }

    [GeneratedRegex("^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$")]
    private static partial Regex RegistryName();
}
